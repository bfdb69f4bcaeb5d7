import { test, expect } from '@playwright/test';
import { signIn, screenshot } from './support.mjs';

test('a dispute shows where it stands, every step so far and the messages', async ({ page }) => {
  await signIn(page, 'riley@example.com');
  const items = (await (await page.request.get('/api/v1/sync?limit=1000')).json()).items;
  const dispute = items.find((i) => i.kind === 'dispute' && i.data.status === 'more_information_needed').data;
  const invoice = items.find((i) => i.kind === 'invoice' && i.id === dispute.invoice_id).data;
  const messages = items.filter((i) => i.kind === 'dispute_message' && i.data.dispute_id === dispute.id);

  await page.getByRole('link', { name: 'Disputes' }).click();
  await page.getByRole('link', { name: `Details of the dispute on invoice ${invoice.number}` }).click();
  await expect(page.getByRole('heading', { name: `Dispute on invoice ${invoice.number}`, level: 1 })).toBeFocused();
  await expect(page.getByTestId('dispute-status')).toHaveText('We need more information from you');
  await expect(page.getByTestId('timeline').locator('li')).toHaveCount(dispute.timeline.length);
  await expect(page.getByTestId('timeline').locator('li').last()).toContainText('We need more information from you');
  expect(messages.length).toBeGreaterThan(0);
  await expect(page.getByTestId('messages').locator('li')).toHaveCount(messages.length);
  for (const message of messages) await expect(page.getByTestId('messages')).toContainText(message.data.body);
  await screenshot(page, 'dispute-detail-360x800');
  await page.getByRole('link', { name: 'See the invoice' }).click();
  await expect(page.getByRole('heading', { name: `Invoice ${invoice.number}`, level: 1 })).toBeVisible();
});
