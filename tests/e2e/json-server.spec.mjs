// Settle against a backend no one here wrote: json-server (from npm) serving an invoicing
// system's database with its own field names, statuses, dates and page parameters,
// reached only through the backend profile in tests/backends/json-server. The release
// build is served by the Settle server from a copy whose backend-profile.json is that
// profile, pointed at a json-server started here on loopback over a copy of db.json.
import { test, expect, OFFLINE, CUT } from './fixtures.mjs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, Programs, publishProfile, serveApp } from './other-backends.mjs';
import { journey, screenshot, waitForServiceWorker, openMore } from './support.mjs';

const backendDir = fileURLToPath(new URL('../backends/json-server/', import.meta.url));
const jsonServerBin = fileURLToPath(new URL('../../node_modules/json-server/lib/bin.js', import.meta.url));

// The host's sign-in page would leave these; the profile says where to find them.
const TOKEN = 'harbour.token';
const CUSTOMER = 'harbour.customer';

let folder;
let api;
let app;
let profileText;
const programs = new Programs();

/** Reads a collection (or one record) straight from json-server's REST API. */
async function backend(path) {
  const response = await fetch(`${api}${path}`);
  expect(response.ok, `GET ${path}: ${response.status}`).toBe(true);
  return response.json();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'settle-json-server-'));
  await copyFile(join(backendDir, 'db.json'), join(folder, 'db.json'));
  const port = await freePort();
  await programs.start(
    process.execPath,
    [jsonServerBin, '--host', '127.0.0.1', '--port', String(port), 'db.json'],
    { cwd: folder },
    /JSON Server started/,
  );
  api = `http://127.0.0.1:${port}`;

  const profile = JSON.parse(await readFile(join(backendDir, 'profile.json'), 'utf8'));
  profile.base_url = api;
  profileText = JSON.stringify(profile, null, 2);
  app = await serveApp(programs, folder, profileText);
});

test.afterAll(async () => {
  programs.stopAll();
  if (folder) await rm(folder, { recursive: true, force: true });
});

test.beforeEach(async ({ page }) => {
  await page.addInitScript(
    ([token, customer]) => {
      sessionStorage.setItem(token, 'harbour-test-token');
      sessionStorage.setItem(customer, 'CUST-100');
    },
    [TOKEN, CUSTOMER],
  );
});

/** Opens the app as the host's signed-in customer and waits for json-server's figures. */
async function open(page) {
  await page.goto(`${app.url}/`);
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
  await expect(page.getByTestId('balance')).toHaveText('£1,842.60');
}

/** Waits until nothing is left to send. */
async function allSent(page) {
  await expect(page.getByTestId('waiting')).toHaveText('');
}

