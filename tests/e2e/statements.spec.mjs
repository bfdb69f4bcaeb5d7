import { test, expect, OFFLINE } from './fixtures.mjs';
import { newCustomer, newStatement, screenshot, signIn, waitForServiceWorker, openMore } from './support.mjs';

const PDF = '%PDF-1.4\n% statement for the test\n';

test('statements list by period, and their PDF opens offline once seen online', async ({ page, context, expectErrors }) => {
  expectErrors(OFFLINE);
  const customer = await newCustomer('Lee Fontaine', { invoices: [['INV-S1', -20, '75.00']] });
  await newStatement(customer, '75.00', PDF);

  await signIn(page, customer.email);
  await page.reload();
  await waitForServiceWorker(page);
  await openMore(page);
  await page.getByRole('link', { name: 'Statements' }).click();
  const shown = page.getByTestId('statement');
  await expect(shown).toHaveCount(1);
  await expect(shown).toContainText('£75.00');
  const link = shown.getByRole('link', { name: /\(PDF\)$/ });
  const url = await link.getAttribute('href');
  await screenshot(page, 'statements-360x800');

  // Seen online, so kept: offline the same address still answers with the PDF.
  await expect
    .poll(() => page.evaluate(async () => (await caches.open('settle-documents')).keys().then((k) => k.length)))
    .toBe(1);
  await context.setOffline(true);
  const offline = await page.evaluate(async (href) => {
    const response = await fetch(href);
    return { status: response.status, body: await response.text() };
  }, url);
  expect(offline).toEqual({ status: 200, body: PDF });
  await context.setOffline(false);
});

test('payments show what they paid towards, and what is left as credit', async ({ page }) => {
  await signIn(page, 'casey@example.com');
  await openMore(page);
  await page.getByRole('link', { name: 'Payments' }).click();
  await expect(page.getByRole('heading', { name: 'Payments', level: 1 })).toBeVisible();
  const first = page.getByTestId('payment').first();
  await expect(first).toContainText('Paid towards:');
  await expect(first.getByRole('link', { name: /^Invoice / })).toHaveCount(1);
  await expect(first).toContainText('Bank transfer · Received · Transfer ref CL-88');
  await expect(first).toContainText('150.00 is kept as credit on your account.');
  await screenshot(page, 'payments-360x800');
});
