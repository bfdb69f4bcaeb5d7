// Storage trouble loses nothing silently: a store the browser evicted is filled again
// from the backend.
import { test, expect } from './fixtures.mjs';
import { newCustomer, signIn } from './support.mjs';

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
