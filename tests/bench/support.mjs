// Helpers shared by the benchmarks.
// The one-time code comes from the server's log, as in the end-to-end tests.
import { signInCode } from '../e2e/support.mjs';

/** How Chromium is started for every benchmark: Debian's build, headless, quiet. */
export const CHROMIUM_OPTIONS = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/** Signs in at `base` through the sign-in page as the demo customer `email`, and waits
 * for their balance. */
export async function signIn(page, base, email) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send me a sign-in code' }).click();
  await page.getByLabel('Sign-in code').fill(await signInCode(email));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('balance').waitFor();
}

/** Prints and returns the median, min, p90 and max of `times` (ms) under `name`. */
export function summary(name, times) {
  times.sort((a, b) => a - b);
  const n = times.length;
  const result = {
    benchmark: name,
    runs: n,
    median: (times[Math.floor((n - 1) / 2)] + times[Math.ceil((n - 1) / 2)]) / 2,
    min: times[0],
    p90: times[Math.min(n - 1, Math.floor(0.9 * n))],
    max: times[n - 1],
  };
  const ms = (value) => value.toFixed(1);
  console.log(
    `${name} (ms): median ${ms(result.median)}, min ${ms(result.min)}, p90 ${ms(result.p90)}, max ${ms(result.max)} over ${n} runs`,
  );
  return result;
}
