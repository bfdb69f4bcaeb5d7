import { test, expect } from './fixtures.mjs';
import { backOffice, day, newCustomer, openMore, screenshot, signIn } from './support.mjs';

test('an offered plan is agreed as it is, after its terms', async ({ page }) => {
  await signIn(page, 'jordan@example.com');
  await page.getByRole('link', { name: 'Plans' }).click();
  const offers = page.getByTestId('plan-offer');
  await expect(offers).toHaveCount(2);
  await offers.filter({ hasText: '3 instalments' }).getByRole('link', { name: 'Look at this offer' }).click();
  await expect(page.getByRole('heading', { name: 'A plan we offer you', level: 1 })).toBeVisible();
  await expect(page.getByTestId('schedule').locator('tbody tr')).toHaveCount(3);
  await screenshot(page, 'plan-offer-360x800');
  await page.getByLabel('I agree to this plan and its terms').check();
  await page.getByRole('button', { name: 'Agree to this plan' }).click();
  await expect(page).toHaveURL(/\/plans$/);
  await expect(page.getByRole('heading', { name: 'Your plan' })).toBeVisible();
  // Once a plan is active, no other offer or builder is shown.
  await expect(page.getByTestId('plan-offer')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Build your own plan' })).toHaveCount(0);
});

test('a promise to pay is made within the window, and its date moved once', async ({ page }) => {
  const customer = await newCustomer('Dana Cruz', { invoices: [['INV-R1', -12, '120.00']], policy: true });
  await signIn(page, customer.email);
  await page.goto('/promise');
  await expect(page.getByRole('heading', { name: 'Promise to pay', level: 1 })).toBeVisible();
  const far = new Date(Date.now() + 40 * 86400e3).toISOString().slice(0, 10);
  await page.getByLabel('I will pay by').fill(far);
  await page.getByRole('button', { name: 'Make this promise' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'promises can be made up to 14 days ahead' })).toBeVisible();
  const soon = new Date(Date.now() + 5 * 86400e3).toISOString().slice(0, 10);
  await page.getByLabel('I will pay by').fill(soon);
  await page.getByRole('button', { name: 'Make this promise' }).click();
  await expect(page.getByText('Thank you. Your promise is saved')).toBeVisible();
  await screenshot(page, 'promise-360x800');
  await expect(page.getByTestId('waiting')).toHaveText('');

  await page.reload();
  await expect(page.getByTestId('promise')).toContainText('£120.00');
  await expect(page.getByTestId('promise')).toContainText('We are expecting it');
  const later = new Date(Date.now() + 9 * 86400e3).toISOString().slice(0, 10);
  await page.getByLabel('New date').fill(later);
  await page.getByRole('button', { name: 'Change the date' }).click();
  await expect(page.getByText('Your new date is saved.')).toBeVisible();
  await expect(page.getByTestId('waiting')).toHaveText('');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Change the date' })).toHaveCount(0);
});

test('asking for help keeps what was typed across a reload, then reaches the creditor', async ({ page }) => {
  const customer = await newCustomer('Avery Stone', { invoices: [['INV-H1', -30, '300.00']] });
  await signIn(page, customer.email);
  await page.goto('/ask-for-help');
  await page.getByLabel('A plan with smaller payments').check();
  await page.getByLabel('Money coming in each month, after tax').fill('1200');
  await page.getByLabel('What you could pay us').fill('20.005');
  await page.getByLabel('Anything you want us to know').fill('Hours cut at work until March.');
  await page.getByRole('button', { name: 'Ask for help' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'What you can afford' })).toBeVisible();
  // A reload keeps the draft.
  await page.reload();
  await expect(page.getByLabel('Anything you want us to know')).toHaveValue('Hours cut at work until March.');
  await expect(page.getByLabel('Money coming in each month, after tax')).toHaveValue('1200');
  await page.getByLabel('What you could pay us').fill('20.00');
  await page.getByRole('button', { name: 'Ask for help' }).click();
  await expect(page.getByText('Thank you for telling us.')).toBeVisible();
  await expect(page.getByTestId('waiting')).toHaveText('');
  await screenshot(page, 'ask-for-help-360x800');
});

