// Settle against Datasette (from PyPI): a SQLite receivables ledger published as a JSON
// API, reached only through the backend profile in tests/backends/datasette. Datasette is
// shaped unlike json-server: rows under {"rows": [...], "next": cursor}, a Link header,
// column filters (`?updated_at__gte=`), integer pence, JSON held as text, 0/1 flags, its
// write API (`/-/insert`, `/<pk>/-/update`) and signed `dstok_` tokens. `cargo xtask`
// installs datasette and says where it is in SETTLE_DATASETTE.
import { test, expect, answered, OFFLINE, CUT } from './fixtures.mjs';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, Programs, serveApp } from './other-backends.mjs';
import { journey, screenshot, waitForServiceWorker, openMore } from './support.mjs';

const backendDir = fileURLToPath(new URL('../backends/datasette/', import.meta.url));
const datasette = process.env.SETTLE_DATASETTE;
const run = promisify(execFile);

// The host's sign-in page would leave these; the profile says where to find them.
const TOKEN = 'fenwick.api_token';
const CUSTOMER = 'fenwick.customer_no';

let folder;
let api;
let app;
let portalToken;
let creditControlToken;
const programs = new Programs();

/** A signed API token for `actor`, as Datasette's own command makes them. */
async function token(actor, secret) {
  const { stdout } = await run(datasette, ['create-token', actor, '--secret', secret]);
  return stdout.trim();
}

/** Reads `path` (under the database) from Datasette's JSON API as credit control. */
async function backend(path) {
  const response = await fetch(`${api}${path}`, {
    headers: { authorization: `Bearer ${creditControlToken}` },
  });
  expect(response.ok, `GET ${path}: ${response.status}`).toBe(true);
  return response.json();
}

