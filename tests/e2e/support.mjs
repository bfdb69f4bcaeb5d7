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

/** Signs in through the sign-in page as a demo customer. */
export async function signIn(page, email) {
  const before = await codesSent(email);
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send me a sign-in code' }).click();
  await expect(page.getByLabel('Sign-in code')).toBeVisible();
  await page.getByLabel('Sign-in code').fill(await signInCode(email, before));
  await page.getByRole('button', { name: 'Sign in' }).click();
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
