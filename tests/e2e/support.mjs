// Helpers shared by the end-to-end tests.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';

const serverLog = process.env.SETTLE_SERVER_LOG;

/** The newest one-time code the demo server printed for `email`, waiting for it to appear. */
export async function signInCode(email, after = 0) {
  const pattern = new RegExp(`Sign-in code for ${email.replace(/[.@]/g, '\\$&')}: (\\d{6})`, 'g');
  for (let tries = 0; tries < 100; tries++) {
    const log = await readFile(serverLog, 'utf8');
    const codes = [...log.matchAll(pattern)].map((m) => m[1]);
    if (codes.length > after) return codes[codes.length - 1];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no sign-in code for ${email} in ${serverLog}`);
}

/** How many codes the server has printed for `email` so far. */
export async function codesSent(email) {
  const log = await readFile(serverLog, 'utf8');
  return log.split(`Sign-in code for ${email}:`).length - 1;
}

/** Signs in through the sign-in page as a demo customer, at `origin` if given, and
 * waits for the overview. */
export async function signIn(page, email, origin = '') {
  const before = await codesSent(email);
  await page.goto(`${origin}/`);
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send me a sign-in code' }).click();
  await expect(page.getByLabel('Sign-in code')).toBeVisible();
  await page.getByLabel('Sign-in code').fill(await signInCode(email, before));
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signed in once the app has taken the customer to their overview; a click before
  // that would race the app's own navigation.
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
}

/** Saves a full-page screenshot under the ignored artifacts folder. */
export async function screenshot(page, name) {
  const path = fileURLToPath(new URL(`../../artifacts/screenshots/${name}.png`, import.meta.url));
  await page.screenshot({ path, fullPage: true });
}

/** Collects every Content-Security-Policy violation the page reports, as it happens. */
export function cspViolations(page) {
  const violations = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  return violations;
}

/** Reads `path` (under /api/v1/admin) from the back office of the server under test. */
export async function backOffice(path) {
  const response = await fetch(`${process.env.SETTLE_URL}/api/v1/admin${path}`, {
    headers: { authorization: `Bearer ${process.env.SETTLE_ADMIN_TOKEN}` },
  });
  expect(response.ok, `GET /admin${path}: ${response.status}`).toBe(true);
  return response.json();
}

/** The signed-in customer's id and the ids of their accounts, as the server knows them. */
export async function whoIsSignedIn(page) {
  const session = await page.request.get('/api/v1/session');
  expect(session.ok()).toBe(true);
  const { customer_id: customerId } = await session.json();
  const sync = await page.request.get('/api/v1/sync?limit=1000');
  const accounts = (await sync.json()).items.filter((item) => item.kind === 'account' && !item.deleted);
  return { customerId, accountIds: accounts.map((account) => account.id) };
}

/** Every dispute the back office holds on the signed-in customer's accounts. */
export async function disputesOnServer(page) {
  const { accountIds } = await whoIsSignedIn(page);
  const lists = await Promise.all(accountIds.map((id) => backOffice(`/accounts/${id}/disputes`)));
  return lists.flat();
}
