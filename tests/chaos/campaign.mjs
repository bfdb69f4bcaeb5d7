// The chaos campaign: one customer in 1 to 3 tabs of real Chromium does a seeded, random
// mix of every kind of action while faults strike at random (offline and back, reloads
// and closed tabs while a push is under way, 5xx and 429 answers, connections cut before
// and after the server acted, slow answers, the server killed and started again). Then
// every fault is healed and the checks ask the server whether each action arrived
// exactly once with its own data, and the app whether anything still waits.
//
//   node tests/chaos/campaign.mjs --seed S --intents N
//
// `cargo xtask chaos` builds what it needs, starts a mail relay and sets
// SETTLE_SERVER_BINARY, SETTLE_APP_DIR, CHROMIUM and the relay's SETTLE_SMTP_URL,
// SETTLE_MAIL_FROM and SETTLE_MAILDIR (the servers mail their codes there). The last line is the verdict; the exit status is 0 only if it is clean.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect as baseExpect } from '@playwright/test';
import { startFaultProxy } from '../e2e/fault-proxy.mjs';
import { freePort } from '../e2e/other-backends.mjs';
import { referenceServer } from './server.mjs';
import { CONVERSATIONS, PROXY_FAULTS, describeStep, schedule } from './schedule.mjs';

const expect = baseExpect.configure({ timeout: 15_000 });
/** How long after healing an action may still wait before it counts as stuck. */
const SETTLE_MS = 30_000;
/** How many steps of the schedule to print, so two runs can be compared. */
const SHOWN_STEPS = 20;

const started = Date.now();
const { seed, intents } = options(process.argv.slice(2));
const { steps, made } = schedule(seed, intents);
console.log(`chaos: seed ${seed}, ${intents} intents, ${steps.length} steps; the first ${SHOWN_STEPS}:`);
steps.slice(0, SHOWN_STEPS).forEach((step, index) => console.log(`  ${index + 1}. ${describeStep(step)}`));

// The server on a port of its own, kept across restarts; it mails its sign-in codes to
// the relay xtask started, and its log is kept for a failure's diagnosis.
const folder = await mkdtemp(join(tmpdir(), 'settle-chaos-'));
const artifacts = fileURLToPath(new URL('../../artifacts/', import.meta.url));
await mkdir(artifacts, { recursive: true });
const log = join(artifacts, `chaos-server-${seed}.log`);
await rm(log, { force: true });
const server = referenceServer({
  binary: required('SETTLE_SERVER_BINARY'),
  appDir: required('SETTLE_APP_DIR'),
  dataDir: join(folder, 'data'),
  port: await freePort(),
  token: `chaos-${process.pid}-${randomUUID()}`,
  log,
});
await server.start();
// The shared helpers read these: the back office is reached directly, never through faults.
process.env.SETTLE_URL = server.url;
process.env.SETTLE_ADMIN_TOKEN = server.token;
const { backOffice, newAccount, newCustomer, newOffer, signIn, waitForServiceWorker } = await import('../e2e/support.mjs');
const { act, marker } = await import('./actions.mjs');

const proxy = await startFaultProxy(server.url);
const toTheApi = (method, path) => path.startsWith('/api/v1/') && !path.startsWith('/api/v1/session');

