import { test, expect } from './fixtures.mjs';
import { codesSent, expectNoViolations, newCustomer, signInCode, screenshot, openMore } from './support.mjs';

/** The customer's accounts as the server has them, from sync. */
async function accountsOnServer(page) {
  const response = await page.request.get('/api/v1/sync?limit=1000');
  expect(response.ok()).toBe(true);
  return (await response.json()).items.filter((i) => i.kind === 'account' && !i.deleted).map((i) => i.data);
}

const money = (locale, amount, currency) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);

const calendarDate = (locale, day) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(`${day}T00:00:00`));

/** Signs in through the Spanish sign-in page and waits for the Spanish overview. */
async function signInInSpanish(page, email) {
  const before = await codesSent(email);
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { name: 'Inicie sesión en Settle', level: 1 })).toBeVisible();
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByRole('button', { name: 'Enviarme un código de acceso' }).click();
  await expect(page.getByLabel('Código de acceso')).toBeVisible();
  await page.getByLabel('Código de acceso').fill(await signInCode(email, before));
  await page.getByRole('button', { name: 'Iniciar sesión', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Su cuenta', level: 1 })).toBeVisible();
}

test.describe('a browser that prefers Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('gets the portal in Spanish, with money and dates formatted for Spanish', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByLabel('Idioma')).toHaveValue('es');
    await screenshot(page, 'es-sign-in-360x800');

    await signInInSpanish(page, 'alex@example.com');
    await expect(page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Facturas' })).toBeVisible();
    const [account] = await accountsOnServer(page);
    const card = page.getByRole('region', { name: `${account.name} · ${account.number}` });
    for (const [id, field] of [
      ['balance', 'balance'],
      ['overdue', 'overdue'],
      ['not-yet-due', 'not_yet_due'],
      ['disputed', 'disputed'],
      ['available-credit', 'available_credit'],
    ]) {
      await expect(card.getByTestId(id)).toHaveText(money('es-ES', account[field], account.currency));
    }
    await expect(card.getByTestId('standing')).toContainText(
      `${money('es-ES', account.overdue, account.currency)} ha superado su fecha de vencimiento`,
    );
    await expect(card).toContainText(`Cifras a ${calendarDate('es-ES', account.as_of)}.`);
    await expect(card.getByRole('heading', { name: 'Próximos vencimientos' })).toBeVisible();

    await expectNoViolations(page, 'the overview in Spanish');
    await screenshot(page, 'es-overview-360x800');
  });

  test('switches to English, and the choice stays across reloads', async ({ page }) => {
    await signInInSpanish(page, 'alex@example.com');
    await openMore(page);
    await Promise.all([page.waitForEvent('load'), page.getByLabel('Idioma').selectOption('en')]);
    await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByLabel('Language')).toHaveValue('en');
    const [account] = await accountsOnServer(page);
    await expect(page.getByTestId('balance')).toHaveText(money('en', account.balance, account.currency));

    await page.reload();
    await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Invoices' })).toBeVisible();
    await screenshot(page, 'es-browser-chose-english-360x800');

    // And back to Spanish.
    await openMore(page);
    await Promise.all([page.waitForEvent('load'), page.getByLabel('Language').selectOption('es')]);
    await expect(page.getByRole('heading', { name: 'Su cuenta', level: 1 })).toBeVisible();
  });

  test('hears the plan rules in Spanish, next to the field, with amounts written the Spanish way', async ({ page }) => {
    const customer = await newCustomer('Lucía Pardo', { invoices: [['INV-E1', -40, '200.00']], policy: true });
    await signInInSpanish(page, customer.email);
    await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Planes' }).click();
    await page.getByRole('link', { name: 'Crear su propio plan' }).click();
    await page.getByLabel('Número de cuotas').fill('20');
    await expect(page.locator('#size-error')).toHaveText('20 cuotas superan el máximo de 12.');
    // 200.00 in 12 is under the 25.00 minimum; the amounts are written by Intl for es-ES.
    await page.getByLabel('Número de cuotas').fill('12');
    await expect(page.locator('#size-error')).toHaveText(
      `Cada cuota debe ser de al menos ${money('es-ES', '25.00', 'GBP')}, pero con 12 cuotas serían de ${money('es-ES', '16.66', 'GBP')}; elija como máximo 8 cuotas.`,
    );
    await screenshot(page, 'es-plan-builder-error-360x800');
  });

  test('can choose English on the sign-in page, before signing in', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { name: 'Inicie sesión en Settle' })).toBeVisible();
    await Promise.all([page.waitForEvent('load'), page.getByLabel('Idioma').selectOption('en')]);
    await expect(page.getByRole('heading', { name: 'Sign in to Settle' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Sign in to Settle' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send me a sign-in code' })).toBeVisible();
  });
});

test('a browser that prefers English gets the portal in English', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in to Settle', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByLabel('Language')).toHaveValue('en');
  await expect(page.getByLabel('Language').locator('option')).toHaveText(['English', 'Español']);
});
