import { test, expect, OFFLINE } from './fixtures.mjs';
import { backOffice, disputesOnServer, newCustomer, openMore, reloadUnderServiceWorker, screenshot, signIn, whoIsSignedIn } from './support.mjs';

test('a preference changed offline survives a reload and reaches the server exactly once', async ({ page, context, expectErrors }) => {
  expectErrors(OFFLINE);
  await signIn(page, 'jordan@example.com');
  await openMore(page);
  await page.getByRole('link', { name: 'Contact preferences' }).click();
  await expect(page.getByRole('heading', { name: 'Contact preferences' })).toBeVisible();
  const never = () => page.getByRole('group', { name: 'Never contact me by' });
  const quiet = () => page.getByRole('group', { name: 'Quiet hours (no calls or messages)' });
  await expect(never().getByLabel('Text message (SMS)')).not.toBeChecked();
  // Let the service worker take control so the app loads offline.
  await reloadUnderServiceWorker(page);

  await context.setOffline(true);
  await never().getByLabel('Text message (SMS)').check();
  await quiet().getByLabel('From').fill('21:00');
  await quiet().getByLabel('Until').fill('08:00');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByText('Saved. We will send it as soon as we can.')).toBeVisible();

  await page.reload();
  await expect(page.getByTestId('preferences-waiting')).toBeVisible();
  await expect(never().getByLabel('Text message (SMS)')).toBeChecked();
  await expect(page.getByTestId('waiting')).toHaveText('1 action waiting to be sent');
  await screenshot(page, 'preferences-offline-waiting-360x800');

  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(page.getByTestId('preferences-waiting')).toHaveCount(0);
  await expect(page.getByTestId('waiting')).toHaveText('');

  const { customerId } = await whoIsSignedIn(page);
  const saved = await backOffice(`/customers/${customerId}/preferences`);
  expect(saved.opted_out).toEqual(['sms']);
  expect(saved.quiet_hours).toEqual({ start: '21:00:00', end: '08:00:00' });
  // One change, recorded once, however many times the app tried to send it.
  expect(saved.history).toHaveLength(1);
  await expect(never().getByLabel('Text message (SMS)')).toBeChecked();
});

test('a dispute raised offline survives a reload and reaches the server exactly once', async ({ page, context, expectErrors }) => {
  expectErrors(OFFLINE);
  await signIn(page, 'jordan@example.com');
  await page.getByRole('link', { name: 'Invoices' }).click();
  const disputeLink = page.getByRole('link', { name: /^Dispute invoice / }).first();
  await expect(disputeLink).toBeVisible();
  const number = (await disputeLink.textContent()).replace('Dispute invoice ', '');
  const before = (await disputesOnServer(page)).length;
  await reloadUnderServiceWorker(page);

  await context.setOffline(true);
  await page.getByRole('link', { name: `Dispute invoice ${number}` }).click();
  await page.getByLabel('What is wrong?').selectOption({ label: 'I did not receive it' });
  await page.getByLabel('What happened?').fill('The parcel never arrived.');
  await screenshot(page, 'raise-dispute-offline-360x800');
  await page.getByRole('button', { name: 'Send dispute' }).click();
  await expect(page).toHaveURL(/\/disputes$/);
  await expect(page.getByTestId('dispute').filter({ hasText: 'Waiting to be sent' })).toHaveCount(1);

  await page.reload();
  await expect(page.getByTestId('dispute').filter({ hasText: 'Waiting to be sent' })).toHaveCount(1);
  await screenshot(page, 'disputes-offline-waiting-360x800');

  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(page.getByTestId('dispute').filter({ hasText: 'Waiting to be sent' })).toHaveCount(0);
  const after = await disputesOnServer(page);
  expect(after.length).toBe(before + 1);
  const raised = after.filter((d) => d.description === 'The parcel never arrived.');
  expect(raised).toHaveLength(1);
  expect(raised[0].reason).toBe('not_received');
});

test('a preference change saved while the one before is on its way, or before the sync brings it, is no conflict', async ({ page, expectErrors }) => {
  expectErrors(/net::ERR_FAILED/);
  const customer = await newCustomer('Ade Bello');
  await signIn(page, customer.email);
  await openMore(page);
  await page.getByRole('link', { name: 'Contact preferences' }).click();
  const weekly = page.getByLabel('Most contacts a week');
  const save = page.getByRole('button', { name: 'Save preferences' });
  const saved = () => backOffice(`/customers/${customer.customerId}/preferences`);
  await expect(weekly).toHaveValue('');

  // The first change reaches the server, but its answer is held back: the second is
  // saved while the first is still on its way, on the version both started from.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  let puts = 0;
  await page.route('**/api/v1/preferences', async (route) => {
    puts += 1;
    const response = await route.fetch();
    if (puts === 1) await held;
    await route.fulfill({ response });
  });
  await weekly.fill('3');
  await save.click();
  await expect.poll(async () => (await saved()).max_contacts_per_week).toBe(3);
  await weekly.fill('2');
  await save.click();
  await expect(page.getByText('Saved. We will send it as soon as we can.')).toBeVisible();
  // From here no pull gets through, so the store keeps the version from before both
  // changes, and the third is saved on it too.
  await page.route('**/api/v1/sync**', (route) => route.abort());
  release();
  await expect.poll(async () => (await saved()).max_contacts_per_week).toBe(2);
  await expect(page.getByTestId('preferences-waiting')).toHaveCount(0);
  await weekly.fill('4');
  await save.click();
  await expect.poll(async () => (await saved()).max_contacts_per_week).toBe(4);
  await expect(page.getByTestId('preferences-waiting')).toHaveCount(0);
  await expect(page.getByText('Your last change was not accepted', { exact: false })).toHaveCount(0);
  expect((await saved()).history).toHaveLength(3);
  expect(puts).toBe(3);
});