const world = await prepare();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({
  baseURL: proxy.url,
  locale: 'en-GB',
  timezoneId: 'Europe/London',
  viewport: { width: 360, height: 800 },
});
const pageErrors = [];
context.on('page', (page) => {
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.stack || error.message}`));
});

const pages = [await context.newPage()];
await signIn(pages[0], world.email);
await startingDisputes(pages[0]);

// The campaign itself.
const done = [];
const failed = [];
for (const [index, step] of steps.entries()) {
  if (step.fault) {
    await strike(step);
    continue;
  }
  const page = pages[step.tab];
  try {
    done.push({ step, sent: await act[step.action](page, step, world) });
  } catch (error) {
    // The app did not take the action: that is a failure of its own, never retried.
    failed.push({ step, why: firstLine(error) });
    const shown = await page.locator('main').innerText({ timeout: 1_000 }).catch(() => '?');
    console.log(`  step ${index + 1}, ${describeStep(step)}: the app did not take it: ${firstLine(error)}`);
    console.log(`    at ${page.url()} the page shows: ${shown.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  if (step.number % 20 === 0) console.log(`  ${step.number} actions done, ${Math.round((Date.now() - started) / 1000)} s`);
  if (step.then === 'reload') await page.reload().catch(() => {});
  if (step.then === 'close-tab') {
    await page.close();
    pages.splice(step.tab, 1);
  }
}

// Heal everything, then give the app its time to send what waits.
await context.setOffline(false);
if (!server.running) await server.start();
proxy.failNext(toTheApi, []);
if (pages.length === 0) pages.push(await openTab());
const healed = Date.now();
for (const page of pages) {
  // At least a moment: a timeout of 0 would wait for ever.
  const left = Math.max(1, SETTLE_MS - (Date.now() - healed));
  await expect(page.getByTestId('waiting')).toHaveText('', { timeout: left }).catch(() => {});
}
const outbox = await outboxOf(pages[0]);
const shownWaiting = Math.max(...(await Promise.all(pages.map(waitingShown))));
const waitingPageClear = await pages[0]
  .goto('/waiting')
  .then(() => expect(pages[0].getByText('Everything you did has reached us.')).toBeVisible({ timeout: 5_000 }))
  .then(() => true, () => false);
// What the page showed instead, to say why.
const waitingPageText = waitingPageClear
  ? ''
  : (await pages[0].locator('body').innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 600);

const verdict = await check();
await browser.close();
await proxy.close();
await server.kill();
await rm(folder, { recursive: true, force: true });

const seconds = Math.round((Date.now() - started) / 1000);
console.log(`\n${done.length} actions saved by the app, ${failed.length} not taken; ${seconds} s`);
verdict.notes.forEach((note) => console.log(`  ${note}`));
pageErrors.forEach((error) => console.log(`  page error: ${error}`));
const { lost, duplicated, stuck } = verdict;
console.log(`chaos: ${intents} intents, seed ${seed}: ${lost} lost, ${duplicated} duplicated, ${stuck} stuck, ${pageErrors.length} page errors`);
process.exit(lost + duplicated + stuck + pageErrors.length === 0 ? 0 : 1);

// ---- Setting up ----

/** The customer and everything the schedule's actions need, made in the back office:
 * an invoice for each dispute, an account with a plan offer for each plan, an account
 * with a plan policy for each promise. */
async function prepare() {
  const starting = CONVERSATIONS + made.withdrawal + made.feedback;
  const invoices = [];
  for (let k = 1; k <= made.dispute; k++) invoices.push([`RAISE-${k}`, 10, '100.00']);
  for (let k = 1; k <= starting; k++) invoices.push([`START-${k}`, 10, '100.00']);
  const customer = await newCustomer('Chaos Customer', { invoices });
  const tag = customer.accountId.replace(/^acc-/, '');
  const promiseAccounts = [];
  for (let k = 1; k <= made.promise; k++) {
    const account = await newAccount(customer.customerId, `Promise account ${k}`, `${tag}-p${pad(k)}`, {
      invoices: [[`P${k}`, -12, '120.00']],
      policy: true,
    });
    promiseAccounts.push(account.id);
  }
  const offers = [];
  for (let k = 1; k <= made.plan; k++) {
    const account = await newAccount(customer.customerId, `Plan account ${k}`, `${tag}-o${pad(k)}`, {
      invoices: [[`O${k}`, -5, '300.00']],
      policy: true,
    });
    const offer = await newOffer({ accountId: account.id, invoiceIds: account.invoiceIds }, '300.00', [
      [10, '100.00'],
      [40, '100.00'],
      [70, '100.00'],
    ]);
    offers.push({ offer, account: account.id });
  }
  return {
    seed,
    email: customer.email,
    accountId: customer.accountId,
    customerId: customer.customerId,
    raiseInvoices: customer.invoiceIds.slice(0, made.dispute),
    startInvoices: customer.invoiceIds.slice(made.dispute),
    promiseAccounts,
    offers,
  };
}

/** The disputes the campaign writes on, withdraws and rates: raised through the API
 * before any fault, some resolved by the creditor; then the app has them all. */
async function startingDisputes(page) {
  const ids = [];
  for (const [index, invoice] of world.startInvoices.entries()) {
    const response = await context.request.post(`${server.url}/api/v1/disputes`, {
      headers: { 'idempotency-key': randomUUID(), 'x-settle-csrf': '1' },
      data: { invoice_id: invoice, reason: 'other', currency: 'GBP', amount: '5.00', description: `Before the campaign ${index + 1}` },
    });
    if (!response.ok()) throw new Error(`raising a starting dispute: ${response.status()} ${await response.text()}`);
    ids.push((await response.json()).id);
  }
  world.conversations = ids.slice(0, CONVERSATIONS);
  world.toWithdraw = ids.slice(CONVERSATIONS, CONVERSATIONS + made.withdrawal);
  world.toRate = ids.slice(CONVERSATIONS + made.withdrawal);
  for (const id of world.toRate) {
    await backOffice(`/disputes/${id}/status`, 'POST', { status: 'under_review' });
    await backOffice(`/disputes/${id}/status`, 'POST', { status: 'resolved_in_customers_favour', note: 'Sorted.' });
  }
  // A reload puts the page under the service worker, so it loads offline, and syncs.
  await page.reload();
  await waitForServiceWorker(page);
  await page.goto('/disputes');
  await expect(page.getByTestId('dispute')).toHaveCount(ids.length, { timeout: 30_000 });
}

// ---- Faults ----

async function strike(step) {
  if (step.fault === 'offline') return context.setOffline(true);
  if (step.fault === 'online') return context.setOffline(false);
  // Their times tell which attempts they cut short.
  if (step.fault === 'kill-server') return server.kill().then(() => console.log(`  server killed at ${new Date().toISOString()}`));
  if (step.fault === 'restart-server') return server.start().then(() => console.log(`  server back at ${new Date().toISOString()}`));
  if (step.fault === 'open-tab') return pages.push(await openTab());
  if (PROXY_FAULTS.includes(step.fault)) return proxy.failNext(toTheApi, Array(step.requests).fill(step.fault));
  throw new Error(`unknown fault ${step.fault}`);
}

async function openTab() {
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
  return page;
}

// ---- Checks ----

/** Every entry of the outbox the tabs share, read from IndexedDB. */
function outboxOf(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const opening = indexedDB.open('settle');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          const all = db.transaction('outbox').objectStore('outbox').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            db.close();
            resolve(all.result.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry))));
          };
        };
      }),
  );
}