/** Changes a row through Datasette's write API as credit control. */
async function update(table, key, changes) {
  const response = await fetch(`${api}/${table}/${encodeURIComponent(key)}/-/update`, {
    method: 'POST',
    headers: { authorization: `Bearer ${creditControlToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ update: changes }),
  });
  expect(response.ok, `update ${table}/${key}: ${response.status} ${await response.clone().text()}`).toBe(true);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  expect(datasette, 'SETTLE_DATASETTE names the datasette program (cargo xtask sets it)').toBeTruthy();
  folder = await mkdtemp(join(tmpdir(), 'settle-datasette-'));
  // A fresh database from the SQL, built with the Python datasette runs on.
  await run(join(dirname(datasette), 'python'), [join(backendDir, 'make_db.py'), join(folder, 'ar.db')]);
  const secret = randomBytes(16).toString('hex');
  const port = await freePort();
  await programs.start(
    datasette,
    [
      'serve', 'ar.db',
      '--host', '127.0.0.1', '--port', String(port),
      '--cors',
      '--config', join(backendDir, 'datasette.yaml'),
      '--secret', secret,
    ],
    { cwd: folder },
    /Uvicorn running on/,
  );
  api = `http://127.0.0.1:${port}/ar`;
  portalToken = await token('settle-portal', secret);
  creditControlToken = await token('credit-control', secret);

  const profile = JSON.parse(await readFile(join(backendDir, 'profile.json'), 'utf8'));
  profile.base_url = api;
  ({ url: app } = await serveApp(programs, folder, JSON.stringify(profile, null, 2)));
});

test.afterAll(async () => {
  programs.stopAll();
  if (folder) await rm(folder, { recursive: true, force: true });
});

test.beforeEach(async ({ page }) => {
  await page.addInitScript(
    ([tokenKey, customerKey, value]) => {
      sessionStorage.setItem(tokenKey, value);
      sessionStorage.setItem(customerKey, 'C-2041');
    },
    [TOKEN, CUSTOMER, portalToken],
  );
});

/** Opens the app as the host's signed-in customer and waits for Datasette's figures. */
async function open(page) {
  await page.goto(`${app}/`);
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
  await expect(page.getByTestId('balance')).toHaveText('£1,515.00');
}

/** Waits until nothing is left to send. */
async function allSent(page) {
  await expect(page.getByTestId('waiting')).toHaveText('');
}

test('balances, invoices and receipts come from Datasette, and what it lacks is hidden', async ({ page }) => {
  const requests = [];
  page.on('request', (request) => {
    if (request.url().startsWith(api)) requests.push(request);
  });
  const visited = journey('datasette');
  await open(page);
  await expect(page.getByRole('heading', { name: /Fenwick Marine Supplies Ltd/ })).toBeVisible();
  // Whole pence from SQLite integers.
  await expect(page.getByTestId('overdue')).toHaveText('£540.00');
  await expect(page.getByTestId('disputed')).toHaveText('£90.00');
  await expect(page.getByTestId('not-yet-due')).toHaveText('£975.00');
  await expect(page.getByTestId('available-credit')).toHaveText('£2,485.00');
  // The dstok_ token the host left goes with every request.
  expect(requests.length).toBeGreaterThan(0);
  expect(await requests[0].headerValue('authorization')).toBe(`Bearer ${portalToken}`);
  expect(portalToken).toMatch(/^dstok_/);
  // No hosted checkout, statements or uploads in this ledger.
  await expect(page.getByRole('button', { name: /^Pay / })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Statements' })).toHaveCount(0);
  await visited(page, 'overview');

  await page.getByRole('link', { name: 'Invoices' }).click();
  // Read two rows a page by Datasette's `_next` cursor. The voided invoice FM-30001
  // (voided = 1) is a removal, never shown; the paid FM-29980 is not listed first.
  await expect(page.getByRole('link', { name: /^Invoice / })).toHaveText(['Invoice FM-30017', 'Invoice FM-30042']);
  expect(requests.some((r) => r.url().includes('/invoice_documents.json') && r.url().includes('_next='))).toBe(true);
  await page.getByRole('link', { name: 'Invoice FM-30017', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Invoice FM-30017', level: 1 })).toBeVisible();
  // The lines arrive as JSON text from the view and are read through the profile.
  await expect(page.getByText('Mooring rope, 50 m')).toBeVisible();
  await expect(page.getByText('Delivery to Amble marina')).toBeVisible();
  await visited(page, 'invoice');

  await openMore(page);
  await page.getByRole('link', { name: 'Payments' }).click();
  await expect(page.getByRole('heading', { name: 'Payments', level: 1 })).toBeVisible();
  // Three receipts, two a page, the second page found through the Link header.
  await expect(page.getByTestId('payment')).toHaveCount(3);
  await expect(page.getByTestId('payment').filter({ hasText: '£45.50' })).toHaveCount(1);
  const receiptPages = requests.filter((r) => r.url().includes('/receipts.json'));
  expect(receiptPages.some((r) => r.url().includes('_next=RC-8812'))).toBe(true);
  await visited(page, 'payments');
});

test('a dispute raised offline reaches Datasette exactly once, though its first answer is lost', async ({ page, context, expectErrors }) => {
  expectErrors(OFFLINE, CUT);
  const visited = journey('datasette-dispute');
  await open(page);
  await page.reload();
  await waitForServiceWorker(page);
  await expect(page.getByTestId('balance')).toHaveText('£1,515.00');
  const before = (await backend('/disputes.json')).rows;

  await context.setOffline(true);
  await page.getByRole('link', { name: 'Invoices' }).click();
  await page.getByRole('link', { name: 'Invoice FM-30042', exact: true }).click();
  await page.getByRole('link', { name: 'Dispute invoice FM-30042' }).click();
  await expect(page.getByRole('heading', { name: 'Raise a dispute', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Photos or documents (optional)')).toHaveCount(0);
  await page.getByLabel('What is wrong?').selectOption({ label: 'It arrived damaged or does not work' });
  await page.getByLabel('Amount you dispute').fill('100.50');
  await page.getByLabel('What happened?').fill('Two tins of varnish had split.');
  await page.getByRole('button', { name: 'Send dispute' }).click();
  await expect(page.getByTestId('waiting')).toHaveText('1 action waiting to be sent');
  await visited(page, 'waiting-offline');
  expect((await backend('/disputes.json')).rows).toHaveLength(before.length);

  // Back online, Datasette inserts the row but the answer never reaches the app: the app
  // cannot know, so before resending it looks the dispute up by its reference.
  const inserts = [];
  const lookups = [];
  await page.route(`${api}/disputes**`, async (route) => {
    const request = route.request();
    if (request.method() === 'POST') {
      inserts.push(request.postDataJSON());
      await route.fetch();
      if (inserts.length === 1) return route.abort('connectionreset');
      return route.continue();
    }
    if (new URL(request.url()).searchParams.has('portal_ref')) lookups.push(request.url());
    return route.continue();
  });
  await context.setOffline(false);
  await expect.poll(() => lookups.length, { timeout: 40_000 }).toBeGreaterThan(0);
  await allSent(page);
  expect(inserts).toHaveLength(1);
  expect(lookups[0]).toContain(`portal_ref=${encodeURIComponent(inserts[0].row.portal_ref)}`);
  await page.unroute(`${api}/disputes**`);
  // Another start, and with it another sync, must not send it again.
  await open(page);
  await allSent(page);
  const raised = (await backend('/disputes.json?invoice_no=SI-30042')).rows;
  expect(raised).toHaveLength(1);
  expect(raised[0]).toMatchObject({
    customer_no: 'C-2041',
    currency: 'GBP',
    disputed_pence: 10050,
    reason: 'faulty',
    notes: 'Two tins of varnish had split.',
    status: 'new',
    source: 'portal',
    portal_ref: inserts[0].row.portal_ref,
  });
  // Datasette stamps the row itself, in SQLite's format, and the row comes back through
  // the profile: the dispute is listed.
  expect(raised[0].raised_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  await page.getByRole('link', { name: 'Disputes' }).click();
  await expect(page.getByRole('link', { name: 'Details of the dispute on invoice FM-30042' })).toBeVisible();
  await visited(page, 'disputes');
});

test('a dispute withdrawn in the app is updated in Datasette', async ({ page }) => {
  await open(page);
  await page.getByRole('link', { name: 'Disputes' }).click();
  await page.getByRole('link', { name: 'Details of the dispute on invoice FM-30017' }).click();
  await page.getByRole('button', { name: 'Withdraw this dispute' }).click();
  await page.getByLabel('Why (optional)').fill('Delivery was free after all.');
  await page.getByRole('button', { name: 'Yes, withdraw it' }).click();
  await expect.poll(async () => (await backend('/disputes/1.json')).rows[0].status).toBe('withdrawn');
  await allSent(page);
  expect((await backend('/disputes/1.json')).rows[0].withdrawal_reason).toBe('Delivery was free after all.');
  await screenshot(page, 'datasette-dispute-withdrawn-360x800');
});

test('a payment plan agreed in the app reaches Datasette as an arrangement request, once though the browser sends it twice', async ({ page, expectErrors }) => {
  // The copy's refusal, which the app does not take as the plan's.
  expectErrors(answered(400));
  const visited = journey('datasette-plan');
  await open(page);
  // As a browser does when a connection drops before the answer: the POST goes out a
  // second time at once. Datasette keeps portal_ref unique and refuses the copy; the app
  // sees only that refusal, looks the plan up by its reference, and counts it as sent.
  const copies = [];
  await page.route(`${api}/arrangement_requests/-/insert`, async (route) => {
    await route.fetch();
    const copy = await route.fetch();
    copies.push({ status: copy.status(), body: await copy.text() });
    await route.fulfill({ response: copy });
  });
  await page.getByRole('link', { name: 'Plans' }).click();
  await expect(page.getByRole('heading', { name: 'Payment plans', level: 1 })).toBeVisible();
  // The creditor's terms, from the plan_terms row, come first.
  await expect(page.getByText('An arrangement lapses when a payment is 10 days late.')).toBeVisible();
  await visited(page, 'plans');
  await page.getByRole('link', { name: 'Build your own plan' }).click();
  await expect(page.getByRole('heading', { name: 'Build a payment plan', level: 1 })).toBeVisible();
  await page.getByLabel('Number of instalments').fill('3');
  await expect(page.getByTestId('schedule').locator('tbody tr')).toHaveCount(3);
  await page.getByRole('button', { name: 'Review and agree' }).click();
  await expect(page.getByText('version FMS-T3')).toBeVisible();
  await page.getByLabel('I agree to this plan and its terms').check();
  await visited(page, 'agreement');
  await page.getByRole('button', { name: 'Agree to this plan' }).click();
  await expect(page).toHaveURL(/\/plans$/);
  await expect.poll(async () => (await backend('/arrangement_requests.json')).rows.length).toBe(1);
  await allSent(page);
  expect(copies).toHaveLength(1);
  expect(copies[0].status).toBe(400);
  expect(copies[0].body).toContain('UNIQUE constraint failed');
  await page.unroute(`${api}/arrangement_requests/-/insert`);
  await open(page);
  const requests = (await backend('/arrangement_requests.json')).rows;
  expect(requests).toHaveLength(1);
  expect(requests[0]).toMatchObject({ customer_no: 'C-2041', currency: 'GBP', terms_version: 'FMS-T3', agreed_via: 'app' });
  expect(['F', 'M']).toContain(requests[0].frequency);
  expect(Number.isInteger(requests[0].amount_pence) && requests[0].amount_pence > 0).toBe(true);
  // Datasette keeps Settle's plan size as JSON text in its column.
  expect(JSON.parse(requests[0].size)).toEqual({ instalments: 3 });
  expect(requests[0].first_payment_on).toMatch(/^\d{4}-\d\d-\d\d$/);
  expect(requests[0].agreed_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  expect(requests[0].portal_ref).toMatch(/\S/);
  await visited(page, 'sent');
});

test('contact preferences saved in the app are Datasette’s', async ({ page }) => {
  await open(page);
  await openMore(page);
  await page.getByRole('link', { name: 'Contact preferences' }).click();
  await page.getByRole('group', { name: 'Never contact me by' }).getByLabel('Post').check();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  const saved = async () => (await backend('/contact_preferences/C-2041.json')).rows[0];
  await expect.poll(async () => JSON.parse((await saved()).opted_out)).toContain('post');
  await allSent(page);
  const row = await saved();
  expect(JSON.parse(row.opted_out)).toEqual(expect.arrayContaining(['phone', 'post']));
  expect(JSON.parse(row.channels).dispute_updates).toEqual(['email', 'in_app']);
  expect(row.time_zone).toBe('Europe/London');
  expect(row.updated_at).not.toBe('2024-01-08 09:00:00');
  expect(row.updated_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  await screenshot(page, 'datasette-preferences-360x800');
});

test('an invoice credit control changes comes through the since-filter', async ({ page }) => {
  await open(page);
  await page.getByRole('link', { name: 'Invoices' }).click();
  await expect(page.getByRole('link', { name: 'Invoice FM-30042', exact: true })).toBeVisible();
  // Credit control records a receipt against FM-30042; the trigger moves its updated_at.
  await update('invoices', 'SI-30042', { paid_pence: 97500 });
  const asked = [];
  page.on('request', (request) => {
    if (request.url().includes('/invoice_documents.json')) asked.push(new URL(request.url()));
  });
  await open(page);
  await page.getByRole('link', { name: 'Invoices' }).click();
  await expect(page.getByRole('link', { name: /^Invoice / })).toHaveText(['Invoice FM-30017']);
  // The app asked only for what changed since the newest change it had seen.
  expect(asked.length).toBeGreaterThan(0);
  expect(asked.every((url) => url.searchParams.get('updated_at__gte') === '2024-05-10 12:00:00')).toBe(true);
  await screenshot(page, 'datasette-invoices-after-change-360x800');
});
