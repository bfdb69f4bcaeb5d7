import { test, expect } from './fixtures.mjs';
import { codesSent, signInCode } from './support.mjs';

/** Presses Tab until `target` has focus, as a keyboard user would; fails after `most`. */
async function tabTo(page, target, most = 40) {
  for (let presses = 0; presses < most; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${target} was not reached with ${most} presses of Tab`);
}

test('a customer signs in and changes a preference with the keyboard alone', async ({ page }) => {
  const email = 'sam@example.com';
  const before = await codesSent(email);
  await page.goto('/sign-in');
  await tabTo(page, page.getByLabel('Email address'));
  await page.keyboard.type(email);
  await page.keyboard.press('Enter');
  const codeField = page.getByLabel('Sign-in code');
  await tabTo(page, codeField);
  await page.keyboard.type(await signInCode(email, before));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();

  // After each navigation, focus is on the new page's heading, so reading starts there.
  // On a phone the page is under "More" in the tab bar.
  await tabTo(page, page.getByRole('button', { name: 'More' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'More' })).toHaveAttribute('aria-expanded', 'true');
  await tabTo(page, page.getByRole('link', { name: 'Contact preferences' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Contact preferences', level: 1 })).toBeFocused();

  await tabTo(page, page.getByRole('group', { name: 'Never contact me by' }).getByLabel('Post'));
  await page.keyboard.press('Space');
  await expect(page.getByRole('group', { name: 'Never contact me by' }).getByLabel('Post')).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Save preferences' }), 80);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Saved. We will send it as soon as we can.')).toBeVisible();
  await expect(page.getByTestId('waiting')).toHaveText('');
});
