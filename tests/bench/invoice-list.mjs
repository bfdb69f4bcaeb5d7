// The invoice list at 10,000 invoices: from the tap on "Invoices" to the list on screen,
// and from a keystroke in the search box to the narrowed list on screen. Run by
// `cargo xtask bench`, which starts the server and sets SETTLE_URL, SETTLE_SERVER_LOG and
// CHROMIUM.
import { chromium } from '@playwright/test';
import { CHROMIUM_OPTIONS, signIn, summary } from './support.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 20);
const email = 'bulk@example.com';
const base = process.env.SETTLE_URL;

const browser = await chromium.launch(CHROMIUM_OPTIONS);
const page = await browser.newPage({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });
await signIn(page, base, email);
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

summary('10,000 invoices: tap on Invoices to the list on screen, first time after start', first);
summary('10,000 invoices: tap on Invoices to the list on screen, coming back', again);
summary('10,000 invoices: keystroke in search to the narrowed list on screen', filtered);
