// Offline cold start: from navigation to the balance on screen, with no connection,
// served by the service worker and read from IndexedDB. Run by `cargo xtask bench`,
// which starts the server and sets SETTLE_URL, SETTLE_SERVER_LOG and CHROMIUM.
import { chromium } from '@playwright/test';
import { writeFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_OPTIONS, signIn, summary } from './support.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 20);
const email = 'alex@example.com';
const base = process.env.SETTLE_URL;

// A browser profile on disk, so each run starts a fresh browser with the customer's
// IndexedDB and the service worker as a phone would have them after closing the app.
const profile = await mkdtemp(join(tmpdir(), 'settle-bench-'));
const launch = () =>
  chromium.launchPersistentContext(profile, {
    ...CHROMIUM_OPTIONS,
    viewport: { width: 360, height: 800 },
    locale: 'en-GB',
  });
// Notes the moment the balance first shows, measured from the navigation's start.
const watchBalance = () => {
  new MutationObserver((_, observer) => {
    const balance = document.querySelector('[data-testid="balance"]');
    if (balance && balance.textContent) {
      window.balanceVisibleAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
};

let context = await launch();
let page = context.pages()[0] || (await context.newPage());
await signIn(page, base, email);
await page.reload();
await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
await context.close();

const cold = [];
for (let run = 0; run < RUNS; run++) {
  context = await launch();
  await context.setOffline(true);
  await context.addInitScript(watchBalance);
  page = context.pages()[0] || (await context.newPage());
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.balanceVisibleAt !== undefined);
  cold.push(await page.evaluate(() => window.balanceVisibleAt));
  if (run < RUNS - 1) await context.close();
}
// Then reloads in the running browser, as when the customer reopens the tab.
const warm = [];
for (let run = 0; run < RUNS; run++) {
  await page.reload();
  await page.waitForFunction(() => window.balanceVisibleAt !== undefined);
  warm.push(await page.evaluate(() => window.balanceVisibleAt));
}
await context.close();
await rm(profile, { recursive: true, force: true });

const results = [
  summary('offline cold start to balance visible, fresh browser', cold),
  summary('offline reload to balance visible, running browser', warm),
];
await mkdir(new URL('../../artifacts/', import.meta.url), { recursive: true });
await writeFile(new URL('../../artifacts/bench-offline-start.json', import.meta.url), JSON.stringify(results, null, 2));
