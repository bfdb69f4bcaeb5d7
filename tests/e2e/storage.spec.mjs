// Storage trouble loses nothing silently: a store the browser evicted is filled again
// from the backend, and a write the device has no room for is refused, not lost.
import { test, expect } from './fixtures.mjs';
import { backOffice, newCustomer, signIn } from './support.mjs';

test('a store the browser evicted is filled again from the backend, without signing in again', async ({ page, context }) => {
  const customer = await newCustomer('Sasha Lin', { invoices: [['INV-E1', -5, '41.00']] });
  await signIn(page, customer.email);
  await expect(page.getByTestId('balance')).toHaveText('£41.00');

  const devtools = await context.newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await devtools.send('Storage.clearDataForOrigin', { origin, storageTypes: 'indexeddb' });
  await page.reload();
  await expect(page.getByTestId('balance')).toHaveText('£41.00');
  await page.getByRole('link', { name: 'Invoices' }).click();
  await expect(page.getByRole('link', { name: 'Invoice INV-E1', exact: true })).toBeVisible();
});

test('a device too full to save a dispute says so, keeps what was typed, and saves it once there is room', async ({ page, context }) => {
  // The device has 8 MiB for this site: room for the app and the customer's records, not
  // for a 9 MiB photo. Set before the app first writes, so the browser's cached view of
  // the free space is this one.
  const devtools = await context.newCDPSession(page);
  const origin = new URL(process.env.SETTLE_URL).origin;
  await devtools.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 8 * 1024 * 1024 });
  const customer = await newCustomer('Noor Haddad', { invoices: [['INV-Q1', 10, '80.00']] });
  await signIn(page, customer.email);
  await page.getByRole('link', { name: 'Invoices' }).click();
  await page.getByRole('link', { name: 'Invoice INV-Q1', exact: true }).click();
  await page.getByRole('link', { name: 'Dispute invoice INV-Q1' }).click();
  await page.getByLabel('What is wrong?').selectOption({ label: 'It arrived damaged or does not work' });
  await page.getByLabel('Amount you dispute').fill('30.00');
  await page.getByLabel('What happened?').fill('The lid was split.');
  const photo = Buffer.alloc(9 * 1024 * 1024);
  Buffer.from('\x89PNG\r\n\x1a\n', 'latin1').copy(photo);
  await page.getByLabel('Photos or documents (optional)').setInputFiles({
    name: 'split-lid.png',
    mimeType: 'image/png',
    buffer: photo,
  });
  await page.getByRole('button', { name: 'Send dispute' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'This device has no room left to save it' })).toBeVisible();
  await expect(page.getByLabel('What happened?')).toHaveValue('The lid was split.');
  await expect(page.getByLabel('Amount you dispute')).toHaveValue('30.00');
  await expect(page.getByTestId('chosen-files')).toContainText('split-lid.png');
  await expect(page.getByTestId('waiting').getByRole('link')).toHaveCount(0);
  expect(await backOffice(`/accounts/${customer.accountId}/disputes`)).toHaveLength(0);

  // Space freed, the same form sends it.
  await devtools.send('Storage.overrideQuotaForOrigin', { origin });
  await page.getByRole('button', { name: 'Send dispute' }).click();
  await expect(page).toHaveURL(/\/disputes$/);
  await expect(page.getByRole('link', { name: 'Details of the dispute on invoice INV-Q1' })).toBeVisible();
  const disputes = await backOffice(`/accounts/${customer.accountId}/disputes`);
  expect(disputes).toHaveLength(1);
  expect(disputes[0]).toMatchObject({ amount: '30.00', description: 'The lid was split.' });
  expect(disputes[0].attachments.map((a) => a.file_name)).toEqual(['split-lid.png']);
});
