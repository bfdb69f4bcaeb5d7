// The invoice list at 10,000 invoices: from the tap on "Invoices" to the list on screen,
// and from a keystroke in the search box to the narrowed list on screen. Run by
// `cargo xtask bench`, which starts the server and sets SETTLE_URL, SETTLE_SERVER_LOG and
// CHROMIUM.
import { chromium } from '@playwright/test';
import { readFile } from 'node:fs/promises';

const RUNS = Number(process.env.BENCH_RUNS || 20);
const email = 'bulk@example.com';
const base = process.env.SETTLE_URL;

async function code() {
  for (let tries = 0; tries < 100; tries++) {
    const log = await readFile(process.env.SETTLE_SERVER_LOG, 'utf8');
    const found = [...log.matchAll(/Sign-in code for bulk@example\.com: (\d{6})/g)];
    if (found.length) return found[found.length - 1][1];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no sign-in code in the server log');
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });
await page.goto(`${base}/sign-in`);
await page.getByLabel('Email address').fill(email);
await page.getByRole('button', { name: 'Send me a sign-in code' }).click();
await page.getByLabel('Sign-in code').fill(await code());
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByTestId('balance').waitFor();
// The whole account is in the store once the sync has pulled every page.
await page.waitForFunction(() => document.body.textContent.includes('Last synced'), null, { timeout: 120_000 });

/**
 * In the page: resolves with the ms from the next `event` (a click or a key press) to the
 * list's count showing a text for which `done` holds, as observed on the document.
 */
const measure = ([event, wanted]) =>
  new Promise((resolve) => {
    let started;
    document.addEventListener(event, () => (started = performance.now()), { capture: true, once: true });
    const done = (text) => (wanted === 'any list' ? /invoices?$/.test(text) : text !== wanted);
    const observer = new MutationObserver(() => {
      const count = document.querySelector('[data-testid="invoice-count"]');
      if (started !== undefined && count && done(count.textContent)) {
        observer.disconnect();
        resolve(performance.now() - started);
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });

const first = [];
const again = [];
const filtered = [];
/** Taps a link and returns the ms to the list's count on screen. */
async function openList() {
  const shown = page.evaluate(measure, ['click', 'any list']);
  await page.getByRole('link', { name: 'Invoices' }).click();
  return shown;
}
for (let run = 0; run < RUNS; run++) {
  // A fresh start of the app: nothing in memory, every invoice read from IndexedDB.
  await page.goto(`${base}/`);
  await page.getByTestId('balance').waitFor();
  first.push(await openList());
  // Coming back to the list with nothing changed.
  await page.getByRole('link', { name: 'Overview' }).click();
  await page.getByTestId('balance').waitFor();
  again.push(await openList());
  await page.getByLabel('Show').selectOption({ label: 'All' });
  await page.getByTestId('invoice-count').filter({ hasText: '10000 invoices' }).waitFor();
  // Filtered: one keystroke in the search box to the narrowed list on screen.
  const narrowed = page.evaluate(measure, ['keydown', '10000 invoices']);
  await page.getByLabel('Search').press('7');
  filtered.push(await narrowed);
}
await browser.close();

function summary(name, times) {
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  console.log(
    `${name} (ms): median ${at(0.5).toFixed(1)}, min ${times[0].toFixed(1)}, p90 ${at(0.9).toFixed(1)}, max ${times[times.length - 1].toFixed(1)} over ${times.length} runs`,
  );
}
summary('10,000 invoices: tap on Invoices to the list on screen, first time after start', first);
summary('10,000 invoices: tap on Invoices to the list on screen, coming back', again);
summary('10,000 invoices: keystroke in search to the narrowed list on screen', filtered);