test('balances and invoices come from json-server, and what it lacks is hidden', async ({ page }) => {
  const requests = [];
  page.on('request', (request) => {
    if (request.url().startsWith(api)) requests.push(request);
  });
  const visited = journey('json-server');
  await open(page);
  await expect(page.getByRole('heading', { name: /Harbour Joinery Ltd/ })).toBeVisible();
  await expect(page.getByTestId('overdue')).toHaveText('£462.00');
  await expect(page.getByTestId('disputed')).toHaveText('£150.00');
  await expect(page.getByTestId('not-yet-due')).toHaveText('£1,230.60');
  await expect(page.getByTestId('available-credit')).toHaveText('£3,157.40');
  // The token the host left goes with every request, as the profile says.
  expect(requests.length).toBeGreaterThan(0);
  expect(await requests[0].headerValue('authorization')).toBe('Bearer harbour-test-token');
  // json-server has no hosted checkout: no "Pay now" anywhere.
  await expect(page.getByRole('button', { name: /^Pay / })).toHaveCount(0);
  await visited(page, 'overview');

  await page.getByRole('link', { name: 'Invoices' }).click();
  // Only this customer's invoices, read in json-server's pages; the list starts with the
  // ones still to pay (HJ-1003 is paid).
  await expect(page.getByRole('link', { name: /^Invoice / })).toHaveText(['Invoice HJ-1001', 'Invoice HJ-1002']);
  await page.getByRole('link', { name: 'Invoice HJ-1002', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Invoice HJ-1002', level: 1 })).toBeVisible();
  await expect(page.getByText('£1,230.60').first()).toBeVisible();
  await visited(page, 'invoice');
});

test('a dispute raised offline reaches json-server exactly once', async ({ page, context, expectErrors }) => {
  expectErrors(OFFLINE);
  const visited = journey('json-server-dispute');
  await open(page);
  await page.reload();
  await waitForServiceWorker(page);
  await expect(page.getByTestId('balance')).toHaveText('£1,842.60');
  const before = await backend('/disputes');

  await context.setOffline(true);
  await page.getByRole('link', { name: 'Invoices' }).click();
  await page.getByRole('link', { name: 'Invoice HJ-1002', exact: true }).click();
  await page.getByRole('link', { name: 'Dispute invoice HJ-1002' }).click();
  await expect(page.getByRole('heading', { name: 'Raise a dispute', level: 1 })).toBeVisible();
  // json-server takes no uploads: no picker for files that could never be sent.
  await expect(page.getByLabel('Photos or documents (optional)')).toHaveCount(0);
  await page.getByLabel('What is wrong?').selectOption({ label: 'It arrived damaged or does not work' });
  await page.getByLabel('Amount you dispute').fill('100.50');
  await page.getByLabel('What happened?').fill('The worktop edge was chipped.');
  await page.getByRole('button', { name: 'Send dispute' }).click();
  await expect(page.getByTestId('waiting')).toHaveText('1 action waiting to be sent');
  await visited(page, 'waiting-offline');
  expect(await backend('/disputes')).toHaveLength(before.length);

  await context.setOffline(false);
  await allSent(page);
  // Another start, and with it another sync, must not send it again.
  await open(page);
  await allSent(page);
  const raised = (await backend('/disputes')).filter((d) => d.invoiceId === 'INV-1002');
  expect(raised).toHaveLength(1);
  expect(raised[0]).toMatchObject({
    customerId: 'CUST-100',
    currencyCode: 'GBP',
    disputedAmount: 100.5,
    reasonCode: 'DAMAGED',
    details: 'The worktop edge was chipped.',
    state: 'NEW',
    channel: 'portal',
  });
  expect(raised[0].clientRef).toMatch(/\S/);
  // The backend's record comes back through the profile: the dispute shows as submitted.
  await page.getByRole('link', { name: 'Disputes' }).click();
  await expect(page.getByText('HJ-1002').first()).toBeVisible();
  await visited(page, 'disputes');
});

test('a dispute the browser sends twice is stored twice by json-server, and the customer is told', async ({ page }) => {
  // json-server keeps no reference unique: what docs/profiles.md says such a backend
  // ends up with when a connection drops and the browser sends the POST again at once.
  const invoice = {
    customerId: 'CUST-100', invoiceNumber: 'HJ-1004', currencyCode: 'GBP',
    issuedOn: '01/05/2024', dueOn: '31/05/2024', netAmount: 100, taxAmount: 20,
    grossAmount: 120, amountPaid: 0, amountDue: 120, state: 'OPEN', lines: [],
  };
  const added = await fetch(`${api}/invoices`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(invoice),
  });
  expect(added.status).toBe(201);
  // json-server makes the id.
  const { id: invoiceId } = await added.json();
  await open(page);
  let sent = 0;
  await page.route(`${api}/disputes`, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    await route.fetch();
    const copy = await route.fetch();
    sent += 1;
    return route.fulfill({ response: copy });
  });
  await page.getByRole('link', { name: 'Invoices' }).click();
  await page.getByRole('link', { name: 'Invoice HJ-1004', exact: true }).click();
  await page.getByRole('link', { name: 'Dispute invoice HJ-1004' }).click();
  await page.getByLabel('What is wrong?').selectOption({ label: 'I did not receive it' });
  await page.getByLabel('Amount you dispute').fill('120.00');
  await page.getByRole('button', { name: 'Send dispute' }).click();
  await expect.poll(() => sent).toBe(1);
  await allSent(page);
  await page.unroute(`${api}/disputes`);
  const stored = (await backend('/disputes')).filter((d) => d.invoiceId === invoiceId);
  expect(stored).toHaveLength(2);
  expect(stored[0].clientRef).toBe(stored[1].clientRef);

  await open(page);
  await page.getByRole('link', { name: 'Disputes' }).click();
  const copies = page.getByTestId('dispute').filter({ hasText: 'HJ-1004' });
  await expect(copies).toHaveCount(2);
  for (const copy of await copies.all()) {
    await expect(copy.getByRole('note')).toHaveText(/recorded twice, though you raised it once/);
  }
  // The dispute raised once before is not flagged.
  await expect(page.getByTestId('dispute').filter({ hasText: 'HJ-1002' }).getByRole('note')).toHaveCount(0);
  await screenshot(page, 'json-server-dispute-recorded-twice-360x800');
});

