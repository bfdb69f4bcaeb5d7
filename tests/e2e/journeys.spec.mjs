// The five customer journeys, on a phone-sized screen against the real server. Each
// starts from its own customer made in the back office, and saves a screenshot of every
// page it visits under artifacts/screenshots.
import { test, expect, OFFLINE } from './fixtures.mjs';
import { backOffice, journey, newCustomer, signIn, waitForServiceWorker, openMore } from './support.mjs';

/** The records of `kind` the server sends the signed-in customer. */
async function recordsOnServer(page, kind) {
  const response = await page.request.get('/api/v1/sync?limit=1000');
  expect(response.ok()).toBe(true);
  return (await response.json()).items.filter((i) => i.kind === kind && !i.deleted).map((i) => i.data);
}

test('build and agree a plan, then read its receipt offline', async ({ page, context, expectErrors }) => {
  expectErrors(OFFLINE);
  const visited = journey('plan');
  const customer = await newCustomer('Robin Hale', {
    invoices: [['INV-P1', -40, '300.00'], ['INV-P2', -10, '100.01']],
    policy: true,
  });
  await signIn(page, customer.email);
  await visited(page, 'overview');

  await page.getByRole('link', { name: 'Plans' }).click();
  await expect(page.getByRole('heading', { name: 'Payment plans', level: 1 })).toBeVisible();
  // The policy comes first, before anything can be built.
  await expect(page.getByText('If a payment is missed we will contact you')).toBeVisible();
  await visited(page, 'plans');

  await page.getByRole('link', { name: 'Build your own plan' }).click();
  await expect(page.getByRole('heading', { name: 'Build a payment plan', level: 1 })).toBeVisible();
  // A rule broken while typing is said next to its field, in plain words.
  await page.getByLabel('Number of instalments').fill('20');
  await expect(page.locator('#size-error')).toContainText('more than the maximum of 12');
  await expect(page.getByRole('button', { name: 'Review and agree' })).toBeDisabled();
  await visited(page, 'builder-error');
  await page.getByLabel('Number of instalments').fill('3');
  await expect(page.locator('#size-error')).toHaveText('');
  const schedule = page.getByTestId('schedule');
  await expect(schedule.locator('tbody tr')).toHaveCount(3);
  // 400.01 in three: the two pennies left over go to the first instalments; they add up.
  await expect(schedule.locator('tbody td.amount')).toHaveText(['£133.34', '£133.34', '£133.33']);
  await expect(page.getByTestId('schedule-total')).toHaveText('£400.01');
  await expect(page.getByTestId('cost-of-credit')).toHaveText('£0.00');
  await visited(page, 'builder-preview');

  await page.getByRole('button', { name: 'Review and agree' }).click();
  await expect(page.getByText('version plans-2026-1')).toBeVisible();
  await page.getByRole('button', { name: 'Agree to this plan' }).click();
  await expect(page.locator('.agreement .error')).toHaveText('Tick the box to agree to the terms first.');
  await page.getByLabel('I agree to this plan and its terms').check();
  await visited(page, 'agreement');
  await page.getByRole('button', { name: 'Agree to this plan' }).click();

  await expect(page).toHaveURL(/\/plans$/);
  await expect(page.getByRole('heading', { name: 'Your plan' })).toBeVisible();
  await visited(page, 'plan-agreed');
  const [plan] = await recordsOnServer(page, 'plan');
  expect(plan.instalments.map((i) => i.amount)).toEqual(['133.34', '133.34', '133.33']);
  expect(plan.agreement).toMatchObject({ terms_version: 'plans-2026-1', channel: 'app' });

  // The receipt is kept on the device: offline, it still opens.
  await page.reload();
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.goto(`/plans/${plan.id}`);
  const receipt = page.getByTestId('plan-receipt');
  await expect(receipt).toContainText('plans-2026-1');
  await expect(receipt).toContainText('£400.01');
  await expect(page.getByTestId('connection')).toHaveText('Offline');
  await visited(page, 'receipt-offline');
  await context.setOffline(false);
});

