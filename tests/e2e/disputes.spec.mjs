import { test, expect, OFFLINE } from './fixtures.mjs';
import { backOffice, day, disputesOnServer, newCustomer, screenshot, signIn, waitForServiceWorker } from './support.mjs';

test('a dispute shows where it stands, every step so far and the messages', async ({ page }) => {
  await signIn(page, 'riley@example.com');
  const items = (await (await page.request.get('/api/v1/sync?limit=1000')).json()).items;
  const dispute = items.find((i) => i.kind === 'dispute' && i.data.status === 'more_information_needed').data;
  const invoice = items.find((i) => i.kind === 'invoice' && i.id === dispute.invoice_id).data;
  const messages = items.filter((i) => i.kind === 'dispute_message' && i.data.dispute_id === dispute.id);

  await page.getByRole('link', { name: 'Disputes' }).click();
  await page.getByRole('link', { name: `Details of the dispute on invoice ${invoice.number}` }).click();
  await expect(page.getByRole('heading', { name: `Dispute on invoice ${invoice.number}`, level: 1 })).toBeFocused();
  await expect(page.getByTestId('dispute-status')).toHaveText('We need more information from you');
  await expect(page.getByTestId('timeline').locator('li')).toHaveCount(dispute.timeline.length);
  await expect(page.getByTestId('timeline').locator('li').last()).toContainText('We need more information from you');
  expect(messages.length).toBeGreaterThan(0);
  await expect(page.getByTestId('messages').locator('li')).toHaveCount(messages.length);
  for (const message of messages) await expect(page.getByTestId('messages')).toContainText(message.data.body);
  await screenshot(page, 'dispute-detail-360x800');
  await page.getByRole('link', { name: 'See the invoice' }).click();
  await expect(page.getByRole('heading', { name: `Invoice ${invoice.number}`, level: 1 })).toBeVisible();
});

test('a dispute on one chosen line, raised offline: the most follows the lines ticked and the back office gets that line', async ({ page, context, expectErrors }) => {
  expectErrors(OFFLINE);
  const customer = await newCustomer('Kit Moreno');
  const id = `inv-${customer.accountId}-l1`;
  await backOffice(`/invoices/${id}`, 'PUT', {
    id,
    account_id: customer.accountId,
    number: 'INV-L1',
    currency: 'GBP',
    issue_date: day(-20),
    due_date: day(10),
    lines: [
      { id: 'pots', description: 'Clay pots', quantity: '4', unit_price: '12.50', net: '50.00', tax: '10.00' },
      { id: 'soil', description: 'Potting soil', quantity: '2', unit_price: '7.50', net: '15.00', tax: '3.00' },
    ],
    subtotal: '65.00',
    tax_total: '13.00',
    total: '78.00',
    amount_paid: '0.00',
  });
  await signIn(page, customer.email);
  await page.reload();
  await waitForServiceWorker(page);
  await page.getByRole('link', { name: 'Invoices' }).click();
  await page.getByRole('link', { name: 'Invoice INV-L1', exact: true }).click();

  await context.setOffline(true);
  await page.getByRole('link', { name: 'Dispute invoice INV-L1' }).click();
  const amount = page.getByLabel('Amount you dispute');
  const most = page.locator('#amount-hint');
  await expect(most).toHaveText('The most you can dispute is £78.00. Leave it empty to dispute all of it.');
  const lines = page.getByRole('group', { name: 'Which lines are wrong?' });
  await lines.getByLabel('Potting soil × 2: £18.00').check();
  await expect(most).toHaveText('The most you can dispute is £18.00. Leave it empty to dispute all of it.');
  await expect(amount).toHaveAttribute('placeholder', '18.00');
  await lines.getByLabel('Clay pots × 4: £60.00').check();
  await expect(most).toContainText('£78.00');
  await lines.getByLabel('Clay pots × 4: £60.00').uncheck();
  await expect(most).toContainText('£18.00');

  // More than the line comes to is refused next to the amount, and nothing is lost.
  await amount.fill('18.01');
  await page.getByLabel('What happened?').fill('Only one bag of soil came.');
  await page.getByRole('button', { name: 'Send dispute' }).click();
  const refusal = 'The disputed amount £18.01 is more than £18.00, the total of the chosen lines.';
  await expect(page.locator('#amount-error')).toHaveText(refusal);
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(amount).toHaveAccessibleDescription(/the total of the chosen lines/);
  await expect(page.locator('#dispute-error')).toHaveText('');
  await expect(page).toHaveURL(/\/dispute$/);
  await screenshot(page, 'raise-dispute-lines-360x800');

  await amount.fill('9.00');
  await expect(amount).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Send dispute' }).click();
  await expect(page).toHaveURL(/\/disputes$/);
  await context.setOffline(false);
  await expect
    .poll(async () => (await backOffice(`/accounts/${customer.accountId}/disputes`)).length)
    .toBe(1);
  const [sent] = await backOffice(`/accounts/${customer.accountId}/disputes`);
  expect(sent).toMatchObject({ invoice_id: id, line_ids: ['soil'], amount: '9.00' });

  await page.getByRole('link', { name: 'Details of the dispute on invoice INV-L1' }).click();
  await expect(page.getByTestId('disputed-lines').locator('li')).toHaveText(['Potting soil · £18.00']);
  await screenshot(page, 'dispute-detail-lines-360x800');
});

test('a double tap on Send dispute raises one dispute', async ({ page }) => {
  const customer = await newCustomer('Robin Tapp', { invoices: [['INV-T1', -10, '80.00']] });
  await signIn(page, customer.email);
  await page.goto('/invoices');
  await page.getByRole('link', { name: /^Dispute invoice / }).first().click();
  await page.getByLabel('What is wrong?').selectOption({ label: 'I was charged twice' });
  await page.getByLabel('What happened?').fill('Tapped twice by mistake.');
  await page.getByRole('button', { name: 'Send dispute' }).dblclick();
  await expect(page).toHaveURL(/\/disputes$/);
  await expect(page.getByTestId('dispute')).toHaveCount(1);
  await expect(page.getByTestId('dispute')).not.toContainText('Waiting to be sent');
  await expect(page.getByTestId('refused-action')).toHaveCount(0);
  const disputes = await disputesOnServer(page);
  expect(disputes.map((d) => d.description)).toEqual(['Tapped twice by mistake.']);
});