test('a business user switches between their accounts', async ({ page }) => {
  await signIn(page, 'morgan@example.com');
  await expect(page.locator('section.account')).toHaveCount(2);
  await openMore(page);
  const switcher = page.getByLabel('Account', { exact: true });
  const options = await switcher.locator('option').allTextContents();
  expect(options[0]).toBe('All accounts');
  await switcher.selectOption({ label: options.find((o) => o.includes('(KWD)')) });
  await expect(page.locator('section.account')).toHaveCount(1);
  await expect(page.locator('section.account')).toContainText('KWD');
  await page.getByRole('link', { name: 'Invoices' }).click();
  // Read the list once it shows: allTextContents does not wait.
  await expect(page.getByTestId('invoice').first()).toBeVisible();
  const invoices = await page.getByTestId('invoice').allTextContents();
  expect(invoices.length).toBeGreaterThan(0);
  expect(invoices.every((text) => text.includes('KWD'))).toBe(true);
  // The choice is remembered.
  await page.reload();
  await expect(page.getByLabel('Account', { exact: true })).toHaveValue(/kwd/);
  await screenshot(page, 'account-switcher-360x800');
});

test('the plan builder keeps what was chosen across a reload, and forgets it once the plan is agreed', async ({ page }) => {
  const customer = await newCustomer('Rowan Pike', { invoices: [['INV-B1', -10, '300.00']], policy: true });
  await signIn(page, customer.email);
  await page.goto(`/plans/build/${customer.accountId}`);
  await expect(page.getByRole('heading', { name: 'Build a payment plan', level: 1 })).toBeVisible();
  const frequency = page.getByLabel('How often');
  const byAmount = page.getByLabel('How much each time');
  const perInstalment = page.getByLabel('Most I can pay each time (GBP)');
  const firstDate = page.getByLabel('First payment on');
  // Where the builder starts, to come back to once the plan is agreed.
  await expect(frequency).toHaveValue('Monthly');
  await expect(page.getByLabel('How many instalments')).toBeChecked();
  await expect(page.getByLabel('Number of instalments')).toHaveValue('3');
  await expect(firstDate).toHaveValue(day(0));

  await frequency.selectOption({ label: 'Every two weeks' });
  await byAmount.check();
  await perInstalment.fill('60.00');
  await firstDate.fill(day(5));
  await expect(page.getByTestId('schedule').locator('tbody tr')).toHaveCount(5);
  await page.reload();
  await expect(page.getByTestId('draft-notice')).toContainText('You have unsaved changes from earlier.');
  await expect(frequency).toHaveValue('Fortnightly');
  await expect(byAmount).toBeChecked();
  await expect(perInstalment).toHaveValue('60.00');
  await expect(firstDate).toHaveValue(day(5));
  await expect(page.getByTestId('schedule').locator('tbody tr')).toHaveCount(5);
  await screenshot(page, 'plan-builder-draft-360x800');

  await page.getByRole('button', { name: 'Review and agree' }).click();
  await page.getByLabel('I agree to this plan and its terms').check();
  await page.getByRole('button', { name: 'Agree to this plan' }).click();
  await expect(page).toHaveURL(/\/plans$/);
  const plans = async () => {
    const response = await page.request.get('/api/v1/sync?limit=1000');
    return (await response.json()).items.filter((i) => i.kind === 'plan' && !i.deleted).map((i) => i.data);
  };
  await expect.poll(async () => (await plans()).length).toBe(1);
  const [plan] = await plans();
  expect(plan.frequency).toBe('fortnightly');
  expect(plan.instalments.map((i) => i.amount)).toEqual(['60.00', '60.00', '60.00', '60.00', '60.00']);
  expect(plan.instalments[0].due_date).toBe(day(5));
  // The creditor ends the plan, so the builder is offered again: it starts afresh.
  await backOffice(`/plans/${plan.id}/status`, 'PUT', { status: 'cancelled' });
  await page.reload();
  await page.getByRole('link', { name: 'Plans' }).click();
  await page.getByRole('link', { name: 'Build your own plan' }).click();
  await expect(page.getByLabel('Number of instalments')).toHaveValue('3');
  await expect(frequency).toHaveValue('Monthly');
  await expect(page.getByLabel('How many instalments')).toBeChecked();
  await expect(firstDate).toHaveValue(day(0));
  await expect(page.getByTestId('draft-notice')).toHaveCount(0);
});