test('pay an invoice through the test provider and see the balance drop', async ({ page }) => {
  const visited = journey('pay');
  const customer = await newCustomer('Kit Moreno', {
    invoices: [['INV-Q1', -5, '80.00'], ['INV-Q2', 20, '45.50']],
  });
  await signIn(page, customer.email);
  await expect(page.getByTestId('balance')).toHaveText('£125.50');
  await visited(page, 'overview');

  await page.getByRole('link', { name: 'Invoices' }).click();
  await page.getByRole('link', { name: 'Invoice INV-Q1', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Invoice INV-Q1', level: 1 })).toBeVisible();
  await visited(page, 'invoice');
  await page.getByRole('button', { name: 'Pay £80.00 now' }).click();

  // The provider's page is clearly a test, and asks for no card details.
  await expect(page.getByRole('heading', { name: 'Test checkout' })).toBeVisible();
  await expect(page.getByRole('note')).toContainText('TEST PAYMENT PROVIDER');
  await visited(page, 'test-provider');
  await page.getByRole('button', { name: 'Pay 80.00 GBP (test)' }).click();

  await expect(page).toHaveURL(/\/invoices\/[^?]+\?checkout=chk[^&]+&result=paid$/);
  await expect(page.getByRole('status').filter({ hasText: 'your payment went through' })).toBeVisible();
  await expect(page.getByTestId('invoice-status')).toHaveText('Paid');
  await visited(page, 'invoice-paid');

  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByTestId('balance')).toHaveText('£45.50');
  await expect(page.getByTestId('overdue')).toHaveText('£0.00');
  await visited(page, 'overview-after');
  const [payment] = await recordsOnServer(page, 'payment');
  expect(payment).toMatchObject({ amount: '80.00', status: 'completed' });
});

// A tiny PNG: a photo of the damage, as far as the test is concerned.
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

test('raise a dispute with a photo while offline, and see the back office resolve it', async ({ page, context, expectErrors }) => {
  expectErrors(OFFLINE);
  const visited = journey('dispute');
  const customer = await newCustomer('Ash Okafor', { invoices: [['INV-D1', 10, '64.20']] });
  await signIn(page, customer.email);
  await page.reload();
  await waitForServiceWorker(page);
  await page.getByRole('link', { name: 'Invoices' }).click();
  await page.getByRole('link', { name: 'Invoice INV-D1', exact: true }).click();
  await visited(page, 'invoice');

  await context.setOffline(true);
  await page.getByRole('link', { name: 'Dispute invoice INV-D1' }).click();
  await expect(page.getByRole('heading', { name: 'Raise a dispute', level: 1 })).toBeVisible();
  await page.getByLabel('What is wrong?').selectOption({ label: 'It arrived damaged or does not work' });
  await page.getByLabel('Amount you dispute').fill('20.00');
  await page.getByLabel('What happened?').fill('Two of the pots arrived cracked.');
  await page.getByLabel('Photos or documents (optional)').setInputFiles({
    name: 'cracked-pots.png',
    mimeType: 'image/png',
    buffer: PHOTO,
  });
  await expect(page.getByTestId('chosen-files')).toContainText('cracked-pots.png');
  await visited(page, 'raise-offline');
  await page.getByRole('button', { name: 'Send dispute' }).click();
  await expect(page).toHaveURL(/\/disputes$/);
  await expect(page.getByTestId('dispute').filter({ hasText: 'Waiting to be sent' })).toHaveCount(1);
  await visited(page, 'waiting-offline');

  await context.setOffline(false);
  await expect(page.getByRole('link', { name: 'Details of the dispute on invoice INV-D1' })).toBeVisible();
  const disputes = await backOffice(`/accounts/${customer.accountId}/disputes`);
  expect(disputes).toHaveLength(1);
  expect(disputes[0]).toMatchObject({ amount: '20.00', reason: 'damaged_or_faulty' });
  expect(disputes[0].attachments.map((a) => a.file_name)).toEqual(['cracked-pots.png']);

  const id = disputes[0].id;
  await backOffice(`/disputes/${id}/status`, 'POST', { status: 'under_review' });
  await backOffice(`/disputes/${id}/status`, 'POST', {
    status: 'resolved_in_customers_favour',
    note: 'Sorry about the pots: we have taken £20.00 off.',
  });
  // Back in the app (focus or a reload syncs), the answer is there.
  await page.reload();
  await page.getByRole('link', { name: 'Details of the dispute on invoice INV-D1' }).click();
  await expect(page.getByTestId('dispute-status')).toHaveText('Resolved in your favour');
  await expect(page.getByText(/^Our answer: Sorry about the pots/)).toBeVisible();
  await expect(page.getByTestId('dispute-attachments')).toContainText('cracked-pots.png');
  await visited(page, 'resolved');

  // Then the two questions.
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Choose how satisfied you are, from 1 to 5.')).toBeVisible();
  await page.getByRole('group', { name: /How satisfied/ }).getByLabel('5').check();
  await page.getByRole('group', { name: /easy to sort this out/ }).getByLabel('6').check();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Thank you for telling us how we did.')).toBeVisible();
  await expect
    .poll(async () => (await backOffice(`/accounts/${customer.accountId}/disputes`))[0].feedback_given)
    .toBe(true);
  await visited(page, 'feedback-sent');
});

test('check the balance and find an overdue invoice', async ({ page }) => {
  const visited = journey('balance');
  const customer = await newCustomer('Sasha Green', {
    invoices: [['INV-B1', -45, '210.00'], ['INV-B2', -3, '99.99'], ['INV-B3', 25, '150.00']],
  });
  await signIn(page, customer.email);
  await expect(page.getByTestId('balance')).toHaveText('£459.99');
  await expect(page.getByTestId('overdue')).toHaveText('£309.99');
  await expect(page.getByTestId('not-yet-due')).toHaveText('£150.00');
  await expect(page.getByTestId('standing')).toContainText('£309.99 is past its due date');
  await visited(page, 'overview');

  await page.getByRole('link', { name: 'Invoices' }).click();
  await page.getByLabel('Show').selectOption({ label: 'Overdue' });
  await expect(page.getByTestId('invoice')).toHaveCount(2);
  await expect(page.getByTestId('invoice').first()).toContainText('INV-B1');
  // The filter is in the address, so a reload (or a shared link) shows the same list.
  await expect(page).toHaveURL(/\/invoices\?show=overdue$/);
  await page.reload();
  await expect(page.getByLabel('Show')).toHaveValue('overdue');
  await expect(page.getByTestId('invoice')).toHaveCount(2);
  await visited(page, 'invoices-overdue');

  await page.getByRole('link', { name: 'Invoice INV-B1', exact: true }).click();
  await expect(page.getByTestId('invoice-status')).toHaveText('Overdue');
  await expect(page.getByRole('button', { name: 'Pay £210.00 now' })).toBeVisible();
  await visited(page, 'invoice');
});

test('set contact preferences: quiet hours, and no text messages', async ({ page }) => {
  const visited = journey('preferences');
  const customer = await newCustomer('Noor Haddad');
  await signIn(page, customer.email);
  await openMore(page);
  await page.getByRole('link', { name: 'Contact preferences' }).click();
  await expect(page.getByRole('heading', { name: 'Contact preferences', level: 1 })).toBeVisible();
  const never = page.getByRole('group', { name: 'Never contact me by' });
  await expect(never.getByLabel('Text message (SMS)')).not.toBeChecked();
  await visited(page, 'before');

  await never.getByLabel('Text message (SMS)').check();
  const quiet = page.getByRole('group', { name: 'Quiet hours (no calls or messages)' });
  await quiet.getByLabel('From').fill('20:30');
  // A mistake is said next to its field, and nothing typed is lost.
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(quiet.getByRole('alert')).toHaveText('Give both a start and an end, or neither.');
  // Both times are described by the mistake, so a screen reader says it with the field.
  await expect(quiet.getByLabel('From')).toHaveAccessibleDescription('Give both a start and an end, or neither.');
  await expect(quiet.getByLabel('Until')).toHaveAccessibleDescription('Give both a start and an end, or neither.');
  await quiet.getByLabel('Until').fill('09:00');
  await page.getByRole('group', { name: 'Payment reminders' }).getByLabel('Email').check();
  await page.getByLabel('Most contacts a week').fill('2');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByText('Saved. We will send it as soon as we can.')).toBeVisible();
  await expect(page.getByTestId('preferences-waiting')).toHaveCount(0);
  await visited(page, 'saved');

  const saved = await backOffice(`/customers/${customer.customerId}/preferences`);
  expect(saved.opted_out).toEqual(['sms']);
  expect(saved.quiet_hours).toEqual({ start: '20:30:00', end: '09:00:00' });
  expect(saved.max_contacts_per_week).toBe(2);
  expect(saved.channels.payment_reminders).toContain('email');
  expect(saved.history).toHaveLength(1);
  await page.reload();
  await expect(page.getByTestId('preference-history').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('preference-history')).toContainText('quiet hours');
  await visited(page, 'history');
});

