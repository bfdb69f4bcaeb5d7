import { test, expect } from '@playwright/test';
import { signIn, screenshot } from './support.mjs';

// Waits until the service worker controls the page, so a reload can be served offline.
async function waitForServiceWorker(page) {
  await page.waitForFunction(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active !== null && navigator.serviceWorker.controller !== null;
  });
}

test('offline, a reload still shows the app and the customer’s data', async ({ page, context }) => {
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
