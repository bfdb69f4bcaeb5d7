import { test, expect, answered, CUT } from './fixtures.mjs';
import { startFaultProxy } from './fault-proxy.mjs';
import { disputesOnServer, signIn } from './support.mjs';

let proxy;
test.beforeAll(async () => {
  proxy = await startFaultProxy(process.env.SETTLE_URL);
});
test.afterAll(async () => {
  await proxy.close();
});

test('a dispute sent while the server fails arrives exactly once when it recovers', async ({ page, expectErrors }) => {
  expectErrors(answered(503), CUT);
  await signIn(page, 'riley@example.com', proxy.url);
  await expect(page.getByTestId('balance')).toBeVisible();
  const before = (await disputesOnServer(page)).length;
  const waiting = page.getByTestId('dispute').filter({ hasText: 'Waiting to be sent' });

  // The server is unavailable, then the connection drops before the request reaches
  // it, then after it has done the work but before the answer gets back.
  proxy.failNext(
    (method, path) => method === 'POST' && path === '/api/v1/disputes',
    ['unavailable', 'drop', 'drop-answer'],
  );
  await page.getByRole('link', { name: 'Invoices' }).click();
  await page.getByRole('link', { name: 'Dispute invoice INV-6004' }).click();
  await page.getByLabel('What is wrong?').selectOption({ label: 'The price or quantity is wrong' });
  await page.getByLabel('What happened?').fill('Billed for 12 hours, we agreed 10.');
  await page.getByRole('button', { name: 'Send dispute' }).click();
  await expect(page).toHaveURL(/\/disputes$/);
  // While it fails, the customer sees that it waits and why, and that nothing is needed.
  await expect(page.getByTestId('dispute').filter({ hasText: 'Waiting to be sent:' })).toHaveCount(1);

  // The app retries on its own (Retry-After, then backoff) until the server answers.
  await expect(waiting).toHaveCount(0, { timeout: 40_000 });

  const after = await disputesOnServer(page);
  expect(after).toHaveLength(before + 1);
  expect(after.filter((d) => d.description === 'Billed for 12 hours, we agreed 10.')).toHaveLength(1);

  // The server did the work on the attempt whose answer was lost; the retry carried the
  // same key and got that answer replayed instead of doing it again.
  expect(proxy.log.map((entry) => entry.fault)).toEqual(['unavailable', 'drop', 'drop-answer', 'pass']);
  expect(new Set(proxy.log.map((entry) => entry.key)).size).toBe(1);
  expect(proxy.log[2].status).toBe(201);
  expect(proxy.log[3]).toMatchObject({ status: 201, replayed: 'true' });
});
