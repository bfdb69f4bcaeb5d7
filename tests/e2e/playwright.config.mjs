// End-to-end tests: real Chromium against the real server serving the release build.
// `cargo xtask test` starts the server and a mail relay, and sets SETTLE_URL and
// SETTLE_MAILDIR (where the sign-in mails arrive).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  outputDir: '../../artifacts/test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: '../../artifacts/e2e-report.json' }]],
  use: {
    baseURL: process.env.SETTLE_URL,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    viewport: { width: 360, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
