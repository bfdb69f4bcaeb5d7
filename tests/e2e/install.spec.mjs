import { test, expect } from './fixtures.mjs';
import { reloadUnderServiceWorker } from './support.mjs';

test('Settle can be installed: a manifest with icons, a theme colour and a service worker', async ({ page, context }) => {
  await page.goto('/sign-in');
  await reloadUnderServiceWorker(page);

  const manifestUrl = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await page.request.get(manifestUrl)).json();
  expect(manifest).toMatchObject({ name: 'Settle', start_url: '/', display: 'standalone' });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
  for (const icon of manifest.icons) {
    const response = await page.request.get(icon.src);
    expect(response.ok(), icon.src).toBe(true);
    expect(response.headers()['content-type']).toBe(icon.type);
  }
  expect(manifest.icons.some((icon) => icon.purpose === 'maskable' && icon.sizes === '512x512')).toBe(true);
  await expect(page.locator('meta[name="theme-color"]').first()).toHaveAttribute('content', /^#/);

  // Chromium's own verdict on whether the page can be installed (test browsers run as
  // incognito, which alone would stop it).
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors.filter((error) => error.errorId !== 'in-incognito')).toEqual([]);
});
