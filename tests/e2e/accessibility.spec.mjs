import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { signIn } from './support.mjs';

// WCAG 2.2 AA, as axe-core checks it.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const VIEWPORTS = [
  { width: 360, height: 800 },
  { width: 1280, height: 800 },
];
const THEMES = ['light', 'dark'];

/** Every page a signed-in customer can reach, with what shows once it has loaded. */
const PAGES = [
  { path: '/', ready: { role: 'heading', name: 'Your account' } },
  { path: '/invoices', ready: { role: 'heading', name: 'Invoices', exact: true } },
  { path: '/invoices/inv_inv-6001', ready: { role: 'heading', name: 'Invoice INV-6001' } },
  { path: '/invoices/inv_inv-6004/dispute', ready: { role: 'button', name: 'Send dispute' } },
  { path: '/disputes', ready: { role: 'heading', name: 'Disputes' } },
  { path: '/disputes/dsp_riley_2', ready: { role: 'heading', name: 'Dispute on invoice INV-6003' } },
  { path: '/payments', ready: { role: 'heading', name: 'Payments' } },
  { path: '/statements', ready: { role: 'heading', name: 'Statements' } },
  { path: '/plans', ready: { role: 'link', name: 'Build your own plan' } },
  { path: '/plans/build/acc_riley_gbp', ready: { role: 'button', name: 'Review and agree' } },
  { path: '/promise', ready: { role: 'button', name: 'Make this promise' } },
  { path: '/ask-for-help', ready: { role: 'button', name: 'Ask for help' } },
  { path: '/help', ready: { role: 'heading', name: 'Help and policies' } },
  { path: '/contact-preferences', ready: { role: 'button', name: 'Save preferences' } },
  { path: '/no-such-page', ready: { role: 'heading', name: 'Page not found' } },
];

/** Runs axe on the page as it is and fails with every violation, described. */
async function expectNoViolations(page, label) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  expect(found, `${label}\n${found.join('\n')}`).toEqual([]);
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
      for (const { path, ready } of PAGES) {
        await page.goto(path);
        await expect(page.getByRole(ready.role, { name: ready.name, exact: true })).toBeVisible();
        await expectNoViolations(page, `${path}, ${size}, ${theme}`);
      }
    });
  }
}
