import { test, expect } from './fixtures.mjs';
import { disputesOnServer, signIn } from './support.mjs';

test('a dispute raised in one tab shows in the other at once, and reaches the server once', async ({ page, context }) => {
  await signIn(page, 'sam@example.com');
  await expect(page.getByTestId('balance')).toBeVisible();
  const other = await context.newPage();
  await other.goto('/disputes');
  await expect(other.getByText('You have no disputes.')).toBeVisible();

  await page.getByRole('link', { name: 'Invoices' }).click();
  await page.getByRole('link', { name: /^Dispute invoice / }).first().click();
  await page.getByLabel('What is wrong?').selectOption({ label: 'I was charged twice' });
  await page.getByLabel('What happened?').fill('Charged twice for the same order.');
  await page.getByRole('button', { name: 'Send dispute' }).click();
  await expect(page).toHaveURL(/\/disputes$/);

  // The other tab was not touched: it hears of the change and reads the store again.
  await expect(other.getByTestId('dispute')).toHaveCount(1);
  await expect(other.getByTestId('dispute')).not.toContainText('Waiting to be sent');

  const disputes = await disputesOnServer(page);
  expect(disputes).toHaveLength(1);
  expect(disputes[0].description).toBe('Charged twice for the same order.');
});
