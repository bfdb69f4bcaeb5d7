import { test, expect } from './fixtures.mjs';
import { EVERY_PAGE, expectAccessiblePages, expectNoViolations, newCustomer, newOffer, openMore, signIn } from './support.mjs';

// WCAG 2.2 AA, as axe-core checks it.
const VIEWPORTS = [
  { width: 360, height: 800 },
  { width: 1280, height: 800 },
];
const THEMES = ['light', 'dark'];

/** Opens "More" (on a phone; on a wide screen what it holds shows already) where `ready`
 * is, in both themes at both sizes, and runs axe on it. */
async function expectAccessibleMore(page, ready) {
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      await page.goto('/');
      await openMore(page);
      await expect(page.getByRole(ready.role, { name: ready.name, exact: true })).toBeVisible();
      await expectNoViolations(page, `/ with More open, ${viewport.width}x${viewport.height}, ${theme}`);
    }
  }
}

for (const theme of THEMES) {
  for (const viewport of VIEWPORTS) {
    const size = `${viewport.width}x${viewport.height}`;
    test(`every page meets WCAG 2.2 AA at ${size} in the ${theme} theme`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: theme });
      await page.goto('/sign-in');
      await expect(page.getByRole('button', { name: 'Send me a sign-in code' })).toBeVisible();
      await expectNoViolations(page, `/sign-in, ${size}, ${theme}`);

      await signIn(page, 'riley@example.com');
      await expectAccessiblePages(page, EVERY_PAGE, `${size}, ${theme}`);
      await expectAccessibleMore(page, { role: 'button', name: 'Sign out' });
    });
  }
}

/** Checks each of `pages` (as in `EVERY_PAGE`) at both sizes in both themes, signed in as the
 * customer the page shows. */
async function expectAccessibleEverywhere(page, pages) {
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      await expectAccessiblePages(page, pages, `${viewport.width}x${viewport.height}, ${theme}`);
    }
  }
}

test('a plan offer, and the plans page that lists it, meet WCAG 2.2 AA at both sizes in both themes', async ({ page }) => {
  const customer = await newCustomer('Quinn Hale', { invoices: [['INV-A1', -20, '300.00']], policy: true });
  const offer = await newOffer(customer, '300.00', [[7, '150.00'], [37, '150.00']]);
  await signIn(page, customer.email);
  await expectAccessibleEverywhere(page, [
    { path: '/plans', ready: { role: 'link', name: 'Look at this offer' } },
    { path: `/plans/offers/${offer}`, ready: { role: 'button', name: 'Agree to this plan' } },
  ]);
});

test('a plan agreement and the account switcher meet WCAG 2.2 AA at both sizes in both themes', async ({ page }) => {
  await signIn(page, 'morgan@example.com');
  await expectAccessibleEverywhere(page, [
    { path: '/', ready: { role: 'heading', name: 'Your account' } },
    { path: '/plans', ready: { role: 'heading', name: 'Your plan' } },
    { path: '/plans/pln_morgan_kwd', ready: { role: 'heading', name: 'Your plan agreement' } },
  ]);
  await expectAccessibleMore(page, { role: 'combobox', name: 'Account' });
});

for (const theme of THEMES) {
  test(`every page meets WCAG 2.2 AA in Spanish at 360x800 in the ${theme} theme`, async ({ page }) => {
  await page.emulateMedia({ colorScheme: theme });
  const chooseLanguage = (tag) => page.evaluate((tag) => localStorage.setItem('settle-language', tag), tag);
  await page.goto('/sign-in');
  await chooseLanguage('es');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Enviarme un código de acceso' })).toBeVisible();
  await expectNoViolations(page, '/sign-in, Spanish');

  await chooseLanguage('en');
  await signIn(page, 'riley@example.com');
  await chooseLanguage('es');
  await expectAccessiblePages(page, EVERY_PAGE, `Spanish, ${theme}`, 'es');
  });
}
