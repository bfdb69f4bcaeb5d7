import { test, expect } from './fixtures.mjs';
import { signIn } from './support.mjs';

// The frame on a phone and on a wide screen, measured with bounding boxes.
const PHONE = { width: 360, height: 800 };
const WIDE = { width: 1280, height: 800 };

/** The main pages, by where they are and their heading. */
const PAGES = [
  ['/', 'Your account'],
  ['/invoices', 'Invoices'],
  ['/disputes', 'Disputes'],
  ['/plans', 'Payment plans'],
  ['/payments', 'Payments'],
  ['/statements', 'Statements'],
  ['/contact-preferences', 'Contact preferences'],
  ['/help', 'Help and policies'],
];

/** What shows once a page's records are on it (they come after its heading). */
const RECORDS = {
  '/': 'balance',
  '/invoices': 'invoice',
  '/disputes': 'dispute',
};

/** Who is signed in, the demo customer and one with disputes, and the pages whose records
 * they have. */
const CUSTOMERS = [
  ['alex@example.com', ['/', '/invoices']],
  ['riley@example.com', ['/', '/invoices', '/disputes']],
];

/** The visible controls smaller than 44x44 CSS px (links inside a sentence are exempt, as
 * WCAG 2.5.8 allows), described for the failure message. */
function smallTargets(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('a, button, select, input:not([type=checkbox]):not([type=radio]), textarea, summary')]
      .filter((element) => element.checkVisibility() && !element.closest('p, li.thread-item'))
      .map((element) => [element, element.getBoundingClientRect()])
      .filter(([, box]) => box.width < 44 || box.height < 44)
      .map(([element, box]) => `${element.tagName} "${element.textContent.trim().slice(0, 40)}" ${Math.round(box.width)}x${Math.round(box.height)}`),
  );
}

const noHorizontalScroll = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

for (const viewport of [PHONE, WIDE]) {
  const size = `${viewport.width}x${viewport.height}`;
  const phone = viewport === PHONE;

  for (const [email, withRecords] of CUSTOMERS) test(`at ${size} every main page starts near the top, fits the width and has big enough targets, for ${email}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await signIn(page, email);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [path, heading] of PAGES) {
      await page.goto(path);
      const title = page.getByRole('heading', { name: heading, level: 1, exact: true });
      await expect(title).toBeVisible();
      if (withRecords.includes(path)) await expect(page.getByTestId(RECORDS[path]).first()).toBeVisible();
      const top = (await title.boundingBox()).y;
      test.info().annotations.push({ type: 'heading top', description: `${path} ${Math.round(top)}px` });
      expect(top, `${path}: heading top ${top}px`).toBeLessThanOrEqual(120);
      expect(await noHorizontalScroll(page), `${path}: scrolls sideways`).toBe(true);
      expect(await smallTargets(page), `${path}: targets under 44x44`).toEqual([]);
      // The tab bar at the bottom of a phone, with "More"; a bar at the top otherwise.
      const invoices = (await nav.getByRole('link', { name: 'Invoices' }).boundingBox());
      if (phone) {
        expect(invoices.y + invoices.height).toBeGreaterThan(viewport.height - 80);
        await expect(nav.getByRole('button', { name: 'More' })).toBeVisible();
      } else {
        expect(invoices.y).toBeLessThan(120);
        await expect(nav.getByRole('button', { name: 'More' })).toBeHidden();
        await expect(nav.getByRole('link', { name: 'Payments' })).toBeVisible();
      }
    }
  });

  test(`at ${size} the overview shows the balance, the overdue amount and the pay button on the first screen`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await signIn(page, 'alex@example.com');
    await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
    // Above the tab bar, where it is not covered.
    const bottom = phone ? (await page.locator('.tabs').boundingBox()).y : viewport.height;
    for (const target of [
      page.getByTestId('balance').first(),
      page.getByTestId('overdue').first(),
      page.getByRole('button', { name: /^Pay the balance of .* now$/ }).first(),
    ]) {
      const box = await target.boundingBox();
      expect(box.y + box.height, `${target} ends at ${box.y + box.height}px`).toBeLessThanOrEqual(bottom);
    }
  });

  test(`at ${size} before sign-in there is nothing but signing in and help`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto('/sign-in');
    await expect(page.getByRole('button', { name: 'Send me a sign-in code' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(['Sign in', 'Help']);
    await expect(page.getByRole('button', { name: 'More' })).toHaveCount(0);
    expect(await noHorizontalScroll(page)).toBe(true);
  });
}

test('on a phone "More" holds the other pages, the language and signing out', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await signIn(page, 'alex@example.com');
  const more = page.getByRole('button', { name: 'More' });
  await expect(page.getByRole('link', { name: 'Payments' })).toBeHidden();
  await more.click();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  for (const name of ['Payments', 'Statements', 'Contact preferences', 'Help']) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByLabel('Language')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.getByRole('link', { name: 'Payments' }).click();
  await expect(page.getByRole('heading', { name: 'Payments', level: 1 })).toBeVisible();
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('link', { name: 'Statements' })).toBeHidden();
});
