// `test` and `expect` for every end-to-end spec. A test fails on any uncaught error in a
// page and on any console error it did not declare: the app must not limp on past a
// panic, a failed request it did not mean or a broken promise, unnoticed.
//
// A test that provokes errors on purpose declares them, each as a pattern matched
// against the error's text (its message and, for a console message, where it came from):
//
//   test('...', async ({ page, expectErrors }) => {
//     expectErrors(/ERR_INTERNET_DISCONNECTED/);
//     ...
//   });
import { test as base, expect } from '@playwright/test';

export { expect };

/** What the browser logs for a request made while the test holds it offline. */
export const OFFLINE = /net::ERR_INTERNET_DISCONNECTED/;
/** A request whose connection a fault proxy cut, before or after the server acted. */
export const CUT = /net::ERR_(CONNECTION_RESET|EMPTY_RESPONSE|CONNECTION_CLOSED)/;
/** A request the server answered with this HTTP status, e.g. `answered(503)`. */
export const answered = (status) => new RegExp(`responded with a status of ${status} `);

export const test = base.extend({
  /** Declares console errors this test expects; anything else fails it. */
  expectErrors: async ({ pageErrors }, use) => {
    await use((...patterns) => pageErrors.expected.push(...patterns));
  },

  pageErrors: [
    async ({ context }, use) => {
      const errors = { seen: [], expected: [] };
      const watch = (page) => {
        page.on('pageerror', (error) => {
          errors.seen.push(`uncaught in ${page.url()}: ${error.stack || error.message}`);
        });
        page.on('console', (message) => {
          if (message.type() !== 'error') return;
          const { url, lineNumber } = message.location();
          errors.seen.push(`console error in ${page.url()}: ${message.text()} (${url}:${lineNumber})`);
        });
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use(errors);
      const unexpected = errors.seen.filter((text) => !errors.expected.some((pattern) => pattern.test(text)));
      expect(unexpected, 'errors in the page that the test did not declare').toEqual([]);
    },
    { auto: true },
  ],
});
