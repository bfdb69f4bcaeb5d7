// Helpers shared by the benchmarks.
import { readFile } from 'node:fs/promises';

/** How Chromium is started for every benchmark: Debian's build, headless, quiet. */
export const CHROMIUM_OPTIONS = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/** The newest one-time code the demo server printed for `email`, waiting for it. */
export async function signInCode(email) {
  const pattern = new RegExp(`Sign-in code for ${email.replace(/[.@]/g, '\\$&')}: (\\d{6})`, 'g');
  for (let tries = 0; tries < 100; tries++) {
    const log = await readFile(process.env.SETTLE_SERVER_LOG, 'utf8');
    const found = [...log.matchAll(pattern)];
    if (found.length) return found[found.length - 1][1];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no sign-in code for ${email} in the server log`);
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
