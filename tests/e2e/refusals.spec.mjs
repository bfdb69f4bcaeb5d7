// An action the backend refuses is never a dead end: the customer reads why, where the
// action shows, and corrects it or discards it; and it holds back nothing that does not
// depend on it. The refusals here are the real server's, by its own rules: the creditor
// changes the promise window while the customer's promise waits to be sent.
import { test, expect, OFFLINE } from './fixtures.mjs';
import { backOffice, day, expectNoViolations, newAccount, newCustomer, setPlanPolicy, signIn, waitForServiceWorker } from './support.mjs';

/** Signs `customer` in and, offline, promises to pay by `date` on the account whose
 * section `account` names. */
async function promiseOffline(page, context, customer, account, date) {
  await signIn(page, customer.email);
  await page.reload();
  await waitForServiceWorker(page);
  await page.goto('/promise');
  const section = page.getByRole('region', { name: account });
  await expect(section.getByLabel('I will pay by')).toBeVisible();
  await context.setOffline(true);
  await section.getByLabel('I will pay by').fill(date);
  await section.getByRole('button', { name: 'Make this promise' }).click();
  await expect(section.getByText('Thank you. Your promise is saved')).toBeVisible();
}

async function backOnline(page, context) {
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
}

test('a refused promise holds back no other promise nor a preference, and is corrected and sent again', async ({ page, context, expectErrors }) => {
  expectErrors(OFFLINE, /status of 422/);
  const customer = await newCustomer('Kit Morrow', { invoices: [['INV-K1', -10, '200.00']], policy: true });
  const second = await newAccount(customer.customerId, 'Kit Morrow Workshop', `kit-workshop-${Date.now()}`, {
    invoices: [['INV-K2', -10, '80.00']],
    policy: true,
  });
  await promiseOffline(page, context, customer, /^Kit Morrow · /, day(5));
  // Two more actions, queued after the promise: a promise on the other account, and a
  // change of contact preferences.
  const workshop = page.getByRole('region', { name: /Kit Morrow Workshop/ });
  await workshop.getByLabel('I will pay by').fill(day(5));
  await workshop.getByRole('button', { name: 'Make this promise' }).click();
  await expect(workshop.getByText('Thank you. Your promise is saved')).toBeVisible();
  await page.goto('/contact-preferences');
  await page.getByRole('group', { name: 'Never contact me by' }).getByLabel('Text message (SMS)').check();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByTestId('waiting')).toHaveText('3 actions waiting to be sent');

  // The creditor shortens the first account's window: its promise, 5 days ahead, is now
  // too far. The other account keeps 14 days.
  await setPlanPolicy(customer.accountId, { promise_window_days: 2 });
  await backOnline(page, context);

  // What came after the refused promise arrives all the same.
  await expect
    .poll(async () => (await backOffice(`/customers/${customer.customerId}/preferences`)).opted_out)
    .toEqual(['sms']);
  await expect(page.getByTestId('waiting')).toHaveText('1 action waiting to be sent');
  await page.getByTestId('waiting').getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Your actions on this device' })).toBeVisible();
  const refused = page.getByTestId('refused-action');
  await expect(refused).toHaveCount(1);
  await expect(refused).toContainText('Your promise of £200.00');
  await expect(refused).toContainText('Not accepted');
  await expect(refused).toContainText('promises can be made up to 2 days ahead');
  await expectNoViolations(page, 'a refused action');

  // Corrected: the form opens with what was refused, and the new date goes through.
  await refused.getByRole('link', { name: 'Change it and send again' }).click();
  await expect(page).toHaveURL(/\/promise\?edit=/);
  const first = page.getByRole('region', { name: /^Kit Morrow · / });
  await expect(first.getByLabel('I will pay by')).toHaveValue(day(5));
  await expect(first.getByLabel(/How much/)).toHaveValue('200.00');
  await first.getByLabel('I will pay by').fill(day(1));
  await first.getByRole('button', { name: 'Make this promise' }).click();
  await expect(first.getByText('Thank you. Your promise is saved')).toBeVisible();
  await expect(page.getByTestId('waiting')).toHaveText('');
  await page.goto('/promise');
  await expect(page.getByTestId('promise')).toHaveCount(2);
  await expect(first.getByTestId('promise')).toContainText(`£200.00`);
  await expect(workshop.getByTestId('promise')).toContainText('£80.00');
  await expect(page.getByTestId('refused-action')).toHaveCount(0);
});

test('a refused promise is discarded knowingly, and nothing stays waiting', async ({ page, context, expectErrors }) => {
  expectErrors(OFFLINE, /status of 422/);
  const customer = await newCustomer('Noor Vance', { invoices: [['INV-N1', -10, '90.00']], policy: true });
  await promiseOffline(page, context, customer, /Noor Vance/, day(3));
  await setPlanPolicy(customer.accountId, { promise_window_days: 0 });
  await backOnline(page, context);

  const refused = page.getByTestId('refused-action');
  await expect(refused).toContainText('Not accepted');
  await expect(refused).toContainText('promises to pay are not offered on this account');
  await expect(page.getByTestId('waiting')).toHaveText('1 action waiting to be sent');
  // Discarding asks first; keeping it changes nothing.
  await refused.getByRole('button', { name: 'Discard it' }).click();
  await refused.getByRole('button', { name: 'Keep it' }).click();
  await expect(refused).toHaveCount(1);
  await refused.getByRole('button', { name: 'Discard it' }).click();
  await expect(refused.getByRole('alert')).toContainText('It will not be sent');
  await refused.getByRole('button', { name: 'Yes, discard it' }).click();
  await expect(refused).toHaveCount(0);
  await expect(page.getByTestId('waiting')).toHaveText('');
  await page.goto('/waiting');
  await expect(page.getByRole('status').filter({ hasText: 'Everything you did has reached us.' })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('refused-action')).toHaveCount(0);
});
