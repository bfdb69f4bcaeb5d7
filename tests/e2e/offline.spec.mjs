import { test, expect, OFFLINE } from './fixtures.mjs';
import { backOffice, signIn, screenshot, waitForServiceWorker, whoIsSignedIn, openMore } from './support.mjs';

test('offline, a reload still shows the app and the customer’s data', async ({ page, context, expectErrors }) => {
  expectErrors(OFFLINE);
  await signIn(page, 'alex@example.com');
  await expect(page.getByTestId('balance')).toHaveText('£1,127.75');
  // The first visit installs the worker; a reload puts the page under its control.
  await page.reload();
  await waitForServiceWorker(page);
  await expect(page.getByTestId('balance')).toHaveText('£1,127.75');

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('balance')).toHaveText('£1,127.75');
  await expect(page.getByTestId('overdue')).toHaveText('£485.50');
  await expect(page.getByTestId('connection')).toHaveText('Offline');
  await expect(page.getByText(/^Showing data from /)).toBeVisible();
  await screenshot(page, 'overview-offline-360x800');
  await context.setOffline(false);
});

test('after signing out nothing of the customer’s is left on the device', async ({ page }) => {
  await signIn(page, 'alex@example.com');
  await expect(page.getByTestId('balance')).toHaveText('£1,127.75');
  await page.reload();
  await waitForServiceWorker(page);
  // A cache of customer data (as statement PDFs are kept) must go too.
  await page.evaluate(async () => {
    const cache = await caches.open('settle-documents');
    await cache.put('/statement.pdf', new Response('%PDF-1.4 statement'));
  });

  await openMore(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  const left = await page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((db) => db.name),
    caches: await caches.keys(),
  }));
  expect(left.databases).not.toContain('settle');
  expect(left.caches.every((name) => name.startsWith('settle-shell-'))).toBe(true);
  const session = await page.request.get('/api/v1/session');
  expect(session.status()).toBe(401);
});

test('signing out with actions still waiting asks first: send them, or discard them knowingly', async ({ page, context, expectErrors }) => {
  expectErrors(OFFLINE);
  await signIn(page, 'morgan@example.com');
  await expect(page.getByTestId('balance').first()).toBeVisible();
  await page.reload();
  await waitForServiceWorker(page);
  const { customerId } = await whoIsSignedIn(page);
  const historyOnServer = async () => (await backOffice(`/customers/${customerId}/preferences`)).history.length;
  const before = await historyOnServer();

  const changeOffline = async (channel) => {
    await context.setOffline(true);
    await openMore(page);
    await page.getByRole('link', { name: 'Contact preferences' }).click();
    await page.getByRole('group', { name: 'Never contact me by' }).getByLabel(channel).check();
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expect(page.getByTestId('waiting')).toHaveText('1 action waiting to be sent');
  };
  const warning = page.getByRole('alertdialog', { name: 'An action has not been sent yet' });

  // Keep them: nothing is signed out, and they go once the connection is back.
  await changeOffline('Post');
  await openMore(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('1 of your actions is saved on this device but has not reached us.');
  await screenshot(page, 'sign-out-warning-360x800');
  await context.setOffline(false);
  await warning.getByRole('button', { name: 'Keep it and send it now' }).click();
  await expect(warning).toHaveCount(0);
  await expect(page.getByTestId('waiting')).toHaveText('');
  expect(await historyOnServer()).toBe(before + 1);

  // Discard them: signed out, nothing left on the device, and nothing reaches the server.
  await changeOffline('Phone call');
  await openMore(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await warning.getByRole('button', { name: 'Sign out and discard it' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  const databases = await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
  expect(databases).not.toContain('settle');
  await context.setOffline(false);
  expect(await historyOnServer()).toBe(before + 1);
});
