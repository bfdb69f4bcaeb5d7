// Helpers shared by the end-to-end tests.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const maildir = process.env.SETTLE_MAILDIR;

/** The sign-in mails the relay has received for `email`, oldest first, each as its code. */
async function codesMailedTo(email) {
  const folder = join(maildir, 'new');
  const names = await readdir(folder).catch(() => []);
  // aiosmtpd names each message `<seconds>.M<microseconds>…`: sortable by arrival.
  const arrival = (name) => {
    const [, seconds, micros] = name.match(/^(\d+)\.M(\d+)/) ?? [, '0', '0'];
    return BigInt(seconds) * 1_000_000n + BigInt(micros);
  };
  names.sort((a, b) => (arrival(a) < arrival(b) ? -1 : arrival(a) > arrival(b) ? 1 : 0));
  const codes = [];
  for (const name of names) {
    const mail = parseMail(await readFile(join(folder, name), 'latin1'));
    if (mail.headers.to?.toLowerCase().includes(email.toLowerCase())) {
      const code = mail.text.match(/\b(\d{6})\b/);
      if (!code) throw new Error(`a sign-in mail to ${email} without a code:\n${mail.text}`);
      codes.push(code[1]);
    }
  }
  return codes;
}

/** A mail's headers (lower-case names) and the decoded text of its text/plain part. */
function parseMail(raw) {
  const split = (entity) => {
    const at = entity.search(/\r?\n\r?\n/);
    const head = at < 0 ? entity : entity.slice(0, at);
    const body = at < 0 ? '' : entity.slice(at).replace(/^\r?\n\r?\n/, '');
    const headers = {};
    for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    return { headers, body };
  };
  const decode = ({ headers, body }) => {
    const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
    const bytes =
      encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
        : encoding === 'quoted-printable'
          ? Buffer.from(
              body
                .replace(/=\r?\n/g, '')
                .replace(/=([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
              'latin1',
            )
          : Buffer.from(body, 'latin1');
    return bytes.toString('utf8');
  };
  const mail = split(raw);
  const boundary = mail.headers['content-type']?.match(/boundary="?([^";]+)"?/)?.[1];
  const parts = boundary ? raw.split(`--${boundary}`).slice(1, -1).map((part) => split(part.replace(/^\r?\n/, ''))) : [mail];
  const plain = parts.find((part) => (part.headers['content-type'] ?? 'text/plain').startsWith('text/plain'));
  if (!plain) throw new Error(`a mail without a text/plain part:\n${raw}`);
  return { headers: mail.headers, text: decode(plain) };
}

/** The newest one-time code mailed to `email`, once more than `after` have arrived. */
export async function signInCode(email, after = 0) {
  for (let tries = 0; tries < 150; tries++) {
    const codes = await codesMailedTo(email);
    if (codes.length > after) return codes[codes.length - 1];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no sign-in mail for ${email} arrived in ${maildir}`);
}

/** How many sign-in mails `email` has been sent so far. */
export async function codesSent(email) {
  return (await codesMailedTo(email)).length;
}

/** Signs in through the sign-in page as a demo customer, at `origin` if given, and
 * waits for the overview. */
export async function signIn(page, email, origin = '') {
  const before = await codesSent(email);
  await page.goto(`${origin}/`);
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send me a sign-in code' }).click();
  await expect(page.getByLabel('Sign-in code')).toBeVisible();
  await page.getByLabel('Sign-in code').fill(await signInCode(email, before));
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signed in once the app has taken the customer to their overview; a click before
  // that would race the app's own navigation.
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
}

/** Saves a full-page screenshot under the ignored artifacts folder, after checking that
 * the page fits the width of the screen: nothing on it makes the customer scroll sideways. */
export async function screenshot(page, name) {
  const path = fileURLToPath(new URL(`../../artifacts/screenshots/${name}.png`, import.meta.url));
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    screen: document.documentElement.clientWidth,
  }));
  expect(widths.page, `${name}: the page is wider than the screen`).toBeLessThanOrEqual(widths.screen);
  await page.screenshot({ path, fullPage: true });
}

/** Collects every Content-Security-Policy violation the page reports, as it happens. */
export function cspViolations(page) {
  const violations = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  return violations;
}

/** Reads `path` (under /api/v1/admin) from the back office of the server under test,
 * or, with `method` and `body`, makes a change there. */
export async function backOffice(path, method = 'GET', body = undefined) {
  const response = await fetch(`${process.env.SETTLE_URL}/api/v1/admin${path}`, {
    method,
    headers: {
      authorization: `Bearer ${process.env.SETTLE_ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${method} /admin${path}: ${response.status} ${await response.clone().text()}`).toBe(true);
  return response.status === 204 ? null : response.json();
}

/** Gives the customer's account a statement for the month ending 30 days ago, for
 * `total` (their one invoice), with `pdf` as its PDF; resolves with the statement's id. */
export async function newStatement(customer, total, pdf) {
  const id = `stm-${customer.accountId}`;
  await backOffice(`/statements/${id}`, 'PUT', {
    id,
    account_id: customer.accountId,
    currency: 'GBP',
    period_start: day(-60),
    period_end: day(-30),
    opening_balance: '0.00',
    closing_balance: total,
    entries: [{ date: day(-50), description: 'Invoice', debit: total, credit: '0.00' }],
  });
  const response = await fetch(`${process.env.SETTLE_URL}/api/v1/admin/statements/${id}/pdf`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${process.env.SETTLE_ADMIN_TOKEN}`, 'content-type': 'application/pdf' },
    body: pdf,
  });
  expect(response.ok, `PUT the PDF of ${id}: ${response.status}`).toBe(true);
  return id;
}

/** A date `days` from today, as `YYYY-MM-DD`. */
export function day(days) {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Sets an account's plan policy: the demo's, with `changes` to any of its fields. */
export async function setPlanPolicy(accountId, changes = {}) {
  await backOffice(`/accounts/${accountId}/plan-policy`, 'PUT', {
    currency: 'GBP',
    min_instalment: '25.00',
    max_instalments: 12,
    max_term_months: 12,
    frequencies: ['weekly', 'fortnightly', 'monthly'],
    first_date_earliest_days: 0,
    first_date_latest_days: 30,
    setup_fee: '0.00',
    annual_interest_percent: '0',
    interest_rounding: 'toward_zero',
    missed_after_days: 7,
    missed_instalment_rule: 'If a payment is missed we will contact you before anything else happens.',
    promise_window_days: 14,
    terms_version: 'plans-2026-1',
    ...changes,
  });
}

/** Makes a new customer in the back office, with one GBP account holding `invoices`
 * (`[number, days from today to the due date, total]`) and, if asked, a plan policy.
 * Each journey starts from its own customer, whatever other tests did. */
export async function newCustomer(name, { invoices = [], policy = false } = {}) {
  const tag = `${name.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const customer = await backOffice('/customers', 'POST', { email: `${tag}@example.com`, name });
  const account = await newAccount(customer.id, name, tag, { invoices, policy });
  return { email: customer.email, customerId: customer.id, accountId: account.id, invoiceIds: account.invoiceIds };
}

/** Opens another GBP account for the customer `customerId`, named `name` and made unique
 * by `tag`, holding `invoices` and, if asked, a plan policy (as `newCustomer`). */
export async function newAccount(customerId, name, tag, { invoices = [], policy = false } = {}) {
  const account = await backOffice('/accounts', 'POST', {
    id: `acc-${tag}`,
    number: `J-${tag.slice(-6)}`,
    name,
    currency: 'GBP',
    credit_limit: '2000.00',
    holders: [customerId],
  });
  const invoiceIds = [];
  for (const [number, due, total] of invoices) {
    const id = `inv-${tag}-${number}`;
    invoiceIds.push(id);
    await backOffice(`/invoices/${id}`, 'PUT', {
      id,
      account_id: account.id,
      number,
      currency: 'GBP',
      issue_date: day(due - 30),
      due_date: day(due),
      lines: [{ id: 'l1', description: 'Garden supplies', quantity: '1', unit_price: total, net: total }],
      subtotal: total,
      tax_total: '0.00',
      total,
      amount_paid: '0.00',
    });
  }
  if (policy) await setPlanPolicy(account.id);
  return { id: account.id, invoiceIds };
}

/** Offers the customer a monthly plan at no cost in the back office, paying `total` (all
 * their invoices) in `instalments` (`[days from today, amount]`); resolves with its id. */
export async function newOffer(customer, total, instalments) {
  const id = `off-${customer.accountId}`;
  await backOffice(`/plan-offers/${id}`, 'PUT', {
    id,
    account_id: customer.accountId,
    invoice_ids: customer.invoiceIds,
    schedule: {
      currency: 'GBP',
      frequency: 'monthly',
      principal: total,
      setup_fee: '0.00',
      interest: '0.00',
      cost_of_credit: '0.00',
      total_payable: total,
      instalments: instalments.map(([due, amount], index) => ({ number: index + 1, due_date: day(due), amount })),
      terms_version: 'plans-2026-1',
    },
    expires_on: day(30),
    note: 'A plan for what you owe, at no extra cost',
  });
  return id;
}

/** Reloads the page once the service worker is active, and waits until it controls the
 * new page. Reloading while the worker still installs can leave the new page outside its
 * control: the worker's claim may come before that page exists as a client. */
export async function reloadUnderServiceWorker(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Waits until the service worker controls the page, so pages can be served offline. */
export async function waitForServiceWorker(page) {
  await page.waitForFunction(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active !== null && navigator.serviceWorker.controller !== null;
  });
}

/** Screenshots of one journey: `visited(page, name)` saves the page as it is now, as
 * `journey-<journey>-<n>-<name>.png`, numbered in the order the journey saw them. */
export function journey(title) {
  let step = 0;
  return (page, name) => screenshot(page, `journey-${title}-${String(++step).padStart(2, '0')}-${name}`);
}

/** The signed-in customer's id and the ids of their accounts, as the server knows them. */
export async function whoIsSignedIn(page) {
  const session = await page.request.get('/api/v1/session');
  expect(session.ok()).toBe(true);
  const { customer_id: customerId } = await session.json();
  const sync = await page.request.get('/api/v1/sync?limit=1000');
  const accounts = (await sync.json()).items.filter((item) => item.kind === 'account' && !item.deleted);
  return { customerId, accountIds: accounts.map((account) => account.id) };
}

/** Every dispute the back office holds on the signed-in customer's accounts. */
export async function disputesOnServer(page) {
  const { accountIds } = await whoIsSignedIn(page);
  const lists = await Promise.all(accountIds.map((id) => backOffice(`/accounts/${id}/disputes`)));
  return lists.flat();
}

/** The WCAG 2.2 AA rules axe checks. */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe on the page as it is and fails with every violation, described. */
export async function expectNoViolations(page, label) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  expect(found, `${label}\n${found.join('\n')}`).toEqual([]);
}

/** Every page a signed-in customer can reach, with what shows once it has loaded (its
 * name in English, and in Spanish as `es`). */
export const EVERY_PAGE = [
  { path: '/', ready: { role: 'heading', name: 'Your account', es: 'Su cuenta' } },
  { path: '/invoices', ready: { role: 'heading', name: 'Invoices', exact: true, es: 'Facturas' } },
  { path: '/invoices/inv_inv-6001', ready: { role: 'heading', name: 'Invoice INV-6001', es: 'Factura INV-6001' } },
  { path: '/invoices/inv_inv-6004/dispute', ready: { role: 'button', name: 'Send dispute', es: 'Enviar disputa' } },
  { path: '/disputes', ready: { role: 'heading', name: 'Disputes', es: 'Disputas' } },
  { path: '/disputes/dsp_riley_2', ready: { role: 'heading', name: 'Dispute on invoice INV-6003', es: 'Disputa sobre la factura INV-6003' } },
  { path: '/payments', ready: { role: 'heading', name: 'Payments', es: 'Pagos' } },
  { path: '/statements', ready: { role: 'heading', name: 'Statements', es: 'Extractos' } },
  { path: '/plans', ready: { role: 'link', name: 'Build your own plan', es: 'Crear su propio plan' } },
  { path: '/plans/build/acc_riley_gbp', ready: { role: 'button', name: 'Review and agree', es: 'Revisar y aceptar' } },
  { path: '/promise', ready: { role: 'button', name: 'Make this promise', es: 'Hacer este compromiso' } },
  { path: '/ask-for-help', ready: { role: 'button', name: 'Ask for help', es: 'Pedir ayuda' } },
  { path: '/help', ready: { role: 'heading', name: 'Help and policies', es: 'Ayuda y políticas' } },
  { path: '/waiting', ready: { role: 'heading', name: 'Your actions on this device', es: 'Sus acciones en este dispositivo' } },
  { path: '/contact-preferences', ready: { role: 'button', name: 'Save preferences', es: 'Guardar preferencias' } },
  { path: '/no-such-page', ready: { role: 'heading', name: 'Page not found', es: 'Página no encontrada' } },
];

/** Opens each of `pages` in turn, waits until it has loaded (what shows then is named in
 * English, or with `language` 'es' in Spanish) and runs axe on it. */
export async function expectAccessiblePages(page, pages, label, language = 'name') {
  for (const { path, ready } of pages) {
    await page.goto(path);
    await expect(page.getByRole(ready.role, { name: ready[language], exact: true })).toBeVisible();
    await expectNoViolations(page, `${path}, ${label}`);
  }
}

/** Opens "More" when the tab bar shows it (on a phone): the pages beyond the tabs, the
 * language, the account switcher and signing out are there. On a wide screen they show
 * already, and nothing is done. */
export async function openMore(page) {
  // Once the page is there: going to another page closes "More".
  await expect(page.locator('main h1').first()).toBeVisible();
  // On a wide screen what "More" holds shows already.
  if (page.viewportSize().width >= 600) return;
  const more = page.locator('.more-toggle');
  await expect(more).toBeVisible();
  if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
}
