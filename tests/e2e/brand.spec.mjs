// The creditor's brand (docs/brand.md), read from /brand.json at start with no rebuild:
// with each demo brand the name, logo, colours and the help page's contacts and policies
// show, in both themes and both languages, and every page still meets WCAG 2.2 AA; a
// malformed file gives Settle's own brand with one error naming the field; a missing file
// gives it without a word; and a changed file reaches the customer on their next start.
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, answered, OFFLINE } from './fixtures.mjs';
import { startOwnServer } from './own-server.mjs';
import { EVERY_PAGE, expectAccessiblePages, expectNoViolations, reloadUnderServiceWorker, signIn } from './support.mjs';

const demoBrand = (name) => readFile(new URL(`../../public/brands/${name}.json`, import.meta.url), 'utf8');

/** Each demo brand with the primary colour the app uses in each theme (docs/brand.md's
 * table: the dark theme's is lightened to read on the dark page and cards). */
const BRANDS = {
  northwind: { primary: { light: '#1d3a8a', dark: '#7385b7' } },
  harbour: { primary: { light: '#0f766e', dark: '#41928c' } },
};

/** A `#rrggbb` colour as the browser computes it. */
const rgb = (hex) => {
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
};

/** Answers /brand.json with `body` (a string) for this page, or with `status` alone. */
async function serveBrand(page, body, status = 200) {
  await page.route('**/brand.json', (route) =>
    route.fulfill(body === undefined ? { status } : { status, contentType: 'application/json', body }),
  );
}

