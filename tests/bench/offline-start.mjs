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
// `locale` is the browser's language, which the app follows: in Spanish its first screen
// waits for the Spanish texts, a module of their own.
const profile = await mkdtemp(join(tmpdir(), 'settle-bench-'));
const launch = (locale) =>
  chromium.launchPersistentContext(profile, {
    ...CHROMIUM_OPTIONS,
    viewport: { width: 360, height: 800 },
    locale,
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

let context = await launch('en-GB');
let page = context.pages()[0] || (await context.newPage());
await signIn(page, base, email);
await page.reload();
await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
await context.close();

/** Starts the app offline in a fresh browser; leaves that browser open. */
async function startOffline(locale) {
  context = await launch(locale);
  await context.setOffline(true);
  await context.addInitScript(watchBalance);
  page = context.pages()[0] || (await context.newPage());
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.balanceVisibleAt !== undefined);
  return page.evaluate(() => window.balanceVisibleAt);
}

/** RUNS cold starts in `locale`, each in a fresh browser. */
async function coldStarts(locale) {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    times.push(await startOffline(locale));
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== locale.slice(0, 2)) throw new Error(`started in ${lang}, not in ${locale}`);
    await context.close();
  }
  return times;
}
const cold = await coldStarts('en-GB');
const coldSpanish = await coldStarts('es-ES');
// Then reloads in a running browser, as when the customer reopens the tab.
await startOffline('en-GB');
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
  summary('offline cold start to balance visible, fresh browser, in Spanish', coldSpanish),
  summary('offline reload to balance visible, running browser', warm),
];
await mkdir(new URL('../../artifacts/', import.meta.url), { recursive: true });
await writeFile(new URL('../../artifacts/bench-offline-start.json', import.meta.url), JSON.stringify(results, null, 2));
