import { createServer } from 'node:net';
import { test, expect, answered } from './fixtures.mjs';
import { startOwnServer } from './own-server.mjs';
import { signIn, signInCode, codesSent, screenshot, cspViolations } from './support.mjs';

test('a demo customer signs in on a phone and sees their balance', async ({ page }) => {
  const violations = cspViolations(page);
  await signIn(page, 'alex@example.com');
  // Alex's demo invoices: 420.00 with 120.00 paid (45 days overdue), 185.50 (10 days
  // overdue) and 642.25 (due in 20 days).
  await expect(page.getByTestId('balance')).toHaveText('£1,127.75');
  await expect(page.getByTestId('overdue')).toHaveText('£485.50');
  await expect(page.getByText(/^Last synced /)).toBeVisible();
  await screenshot(page, 'overview-360x800');
  // The app runs under the server's strict Content-Security-Policy without breaking it.
  const policy = (await page.request.get('/')).headers()['content-security-policy'];
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(violations).toEqual([]);
});

test('each customer sees only their own account', async ({ page }) => {
  await signIn(page, 'sam@example.com');
  await expect(page.getByTestId('balance')).toHaveText('€99.90');
  await expect(page.getByText('SET-1001')).toHaveCount(0);
});

test('a wrong code is refused with a clear message and no session', async ({ page, expectErrors }) => {
  expectErrors(answered(401));
  const email = 'alex@example.com';
  const before = await codesSent(email);
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send me a sign-in code' }).click();
  const real = await signInCode(email, before);
  const wrong = real === '000000' ? '111111' : '000000';
  await page.getByLabel('Sign-in code').fill(wrong);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText(/code is wrong or has expired/);
  await expect(page).toHaveURL(/\/sign-in$/);
  const session = await page.request.get('/api/v1/session');
  expect(session.status()).toBe(401);
});

test('when the mail relay is down, the customer is told their code was not sent and keeps what they typed', async ({ page, expectErrors }) => {
  expectErrors(answered(503));
  // A relay address where nothing listens: the port of a listener closed at once.
  const closed = await new Promise((resolve) => {
    const listener = createServer().listen(0, '127.0.0.1', () => {
      const { port } = listener.address();
      listener.close(() => resolve(port));
    });
  });
  const server = await startOwnServer(['--smtp-url', `smtp://127.0.0.1:${closed}`]);
  try {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email address').fill('alex@example.com');
    await page.getByRole('button', { name: 'Send me a sign-in code' }).click();
    await expect(page.getByRole('alert')).toHaveText('We could not send your code. Try again in a moment.');
    await expect(page.getByLabel('Email address')).toHaveValue('alex@example.com');
    await expect(page.getByRole('button', { name: 'Send me a sign-in code' })).toBeEnabled();
    await expect(page.getByLabel('Sign-in code')).toHaveCount(0);
  } finally {
    await server.stop();
  }
});