test('a message whose answer was lost is looked up by its reference, not sent twice', async ({ page, expectErrors }) => {
  expectErrors(CUT);
  await open(page);
  // json-server stores the first message, then the connection drops before its answer
  // reaches the app: the app cannot know whether it arrived.
  const posts = [];
  const lookups = [];
  await page.route(`${api}/disputeMessages**`, async (route) => {
    const request = route.request();
    if (request.method() === 'POST') {
      posts.push(request.postDataJSON());
      await route.fetch();
      if (posts.length === 1) return route.abort('connectionreset');
      return route.continue();
    }
    if (new URL(request.url()).searchParams.has('clientRef')) lookups.push(request.url());
    return route.continue();
  });
  await page.getByRole('link', { name: 'Disputes' }).click();
  await page.getByRole('link', { name: 'Details of the dispute on invoice HJ-1001' }).click();
  await page.getByLabel('Your message').fill('The fitter left at noon on both days.');
  await page.getByRole('button', { name: 'Send message' }).click();

  // The retry asks json-server for the message's reference first, finds it, and counts
  // the message as delivered.
  await expect.poll(() => lookups.length, { timeout: 40_000 }).toBeGreaterThan(0);
  await allSent(page);
  expect(posts).toHaveLength(1);
  expect(lookups[0]).toContain(`clientRef=${encodeURIComponent(posts[0].clientRef)}`);
  const stored = (await backend('/disputeMessages')).filter(
    (m) => m.text === 'The fitter left at noon on both days.',
  );
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ disputeId: 'DSP-71', author: 'CUSTOMER', clientRef: posts[0].clientRef });
});

test('a payment plan agreed in the app reaches json-server as a plan request with its whole schedule', async ({ page }) => {
  const visited = journey('json-server-plan');
  await open(page);
  await page.getByRole('link', { name: 'Plans' }).click();
  await expect(page.getByRole('heading', { name: 'Payment plans', level: 1 })).toBeVisible();
  // The creditor's policy, from json-server's payment terms, comes first.
  await expect(page.getByText('A plan is broken when an instalment is 14 days late.')).toBeVisible();
  await page.getByRole('link', { name: 'Build your own plan' }).click();
  await expect(page.getByRole('heading', { name: 'Build a payment plan', level: 1 })).toBeVisible();
  await page.getByLabel('Number of instalments').fill('3');
  await expect(page.getByTestId('schedule').locator('tbody tr')).toHaveCount(3);
  // The amounts the customer sees, to find again in what json-server keeps.
  const shown = (await page.getByTestId('schedule').locator('tbody tr td:last-child').allInnerTexts()).map(
    (text) => Number(text.replace(/[^\d.]/g, '')),
  );
  await page.getByRole('button', { name: 'Review and agree' }).click();
  await expect(page.getByText('version 2024-01')).toBeVisible();
  await page.getByLabel('I agree to this plan and its terms').check();
  await visited(page, 'agreement');
  await page.getByRole('button', { name: 'Agree to this plan' }).click();
  await expect(page).toHaveURL(/\/plans$/);
  await expect.poll(async () => (await backend('/planRequests')).length).toBe(1);
  await allSent(page);
  // Another start syncs again, and sends nothing twice.
  await open(page);
  const requests = await backend('/planRequests');
  expect(requests).toHaveLength(1);
  expect(requests[0]).toMatchObject({
    customerId: 'CUST-100',
    currencyCode: 'GBP',
    // Settle's own shape for the plan's size: the profile copies it as it is.
    size: { instalments: 3 },
    termsVersion: '2024-01',
    agreedVia: 'app',
  });
  expect(requests[0].clientRef).toMatch(/\S/);
  // Dates go in the backend's own format.
  expect(requests[0].firstDueOn).toMatch(/^\d\d\/\d\d\/\d{4}$/);
  // The whole schedule the customer agreed, in json-server's shape, as shown.
  const schedule = requests[0].schedule;
  expect(schedule.map((instalment) => instalment.no)).toEqual([1, 2, 3]);
  expect(schedule.map((instalment) => instalment.amount)).toEqual(shown);
  expect(schedule[0].dueOn).toBe(requests[0].firstDueOn);
  const day = (text) => text.split('/').reverse().join('-');
  expect(day(schedule[0].dueOn) < day(schedule[1].dueOn) && day(schedule[1].dueOn) < day(schedule[2].dueOn)).toBe(true);
  const cents = (amount) => Math.round(amount * 100);
  expect(schedule.reduce((sum, instalment) => sum + cents(instalment.amount), 0)).toBe(cents(requests[0].totalPayable));
  await visited(page, 'sent');
});

