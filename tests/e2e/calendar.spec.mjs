// "Add to calendar": the .ics files the app makes on the device, offline, read back with
// Python's icalendar (the reader a calendar app would be): one event per instalment on its
// day with its amount, the promise's on its date, and UIDs that stay the same.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test, expect, OFFLINE } from './fixtures.mjs';
import { day, newCustomer, newOffer, signIn, waitForServiceWorker } from './support.mjs';

const reader = fileURLToPath(new URL('./read-calendar.py', import.meta.url));

/** Clicks `button` and reads the calendar it downloads: its name and its events. */
async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const { stdout } = await promisify(execFile)(process.env.SETTLE_ICALENDAR_PYTHON, [reader, await file.path()]);
  const calendar = JSON.parse(stdout);
  expect(calendar.version).toBe('2.0');
  return { name: file.suggestedFilename(), events: calendar.events };
}

/** The ids of the records of `kind` the signed-in customer has, from the server. */
async function idsOf(page, kind) {
  const response = await page.request.get('/api/v1/sync?limit=1000');
  expect(response.ok()).toBe(true);
  return (await response.json()).items.filter((item) => item.kind === kind && !item.deleted).map((item) => item.id);
}

/** The day after `date` (YYYY-MM-DD). */
function next(date) {
  const after = new Date(`${date}T00:00:00Z`);
  after.setUTCDate(after.getUTCDate() + 1);
  return after.toISOString().slice(0, 10);
}

test('a plan’s instalments download as a calendar, offline, the same from the plan and its receipt', async ({ page, context, expectErrors }) => {
  expectErrors(OFFLINE);
  const customer = await newCustomer('Noor Haddad', { invoices: [['INV-C1', -10, '150.00']], policy: true });
  const dates = [7, 37, 67].map(day);
  await newOffer(customer, '150.00', [[7, '50.00'], [37, '50.00'], [67, '50.00']]);
  await signIn(page, customer.email);
  await page.getByRole('link', { name: 'Plans' }).first().click();
  await page.getByTestId('plan-offer').getByRole('link', { name: 'Look at this offer' }).click();
  await page.getByLabel('I agree to this plan and its terms').check();
  await page.getByRole('button', { name: 'Agree to this plan' }).click();
  await expect(page.getByRole('heading', { name: 'Your plan' })).toBeVisible();
  await expect(page.getByTestId('waiting')).toHaveText('');
  await expect(page.getByRole('link', { name: 'Your plan agreement (receipt)' })).toBeVisible();
  const [planId] = await idsOf(page, 'plan');
  await waitForServiceWorker(page);

  await context.setOffline(true);
  const fromPlans = await download(page, page.getByRole('button', { name: 'Add to calendar' }));
  expect(fromPlans.name).toBe(`plan-${planId}.ics`);
  expect(fromPlans.events).toHaveLength(3);
  fromPlans.events.forEach((event, index) => {
    expect(event.uid).toBe(`plan-${planId}-instalment-${index + 1}@settle`);
    expect(event.start).toBe(dates[index]);
    expect(event.end).toBe(next(dates[index]));
    expect(event.summary).toBe(`Plan instalment ${index + 1} of 3: £50.00`);
  });

  await page.getByRole('link', { name: 'Your plan agreement (receipt)' }).click();
  await expect(page.getByTestId('plan-receipt')).toBeVisible();
  const fromReceipt = await download(page, page.getByRole('button', { name: 'Add to calendar' }));
  // The same events: a calendar given both updates them instead of adding copies.
  expect(fromReceipt.events.map(({ uid, start, summary }) => ({ uid, start, summary }))).toEqual(
    fromPlans.events.map(({ uid, start, summary }) => ({ uid, start, summary })),
  );
});

test('an open promise downloads as a calendar event on its date, offline and in Spanish', async ({ page, context, expectErrors }) => {
  expectErrors(OFFLINE);
  const customer = await newCustomer('Ines Vidal', { invoices: [['INV-C2', -12, '120.00']], policy: true });
  await signIn(page, customer.email);
  await page.goto('/promise');
  await page.getByLabel('How much (GBP)').fill('40.00');
  await page.getByLabel('I will pay by').fill(day(5));
  await page.getByRole('button', { name: 'Make this promise' }).click();
  await expect(page.getByText('Thank you. Your promise is saved')).toBeVisible();
  await expect(page.getByTestId('waiting')).toHaveText('');
  await page.reload();
  await expect(page.getByTestId('promise')).toContainText('We are expecting it');
  const [promiseId] = await idsOf(page, 'promise');
  await waitForServiceWorker(page);

  await context.setOffline(true);
  const { name, events } = await download(page, page.getByTestId('promise').getByRole('button', { name: 'Add to calendar' }));
  expect(name).toBe(`promise-${promiseId}.ics`);
  expect(events).toEqual([
    expect.objectContaining({ uid: `promise-${promiseId}@settle`, start: day(5), end: next(day(5)), summary: 'Payment promised: £40.00' }),
  ]);

  await page.evaluate(() => localStorage.setItem('settle-language', 'es'));
  await page.reload();
  const spanish = await download(page, page.getByTestId('promise').getByRole('button', { name: 'Añadir al calendario' }));
  expect(spanish.events[0].uid).toBe(`promise-${promiseId}@settle`);
  expect(spanish.events[0].summary).toMatch(/^Pago prometido: 40,00\sGBP$/);
});
