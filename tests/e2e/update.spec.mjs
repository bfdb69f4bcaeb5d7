import { test, expect } from './fixtures.mjs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startOwnServer } from './own-server.mjs';
import { reloadUnderServiceWorker, screenshot } from './support.mjs';

let server;
test.beforeAll(async () => {
  server = await startOwnServer();
});
test.afterAll(async () => {
  await server?.stop();
});

/** Publishes a new build: the worker script changes, as every release changes it. */
async function publishNewVersion(appDir, build) {
  const script = join(appDir, 'sw.js');
  const text = await readFile(script, 'utf8');
  const changed = text.replace(/const BUILD = '[^']*';/, `const BUILD = '${build}';`);
  expect(changed).not.toBe(text);
  await writeFile(script, changed);
  // The precompressed copies are of the old script.
  await rm(`${script}.br`, { force: true });
  await rm(`${script}.gz`, { force: true });
}

const shellCaches = (page) =>
  page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('settle-shell-')));

test('a new version waits until the customer chooses to reload', async ({ page }) => {
  await page.goto(`${server.url}/sign-in`);
  // The first visit installs the worker; a reload puts the page under its control.
  await reloadUnderServiceWorker(page);
  const before = await shellCaches(page);
  expect(before).toHaveLength(1);
  await page.getByLabel('Email address').fill('half-typed@example.com');

  await publishNewVersion(server.appDir, 'next-release');
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  const banner = page.getByRole('status').filter({ hasText: 'A new version of Settle is ready.' });
  await expect(banner).toBeVisible();
  await screenshot(page, 'update-waiting-360x800');
  // Nothing reloaded behind the customer's back: what they typed is still there, and
  // the old version still serves the page.
  await expect(page.getByLabel('Email address')).toHaveValue('half-typed@example.com');
  expect(await shellCaches(page)).toContain(before[0]);

  await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload to update' }).click()]);
  await expect(banner).toHaveCount(0);
  await expect.poll(() => shellCaches(page)).toEqual(['settle-shell-next-release']);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