/** The number of actions the page's status bar says wait to be sent. */
async function waitingShown(page) {
  const text = await page.getByTestId('waiting').textContent().catch(() => '');
  return Number(text.match(/^(\d+) action/)?.[1] ?? 0);
}

/** Everything the server has of the customer, from their own sync. */
async function records() {
  const items = [];
  let checkpoint = '';
  for (;;) {
    const query = checkpoint ? `&checkpoint=${encodeURIComponent(checkpoint)}` : '';
    const response = await context.request.get(`${server.url}/api/v1/sync?limit=1000${query}`);
    if (!response.ok()) throw new Error(`sync: ${response.status()}`);
    const page = await response.json();
    items.push(...page.items);
    if (!page.more) break;
    checkpoint = page.checkpoint;
  }
  const kind = (name) => items.filter((item) => item.kind === name && !item.deleted).map((item) => item.data);
  return { kind };
}

/** Rows of a table only the server's database shows (help requests, feedback), as JSON. */
function rowsOf(table) {
  return query(`SELECT data FROM ${table}`).map((row) => JSON.parse(row.data));
}

/** The rows `sql` reads from the server's SQLite file. */
function query(sql) {
  const out = execFileSync('sqlite3', ['-json', join(server.dataDir, 'settle.db'), sql], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

/** Counts every action lost, duplicated or still waiting, with a note for each. */
async function check() {
  const notes = [];
  let lost = 0;
  let duplicated = 0;
  const disputes = await backOffice(`/accounts/${world.accountId}/disputes`);
  const synced = await records();
  const messages = synced.kind('dispute_message');
  const plans = synced.kind('plan');
  const promises = synced.kind('promise');
  const help = rowsOf('help_requests');
  const feedback = rowsOf('feedback');
  const waiting = (needle) => outbox.some((entry) => entry.includes(needle));
  notes.push(
    `on the server: ${disputes.length} disputes, ${messages.length} messages, ${plans.length} plans, ` +
      `${promises.length} promises, ${help.length} help requests, ${feedback.length} feedback`,
  );

  /** `found` are the server's records of the action; one is right, none is lost unless
   * it still waits (then it is stuck, counted below), more are duplicates. */
  const once = ({ step }, found, needle, wrong = () => null) => {
    if (found.length === 0 && !waiting(needle)) {
      lost += 1;
      notes.push(`lost: ${describeStep(step)}`);
    }
    if (found.length > 1) {
      duplicated += found.length - 1;
      notes.push(`${found.length} times on the server: ${describeStep(step)}`);
    }
    const problem = found.length > 0 ? wrong(found[0]) : null;
    if (problem) {
      lost += 1;
      notes.push(`arrived with the wrong data (${problem}): ${describeStep(step)}`);
    }
  };

  for (const action of done) {
    const { step, sent } = action;
    switch (step.action) {
      case 'dispute':
        once(action, disputes.filter((d) => d.description === sent.text), sent.text, (d) => {
          const files = d.attachments.map((a) => a.file_name);
          if (d.amount !== sent.amount) return `amount ${d.amount}, not ${sent.amount}`;
          if (d.invoice_id !== sent.invoice) return `invoice ${d.invoice_id}`;
          if (JSON.stringify(files) !== JSON.stringify(sent.photo ? [sent.photo] : [])) return `photos ${files.join(', ') || 'none'}`;
          return null;
        });
        break;
      case 'message':
        once(action, messages.filter((m) => m.body === sent.text), sent.text, (m) =>
          m.dispute_id === sent.dispute ? null : `on dispute ${m.dispute_id}`);
        break;
      case 'withdrawal': {
        const dispute = disputes.find((d) => d.id === sent.dispute);
        const events = (dispute?.timeline ?? []).filter((e) => e.note === sent.text);
        once(action, events, sent.text, (e) => (e.status === 'withdrawn' ? null : `status ${e.status}`));
        break;
      }
      case 'feedback':
        once(action, feedback.filter((f) => f.comment === sent.text), sent.text, (f) =>
          f.csat === sent.score && f.subject?.dispute_id === sent.dispute ? null : `score ${f.csat} on ${JSON.stringify(f.subject)}`);
        break;
      case 'plan':
        once(action, plans.filter((p) => p.account_id === sent.account), sent.offer, (p) =>
          p.agreement?.offer_id === sent.offer ? null : `from offer ${p.agreement?.offer_id}`);
        break;
      case 'promise':
        once(action, promises.filter((p) => p.account_id === sent.account), sent.account, (p) =>
          p.amount === sent.amount ? null : `amount ${p.amount}, not ${sent.amount}`);
        break;
      case 'promise-move': {
        const promise = promises.find((p) => p.account_id === sent.account);
        const moved = promise && promise.original_date === sent.from ? [promise] : [];
        once(action, moved, promise?.id ?? sent.account, (p) => (p.date === sent.date ? null : `date ${p.date}`));
        break;
      }
      case 'help':
        once(action, help.filter((h) => h.circumstances === sent.text), sent.text);
        break;
      case 'preferences':
        break;
      default:
        throw new Error(`no check for ${step.action}`);
    }
  }

  // Preferences are replaced whole: a change made while an earlier one waits takes its
  // place, so only the last must show, and each change is recorded at most once.
  const changes = done.filter(({ step }) => step.action === 'preferences');
  if (changes.length > 0) {
    const saved = await backOffice(`/customers/${world.customerId}/preferences`);
    const last = changes[changes.length - 1];
    if (saved.third_party?.name !== last.sent.text && !waiting(last.sent.text)) {
      lost += 1;
      notes.push(`lost: ${describeStep(last.step)} (the adviser is ${JSON.stringify(saved.third_party?.name)})`);
    }
    if (saved.history.length > changes.length) {
      duplicated += saved.history.length - changes.length;
      notes.push(`${saved.history.length} preference changes recorded for ${changes.length} made`);
    }
  }

  // Anything the app did not take counts as lost: the customer acted and it is gone.
  lost += failed.length;
  failed.forEach(({ step, why }) => notes.push(`not taken by the app: ${describeStep(step)}: ${why}`));

  const stuck = Math.max(outbox.length, shownWaiting, waitingPageClear ? 0 : 1);
  outbox.forEach((entry) => notes.push(`still waiting ${SETTLE_MS / 1000} s after healing: ${entry.slice(0, 1200)}`));
  // Why an action may wait: its key still taken by a first attempt that never finished.
  const unfinished = query('SELECT idempotency_key, created_at FROM idempotency_keys WHERE completed = 0');
  unfinished.forEach((row) =>
    notes.push(`key ${row.idempotency_key} in flight on the server since ${new Date(row.created_at * 1000).toISOString()}`));
  if (shownWaiting > 0) notes.push(`the status bar shows ${shownWaiting} waiting`);
  if (!waitingPageClear) {
    notes.push(`the /waiting page does not say everything has reached us; it shows: ${waitingPageText}`);
  }
  return { lost, duplicated, stuck, notes };
}

// ---- Small things ----

function options(args) {
  const value = (name, fallback) => {
    const at = args.indexOf(name);
    if (at === -1) return fallback;
    const number = Number(args[at + 1]);
    if (!Number.isInteger(number) || number < 1) throw new Error(`${name} takes a whole number, 1 or more`);
    return number;
  };
  return { seed: value('--seed', 1), intents: value('--intents', 120) };
}

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (cargo xtask chaos sets it)`);
  return value;
}

function pad(number) {
  return String(number).padStart(4, '0');
}

function firstLine(error) {
  return String(error?.message ?? error).split('\n')[0];
}