// The service worker would answer /brand.json before page.route sees it; the last test
// has a server of its own and the worker to check it with.
test.describe('with a brand', () => {
  test.use({ serviceWorkers: 'block' });

  for (const [name, { primary }] of Object.entries(BRANDS)) {
    test(`the ${name} brand shows its name, logo, colours, contacts and policies`, async ({ page }) => {
      const text = await demoBrand(name);
      const brand = JSON.parse(text);
      const warnings = [];
      page.on('console', (message) => {
        if (message.type() === 'warning' && message.text().includes('brand.json')) warnings.push(message.text());
      });
      await serveBrand(page, text);
      await page.goto('/sign-in');
      const bar = page.getByRole('banner');
      await expect(bar).toContainText(brand.name);
      await expect(page).toHaveTitle(brand.name);
      const logo = bar.getByRole('img', { name: brand.name });
      await expect(logo).toBeVisible();
      await expect(logo).toHaveAttribute('src', brand.logo);
      expect(await logo.evaluate((img) => img.complete && img.naturalWidth > 0), 'the logo loads').toBe(true);
      await expect(page.locator('meta[name="theme-color"][media*="light"]')).toHaveAttribute('content', primary.light);
      // Each demo brand has colours the app had to adjust, and says so.
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings.join('\n')).toMatch(/WCAG 2\.2 AA/);

      const button = page.getByRole('button', { name: 'Send me a sign-in code' });
      for (const theme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: theme });
        await expect(button).toHaveCSS('background-color', rgb(primary[theme]));
      }

      await page.goto('/help');
      const contact = page.getByRole('region', { name: 'Contact us' });
      const phone = contact.getByRole('link', { name: brand.support.phone });
      await expect(phone).toHaveAttribute('href', `tel:${brand.support.phone.replace(/[^+\d]/g, '')}`);
      await expect(contact.getByRole('link', { name: brand.support.email })).toHaveAttribute('href', `mailto:${brand.support.email}`);
      await expect(contact).toContainText(brand.support.hours);
      const policies = page.getByRole('region', { name: 'Our policies' });
      for (const policy of brand.policies) {
        await expect(policies.getByRole('link', { name: policy.title })).toHaveAttribute('href', policy.url);
      }

      await page.evaluate(() => localStorage.setItem('settle-language', 'es'));
      await page.reload();
      await expect(page.getByRole('heading', { name: 'Ayuda y políticas' })).toBeVisible();
      const contacto = page.getByRole('region', { name: 'Contacte con nosotros' });
      await expect(contacto).toContainText('Teléfono');
      await expect(contacto.getByRole('link', { name: brand.support.phone })).toBeVisible();
      await expect(contacto.getByRole('link', { name: brand.support.email })).toBeVisible();
      await expect(contacto).toContainText(brand.support.hours);
      const politicas = page.getByRole('region', { name: 'Nuestras políticas' });
      for (const policy of brand.policies) {
        await expect(politicas.getByRole('link', { name: policy.title })).toBeVisible();
      }
      await expect(page.getByRole('banner')).toContainText(brand.name);
    });
  }

  test('a malformed brand.json gives the default brand and one error naming the field', async ({ page, expectErrors }) => {
    expectErrors(/brand\.json field `primary`: must be a colour/);
    const errors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await serveBrand(page, JSON.stringify({ name: 'Broken Brand', primary: 'blue' }));
    await page.goto('/sign-in');
    await expect(page.getByRole('button', { name: 'Send me a sign-in code' })).toBeVisible();
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toMatch(/showing the default brand/);
    await expect(page.getByRole('banner')).toContainText('Settle');
    await expect(page.getByRole('banner')).not.toContainText('Broken Brand');
    await expect(page).toHaveTitle('Settle');
  });

  test('a missing brand.json gives the default brand without an error or warning', async ({ page, expectErrors }) => {
    // The browser's own line for the 404 is not the app's: the app says nothing.
    expectErrors(answered(404));
    const said = [];
    page.on('console', (message) => {
      if (['error', 'warning'].includes(message.type()) && /brand/.test(message.text())) said.push(message.text());
    });
    await serveBrand(page, undefined, 404);
    await page.goto('/help');
    await expect(page.getByRole('heading', { name: 'Help and policies' })).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('Settle');
    await expect(page).toHaveTitle('Settle');
    await expect(page.getByRole('region', { name: 'Contact us' })).toHaveCount(0);
    expect(said).toEqual([]);
  });

  // One test per brand, theme and language, each walking every page once.
  for (const name of Object.keys(BRANDS)) {
    for (const theme of ['light', 'dark']) {
      for (const language of ['en', 'es']) {
        test(`every page meets WCAG 2.2 AA with the ${name} brand in the ${theme} theme in ${language}`, async ({ page }) => {
          await serveBrand(page, await demoBrand(name));
          await page.emulateMedia({ colorScheme: theme });
          await signIn(page, 'riley@example.com');
          await expect(page.getByRole('banner').getByRole('img')).toBeVisible();
          if (language === 'es') await page.evaluate(() => localStorage.setItem('settle-language', 'es'));
          await expectAccessiblePages(page, EVERY_PAGE, `${name}, ${theme}, ${language}`, language === 'es' ? 'es' : 'name');
        });
      }
    }
  }
});

test('a changed brand.json reaches the customer on the next start, and the last one stays offline', async ({ page, context, expectErrors }) => {
  expectErrors(OFFLINE);
  const file = join(tmpdir(), `settle-brand-${Date.now()}.json`);
  await writeFile(file, await demoBrand('northwind'));
  const server = await startOwnServer(['--brand', file]);
  try {
    await page.goto(`${server.url}/sign-in`);
    await expect(page.getByRole('banner')).toContainText('Northwind Energy');
    const manifest = await (await page.request.get(`${server.url}/manifest.webmanifest`)).json();
    expect(manifest.name).toBe('Northwind Energy');
    expect(manifest.theme_color).toBe('#1d3a8a');
    await reloadUnderServiceWorker(page);
    await expect(page.getByRole('banner')).toContainText('Northwind Energy');

    await writeFile(file, await demoBrand('harbour'));
    await page.reload();
    await expect(page.getByRole('banner')).toContainText('Harbour Water');
    await expect(page).toHaveTitle('Harbour Water');
    expect((await (await page.request.get(`${server.url}/manifest.webmanifest`)).json()).short_name).toBe('Harbour Water');

    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('banner')).toContainText('Harbour Water');
    await expect(page.getByRole('banner').getByRole('img', { name: 'Harbour Water' })).toBeVisible();
    await context.setOffline(false);
  } finally {
    await server.stop();
  }
});