test('preference changes not saved are kept across a reload and flagged; discarding brings back the saved ones', async ({ page }) => {
  const visited = journey('preferences-draft');
  const customer = await newCustomer('Sol Reyes');
  await signIn(page, customer.email);
  await openMore(page);
  await page.getByRole('link', { name: 'Contact preferences' }).click();
  const never = page.getByRole('group', { name: 'Never contact me by' });
  const weekly = page.getByLabel('Most contacts a week');
  const language = page.getByLabel('Language for letters and messages');
  const notice = page.getByTestId('draft-notice');
  await weekly.fill('3');
  // From the moment the save goes out every pull is held, so the one that follows its
  // delivery cannot bring the saved change back yet.
  let saving = false;
  page.on('request', (request) => {
    if (request.method() === 'PUT' && new URL(request.url()).pathname === '/api/v1/preferences') saving = true;
  });
  let pulling;
  const delivered = new Promise((resolve) => { pulling = resolve; });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/api/v1/sync**', async (route) => {
    if (saving) {
      pulling();
      await held;
    }
    // The page that asked may have been reloaded since.
    await route.continue().catch(() => {});
  });
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByText('Saved. We will send it as soon as we can.')).toBeVisible();
  await expect.poll(async () => (await backOffice(`/customers/${customer.customerId}/preferences`)).max_contacts_per_week).toBe(3);
  // Right after the delivery the store still has the preferences from before the change,
  // and nothing waits to be sent: the open form keeps showing the change, and a reload
  // starts from the preferences before it.
  await delivered;
  await expect(page.getByTestId('preferences-waiting')).toHaveCount(0);
  await expect(weekly).toHaveValue('3');
  await page.reload();
  await expect(weekly).toHaveValue('');
  // Once the sync brings the saved change, the form shows it, and what is saved is no draft.
  release();
  await page.unroute('**/api/v1/sync**');
  await expect(weekly).toHaveValue('3');
  await expect(notice).toHaveCount(0);

  await never.getByLabel('Post').check();
  await weekly.fill('5');
  await language.selectOption('es');
  await expect(notice).toHaveCount(0);
  await page.reload();
  await expect(notice).toContainText('You have unsaved changes from earlier.');
  await expect(never.getByLabel('Post')).toBeChecked();
  await expect(weekly).toHaveValue('5');
  await expect(language).toHaveValue('es');
  await visited(page, 'kept');

  await notice.getByRole('button', { name: 'Discard them' }).click();
  await expect(notice).toHaveCount(0);
  await expect(never.getByLabel('Post')).not.toBeChecked();
  await expect(weekly).toHaveValue('3');
  await expect(language).toHaveValue('en');
  await page.reload();
  await expect(weekly).toHaveValue('3');
  await expect(never.getByLabel('Post')).not.toBeChecked();
  await expect(notice).toHaveCount(0);
  const saved = await backOffice(`/customers/${customer.customerId}/preferences`);
  expect(saved).toMatchObject({ max_contacts_per_week: 3, opted_out: [], language: 'en-GB' });
});
