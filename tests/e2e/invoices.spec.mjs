import { test, expect } from './fixtures.mjs';
import { signIn, screenshot } from './support.mjs';

/** Every invoice and open dispute the server has for the signed-in customer, via sync. */
async function onServer(page) {
  const records = { invoice: new Map(), dispute: new Map() };
  let checkpoint = '';
  for (;;) {
    const body = await (await page.request.get(`/api/v1/sync?limit=1000&checkpoint=${checkpoint}`)).json();
    for (const item of body.items.filter((i) => i.kind in records)) {
      if (item.deleted) records[item.kind].delete(item.id);
      else records[item.kind].set(item.id, item.data);
    }
    checkpoint = body.checkpoint;
    if (!body.more) break;
  }
  return { invoices: [...records.invoice.values()], disputes: [...records.dispute.values()] };
}

const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

test('a customer finds their overdue invoices and one by its number', async ({ page }) => {
  await signIn(page, 'alex@example.com');
  const { invoices, disputes } = await onServer(page);
  const disputed = new Set(disputes.filter((d) => ['submitted', 'under_review', 'more_information_needed'].includes(d.status)).map((d) => d.invoice_id));
  const overdue = invoices.filter(
    (i) => Number(i.total) > Number(i.amount_paid) && i.due_date < today() && !disputed.has(i.id) && !i.plan_id,
  );
  expect(overdue.length).toBeGreaterThan(0);

  await page.getByRole('link', { name: 'Invoices' }).click();
  await page.getByLabel('Show').selectOption({ label: 'Overdue' });
  await expect(page.getByTestId('invoice')).toHaveCount(overdue.length);
  await expect(page.getByTestId('invoice-count')).toHaveText(overdue.length === 1 ? '1 invoice' : `${overdue.length} invoices`);
  for (const row of await page.getByTestId('invoice').all()) await expect(row).toContainText('Overdue');
  await screenshot(page, 'invoices-overdue-360x800');

  const wanted = overdue[0];
  await page.getByLabel('Show').selectOption({ label: 'All' });
  await page.getByLabel('Search').fill(wanted.number.toLowerCase());
  await expect(page.getByTestId('invoice')).toHaveCount(1);
  await expect(page.getByTestId('invoice')).toContainText(`Invoice ${wanted.number}`);
  // The invoice itself: its amounts and lines as the server has them.
  await page.getByRole('link', { name: `Invoice ${wanted.number}`, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Invoice ${wanted.number}`, level: 1 })).toBeFocused();
  await expect(page.getByTestId('invoice-status')).toHaveText('Overdue');
  const gbp = (amount) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: wanted.currency }).format(amount);
  await expect(page.getByText(gbp(Number(wanted.total) - Number(wanted.amount_paid)), { exact: true })).toBeVisible();
  for (const line of wanted.lines) await expect(page.getByRole('table')).toContainText(line.description);
  await expect(page.getByRole('link', { name: `Dispute invoice ${wanted.number}` })).toBeVisible();
  await screenshot(page, 'invoice-detail-360x800');
  await page.goBack();
  await page.getByLabel('Search').fill('no such thing');
  await expect(page.getByTestId('invoice-count')).toHaveText('No invoices match.');
});

test('10,000 invoices are listed a page at a time, and the rest on request', async ({ page }) => {
  await signIn(page, 'bulk@example.com');
  await page.getByRole('link', { name: 'Invoices' }).click();
  await page.getByLabel('Show').selectOption({ label: 'All' });
  await expect(page.getByTestId('invoice-count')).toHaveText('10000 invoices');
  await expect(page.getByTestId('invoice')).toHaveCount(50);
  await page.getByRole('button', { name: /^Show 50 more of 9950$/ }).click();
  await expect(page.getByTestId('invoice')).toHaveCount(100);
  // Sorted by amount left to pay, the first is the largest.
  await page.getByLabel('Sort by').selectOption({ label: 'Amount left to pay, largest first' });
  await expect(page.getByTestId('invoice')).toHaveCount(50);
  await screenshot(page, 'invoices-bulk-360x800');
});
