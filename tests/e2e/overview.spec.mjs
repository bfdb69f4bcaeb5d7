import { test, expect } from './fixtures.mjs';
import { signIn, screenshot } from './support.mjs';

/** The customer's accounts as the server has them, from sync. */
async function accountsOnServer(page) {
  const response = await page.request.get('/api/v1/sync?limit=1000');
  expect(response.ok()).toBe(true);
  return (await response.json()).items.filter((i) => i.kind === 'account' && !i.deleted).map((i) => i.data);
}

const money = (amount, currency) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(amount);

test('the overview shows where the account stands, its figures and its ageing', async ({ page }) => {
  await signIn(page, 'alex@example.com');
  const [account] = await accountsOnServer(page);
  const card = page.getByRole('region', { name: `${account.name} · ${account.number}` });
  await expect(card.getByTestId('standing')).toContainText(`${money(account.overdue, account.currency)} is past its due date`);
  for (const [id, field] of [
    ['balance', 'balance'],
    ['overdue', 'overdue'],
    ['not-yet-due', 'not_yet_due'],
    ['disputed', 'disputed'],
    ['available-credit', 'available_credit'],
  ]) {
    await expect(card.getByTestId(id)).toHaveText(money(account[field], account.currency));
  }
  const buckets = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90'];
  await expect(card.getByTestId('ageing').locator('.amount')).toHaveText(
    buckets.map((bucket) => money(account.ageing[bucket], account.currency)),
  );
  // The longest bar is the largest bucket's.
  const widths = await card.getByTestId('ageing').locator('rect.bar').evaluateAll((bars) =>
    bars.map((bar) => Number(bar.getAttribute('width'))),
  );
  const amounts = buckets.map((bucket) => Number(account.ageing[bucket]));
  expect(widths[amounts.indexOf(Math.max(...amounts))]).toBe(1000);
  await expect(card.getByTestId('next-due').locator('li').first()).toContainText(
    money(account.next_due[0].amount, account.currency),
  );
  await screenshot(page, 'overview-overdue-360x800');
});

test('an account on stop says why and what the customer can do', async ({ page }) => {
  await signIn(page, 'riley@example.com');
  const [account] = await accountsOnServer(page);
  expect(account.on_stop).toBe(true);
  const standing = page.getByTestId('standing');
  await expect(standing).toContainText('This account is on stop');
  await expect(standing).toContainText(account.on_stop_reason);
  await expect(standing).toContainText(account.on_stop_remedy);
  await screenshot(page, 'overview-on-stop-360x800');
});

test('a customer in credit is told so', async ({ page }) => {
  await signIn(page, 'casey@example.com');
  const [account] = await accountsOnServer(page);
  expect(Number(account.balance)).toBeLessThan(0);
  await expect(page.getByTestId('standing')).toContainText(
    `You are in credit by ${money(-Number(account.balance), account.currency)}`,
  );
});
