// The customer's actions, done through the app's own forms as a customer would, each
// carrying its step's marker so the checks can find it on the server. Each resolves once
// the app shows the action saved on the device, and returns what the server should get.
import { expect } from '@playwright/test';
import { day } from '../e2e/support.mjs';

/** The text that marks action `number` of the campaign for `seed`. */
export const marker = (seed, number) => `Chaos ${seed}/${number}`;

// A tiny PNG: a photo of the damage, as far as the campaign is concerned.
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A disputed amount of its own for the `ordinal`th dispute: 1.01, 1.02, … */
const disputedAmount = (ordinal) => (1 + ordinal / 100).toFixed(2);
/** A promised amount of its own for the `ordinal`th promise: 10.01, 10.02, … */
const promisedAmount = (ordinal) => (10 + ordinal / 100).toFixed(2);

export const act = {
  async dispute(page, step, world) {
    const invoice = world.raiseInvoices[step.ordinal - 1];
    const text = marker(world.seed, step.number);
    const amount = disputedAmount(step.ordinal);
    await page.goto(`/invoices/${invoice}/dispute`);
    await page.getByLabel('What is wrong?').selectOption({ label: 'It arrived damaged or does not work' });
    await page.getByLabel('Amount you dispute').fill(amount);
    await page.getByLabel('What happened?').fill(text);
    const photo = step.photo ? `photo-${step.number}.png` : null;
    if (photo) {
      await page.getByLabel('Photos or documents (optional)').setInputFiles({ name: photo, mimeType: 'image/png', buffer: PHOTO });
      await expect(page.getByTestId('chosen-files')).toContainText(photo);
    }
    await page.getByRole('button', { name: 'Send dispute' }).click();
    await expect(page).toHaveURL(/\/disputes$/);
    return { invoice, text, amount, photo };
  },

  async message(page, step, world) {
    const dispute = world.conversations[step.conversation - 1];
    const text = marker(world.seed, step.number);
    await page.goto(`/disputes/${dispute}`);
    await page.getByLabel('Your message').fill(text);
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect(page.getByText('Sent. It shows below as soon as it has reached us.')).toBeVisible();
    return { dispute, text };
  },

  async withdrawal(page, step, world) {
    const dispute = world.toWithdraw[step.ordinal - 1];
    const text = marker(world.seed, step.number);
    await page.goto(`/disputes/${dispute}`);
    await page.getByRole('button', { name: 'Withdraw this dispute' }).click();
    await page.getByLabel('Why (optional)').fill(text);
    await page.getByRole('button', { name: 'Yes, withdraw it' }).click();
    // Once the withdrawal waits to be sent, the dispute can no longer be withdrawn.
    await expect(page.getByRole('heading', { name: 'Withdraw the dispute' })).toHaveCount(0);
    return { dispute, text };
  },

  async feedback(page, step, world) {
    const dispute = world.toRate[step.ordinal - 1];
    const text = marker(world.seed, step.number);
    await page.goto(`/disputes/${dispute}`);
    await page.getByRole('group', { name: /How satisfied/ }).getByLabel(String(step.score)).check();
    await page.getByLabel('Anything else? (optional)').fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByText('Thank you for telling us how we did.')).toBeVisible();
    return { dispute, text, score: step.score };
  },

  async plan(page, step, world) {
    const { offer, account } = world.offers[step.ordinal - 1];
    await page.goto(`/plans/offers/${offer}`);
    await page.getByLabel('I agree to this plan and its terms').check();
    await page.getByRole('button', { name: 'Agree to this plan' }).click();
    await expect(page).toHaveURL(/\/plans$/);
    return { offer, account };
  },

  async promise(page, step, world) {
    const account = world.promiseAccounts[step.ordinal - 1];
    const amount = promisedAmount(step.ordinal);
    const date = day(3);
    await page.goto('/promise');
    const section = page.getByRole('region', { name: promiseRegion(step.ordinal) });
    await section.getByLabel('How much (GBP)').fill(amount);
    await section.getByLabel('I will pay by').fill(date);
    await section.getByRole('button', { name: 'Make this promise' }).click();
    await expect(section.getByText('Thank you. Your promise is saved')).toBeVisible();
    return { account, amount, date };
  },

  async 'promise-move'(page, step, world) {
    const account = world.promiseAccounts[step.promise - 1];
    const date = day(6);
    await page.goto('/promise');
    const section = page.getByRole('region', { name: promiseRegion(step.promise) });
    // The date can be moved once the backend has the promise and this device has heard
    // back: the list shows it and nothing of it waits.
    await expect(section.getByTestId('promise')).toBeVisible({ timeout: 60_000 });
    await expect(section.getByTestId('promise-waiting')).toHaveCount(0, { timeout: 60_000 });
    // The form is chosen when the page opens.
    await page.goto('/promise');
    await section.getByLabel('New date').fill(date);
    await section.getByRole('button', { name: 'Change the date' }).click();
    await expect(section.getByText('Your new date is saved.')).toBeVisible();
    return { account, date, from: day(3) };
  },

  async help(page, step, world) {
    const text = marker(world.seed, step.number);
    await page.goto('/ask-for-help');
    await page.getByLabel('Something else').check();
    await page.getByLabel('Money coming in each month, after tax').fill('1200.00');
    await page.getByLabel('What you could pay us').fill('20.00');
    await page.getByLabel('Anything you want us to know').fill(text);
    await page.getByRole('button', { name: 'Ask for help' }).click();
    await expect(page.getByText('Thank you for telling us.')).toBeVisible();
    return { text };
  },

  async preferences(page, step, world) {
    const text = marker(world.seed, step.number);
    await page.goto('/contact-preferences');
    await page.getByLabel('Their name').fill(text);
    await page.getByLabel('Their email').fill('adviser@example.com');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expect(page.getByText('Saved. We will send it as soon as we can.')).toBeVisible();
    return { text };
  },
};

/** The name of the promise form's section of the `ordinal`th promise account. */
export const promiseRegion = (ordinal) => new RegExp(`^Promise account ${ordinal} · `);
