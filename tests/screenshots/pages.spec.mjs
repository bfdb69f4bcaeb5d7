// Every page at phone size (360x800) and wide (1280x800), signed in as demo customers
// with their data, saved as docs/screenshots/<name>-<width>x<height>.png. Each page is
// shown once what it is for has loaded.
import { fileURLToPath } from 'node:url';
import { test, expect } from '../e2e/fixtures.mjs';
import { signIn } from '../e2e/support.mjs';

const SIZES = [
  { width: 360, height: 800 },
  { width: 1280, height: 800 },
];

/** Saves the screen as it is at each size, as `name`. */
async function shoot(page, name, ready) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await expect(ready()).toBeVisible();
    await expect(page.locator('main').getByText('Loading…')).toHaveCount(0);
    // The fonts and the layout settle after a resize.
    await page.evaluate(() => document.fonts.ready);
    const path = fileURLToPath(new URL(`../../docs/screenshots/${name}-${size.width}x${size.height}.png`, import.meta.url));
    await page.screenshot({ path });
  }
}

/** Opens `path` and saves it as `name` once `role` named `label` shows. */
async function visit(page, path, name, role, label) {
  await page.goto(path);
  await shoot(page, name, () => page.getByRole(role, { name: label, exact: true }).first());
}

/** The ids of the records of `kind` the signed-in customer has. */
async function idsOf(page, kind) {
  const response = await page.request.get('/api/v1/sync?limit=1000');
  expect(response.ok()).toBe(true);
  return (await response.json()).items.filter((item) => item.kind === kind && !item.deleted).map((item) => item.id);
}

test('signed out', async ({ page }) => {
  await visit(page, '/sign-in', 'sign-in', 'button', 'Send me a sign-in code');
});

test('an account on stop, with disputes', async ({ page }) => {
  await page.setViewportSize(SIZES[0]);
  await signIn(page, 'riley@example.com');
  await shoot(page, 'overview', () => page.getByRole('heading', { name: 'Your account', level: 1 }));
  await visit(page, '/invoices', 'invoices', 'heading', 'Invoices');
  await visit(page, '/invoices/inv_inv-6001', 'invoice', 'heading', 'Invoice INV-6001');
  await visit(page, '/invoices/inv_inv-6004/dispute', 'raise-dispute', 'button', 'Send dispute');
  await visit(page, '/disputes', 'disputes', 'heading', 'Disputes');
  await visit(page, '/disputes/dsp_riley_2', 'dispute', 'heading', 'Dispute on invoice INV-6003');
  await visit(page, '/payments', 'payments', 'heading', 'Payments');
  await visit(page, '/statements', 'statements', 'heading', 'Statements');
  await visit(page, '/plans', 'plans', 'link', 'Build your own plan');
  await visit(page, '/plans/build/acc_riley_gbp', 'plan-builder', 'button', 'Review and agree');
  await visit(page, '/promise', 'promise', 'button', 'Make this promise');
  await visit(page, '/ask-for-help', 'ask-for-help', 'button', 'Ask for help');
  await visit(page, '/help', 'help', 'heading', 'Help and policies');
  await visit(page, '/contact-preferences', 'contact-preferences', 'button', 'Save preferences');
  await visit(page, '/waiting', 'waiting', 'heading', 'Your actions on this device');
  await visit(page, '/no-such-page', 'not-found', 'heading', 'Page not found');
});

test('plan offers', async ({ page }) => {
  await page.setViewportSize(SIZES[0]);
  await signIn(page, 'jordan@example.com');
  const [offer] = await idsOf(page, 'plan_offer');
  await visit(page, `/plans/offers/${offer}`, 'plan-offer', 'heading', 'A plan we offer you');
});

test('a plan being paid', async ({ page }) => {
  await page.setViewportSize(SIZES[0]);
  await signIn(page, 'morgan@example.com');
  await visit(page, '/plans', 'plan-active', 'heading', 'Your plan');
  const [plan] = await idsOf(page, 'plan');
  await visit(page, `/plans/${plan}`, 'plan-receipt', 'heading', 'Your plan agreement');
});
