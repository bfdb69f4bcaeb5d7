// "Keep nothing on this device" (SPEC §2.7): on a shared computer the customer's data
// lives in a database of the tab's own, survives a reload of that tab, and is gone once
// the tab is closed; the session cookie ends with the browser; statement PDFs are not kept.
import { test, expect } from './fixtures.mjs';
import { codesSent, newCustomer, newStatement, screenshot, signInCode, waitForServiceWorker, openMore } from './support.mjs';

/** The names of the origin's IndexedDB databases, as the page sees them. */
const databases = (page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).sort());

/** A customer with one statement and its PDF. */
async function customerWithStatement() {
  const customer = await newCustomer('Noa Brennan', { invoices: [['INV-SD1', -20, '60.00']] });
  await newStatement(customer, '60.00', '%PDF-1.4\n% shared device\n');
  return customer;
}

test('on a shared device nothing of the customer outlives the tab', async ({ context }) => {
  const { email } = await customerWithStatement();
  const page = await context.newPage();
  const before = await codesSent(email);
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Keep nothing on this device').check();
  await screenshot(page, 'shared-device-sign-in-360x800');
  await page.getByRole('button', { name: 'Send me a sign-in code' }).click();
  await expect(page.getByText('Nothing will be kept on this device once you close this tab.')).toBeVisible();
  await page.getByLabel('Sign-in code').fill(await signInCode(email, before));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
  await expect(page.getByTestId('balance').first()).toBeVisible();
  await expect(page.getByTestId('kept-in-tab')).toHaveText('Kept only in this tab');
  await waitForServiceWorker(page);

  // The data is in the tab's own database, not the everyday one.
  const names = await databases(page);
  const own = names.filter((name) => name.startsWith('settle-tab-'));
  expect(own).toHaveLength(1);
  expect(names).not.toContain('settle');
  // The session cookie has no expiry: it goes when the browser closes.
  const cookie = (await context.cookies()).find((c) => c.name === 'settle_session');
  expect(cookie, 'the session cookie').toBeTruthy();
  expect(cookie.expires).toBe(-1);

  // Statements are shown, but their PDFs are not kept for offline reading.
  await openMore(page);
  await page.getByRole('link', { name: 'Statements' }).click();
  await expect(page.getByRole('heading', { name: 'Statements', level: 1 })).toBeVisible();
  const pdf = page.getByRole('link', { name: /Open the statement for/ }).first();
  await expect(pdf).toHaveAttribute('href', /keep=no$/);
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => caches.has('settle-documents'))).toBe(false);

  // A reload of the same tab keeps everything, the sign-in included.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Statements', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByTestId('balance').first()).toBeVisible();
  expect(await databases(page)).toEqual(names);
  await screenshot(page, 'shared-device-overview-360x800');

  // Once the tab is closed, the next tab finds nothing of it.
  await page.close();
  const next = await context.newPage();
  await next.goto('/');
  await expect(next).toHaveURL(/\/sign-in$/);
  await expect.poll(() => databases(next)).toEqual([]);
  await expect(next.getByLabel('Keep nothing on this device')).not.toBeChecked();
});