test('contact preferences saved in the app are json-server’s, under the settings record’s own id', async ({ page }) => {
  await open(page);
  await openMore(page);
  await page.getByRole('link', { name: 'Contact preferences' }).click();
  await page.getByRole('group', { name: 'Never contact me by' }).getByLabel('Post').check();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect
    .poll(async () => (await backend('/settings/SET-7')).optedOut)
    .toContain('post');
  await allSent(page);
  const saved = await backend('/settings/SET-7');
  expect(saved.optedOut).toEqual(expect.arrayContaining(['phone', 'post']));
  expect(saved.timeZone).toBe('Europe/London');
  await screenshot(page, 'json-server-preferences-360x800');
});

test('a profile with mistakes is named field by field, and the cached data stays', async ({ page, expectErrors }) => {
  // The loader names every mistake in the console too, for the creditor who set it up.
  expectErrors(/the backend profile has 2 mistake/);
  await open(page);
  await page.reload();
  await waitForServiceWorker(page);
  const broken = JSON.parse(profileText);
  broken.kinds.invoice.fields.total = 'grossAmount';
  delete broken.kinds.dispute.fields.status.values.WITHDRAWN;
  await publishProfile(app.dir, JSON.stringify(broken, null, 2));
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  try {
    await page.reload();
    const banner = page.getByRole('alert').filter({ hasText: 'cannot reach your account' });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('/kinds/invoice/fields/total');
    await expect(banner).toContainText('/kinds/dispute/fields/status/values');
    // The customer's data from the last sync is still there, with no action that could
    // not be sent.
    await expect(page.getByTestId('balance')).toHaveText('£1,842.60');
    await page.getByRole('link', { name: 'Invoices' }).click();
    await expect(page.getByRole('link', { name: 'Invoice HJ-1002', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: /^Dispute invoice/ })).toHaveCount(0);
    expect(consoleErrors.join('\n')).toContain('/kinds/invoice/fields/total');
    await screenshot(page, 'json-server-profile-errors-360x800');
  } finally {
    await publishProfile(app.dir, profileText);
  }
});

test('signing out leaves nothing the profile read, and signing in again is on Harbour’s own page', async ({ page }) => {
  await open(page);
  await openMore(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  const link = page.getByRole('link', { name: 'Sign in on Harbour Receivables (json-server)' });
  await expect(link).toHaveAttribute('href', 'https://harbour.example/login');
  const left = await page.evaluate(async ([token, customer]) => ({
    token: sessionStorage.getItem(token),
    customer: sessionStorage.getItem(customer),
    databases: (await indexedDB.databases()).map((db) => db.name),
  }), [TOKEN, CUSTOMER]);
  expect(left.token).toBeNull();
  expect(left.customer).toBeNull();
  expect(left.databases).not.toContain('settle');
  await screenshot(page, 'json-server-sign-in-page-360x800');
});
