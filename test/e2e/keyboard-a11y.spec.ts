/** Keyboard shortcuts, the help that lists them, dialogs that trap and restore focus, landmarks and labels, themes. */
import { expect, row, test } from './fixtures';

test('shortcuts: / and Ctrl+F search, N new token, C copies the selected token, Delete revokes it, ? lists them', async ({ desk, harness }) => {
  const search = desk.getByRole('searchbox', { name: 'Search tokens' });
  await desk.keyboard.press('/');
  await expect(search).toBeFocused();
  await desk.keyboard.type('n'); // typing in a field is typing, not a shortcut
  await expect(search).toHaveValue('n');
  await expect(desk.getByRole('dialog')).toHaveCount(0);
  await search.fill('');

  const grid = desk.getByRole('grid', { name: 'Tokens' });
  await grid.focus();
  await desk.keyboard.press('Control+f');
  await expect(search).toBeFocused();

  // Select with the keyboard or the mouse, then act on the selection.
  await grid.focus();
  await desk.keyboard.press('Home');
  await desk.keyboard.press('ArrowDown');
  await expect(row(desk, 'on-call-pager')).toHaveAttribute('aria-selected', 'true');
  await row(desk, 'release-pipeline').locator('.t-name').click();
  await expect(row(desk, 'release-pipeline')).toHaveAttribute('aria-selected', 'true');
  await desk.keyboard.press('c');
  await expect(desk.getByTestId('clipboard-status')).toContainText('Copied “release-pipeline”');
  expect(harness.platform.recorded.clipboardWrites).toHaveLength(1);

  await desk.keyboard.press('Delete');
  const revoke = desk.getByRole('dialog', { name: 'Revoke token' });
  await expect(revoke).toContainText('Revoke “release-pipeline”');
  await desk.keyboard.press('Escape');
  await expect(revoke).toHaveCount(0);

  await desk.keyboard.press('n');
  await expect(desk.getByRole('dialog', { name: 'New token' })).toBeVisible();
  await desk.keyboard.press('Escape');

  // A token whose secret Tokendesk never held: C explains instead of copying.
  await row(desk, 'ci-deploy-reader').locator('.t-name').click();
  await desk.keyboard.press('c');
  await expect(desk.getByTestId('toast').filter({ hasText: 'Cannot copy “ci-deploy-reader”' })).toBeVisible();
  expect(harness.platform.recorded.clipboardWrites).toHaveLength(1);

  await desk.keyboard.press('?');
  const help = desk.getByRole('dialog', { name: 'Keyboard shortcuts' });
  for (const what of ['Search tokens', 'New token', 'Copy the selected token', 'Revoke the selected token']) await expect(help).toContainText(what);
  await desk.screenshot({ path: test.info().outputPath('help.png') });
  await help.getByRole('button', { name: 'Close' }).last().click();
  await expect(desk.getByRole('button', { name: 'Keyboard shortcuts' })).toBeVisible();
});

test('dialogs trap focus and give it back to what opened them', async ({ desk }) => {
  const opener = desk.getByRole('button', { name: 'Settings' });
  await opener.focus();
  await desk.keyboard.press('Enter');
  const dialog = desk.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByLabel('Clear the clipboard after (seconds)')).toBeFocused();
  for (let i = 0; i < 12; i++) {
    await desk.keyboard.press('Tab');
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await desk.keyboard.press('Shift+Tab');
  expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await desk.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();

  // The help button ("?") too.
  await desk.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await desk.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByRole('button', { name: 'Close' }).last().click();
  await expect(desk.getByRole('button', { name: 'Keyboard shortcuts' })).toBeFocused();
});

test('landmarks, labels and roles a screen reader needs', async ({ desk }) => {
  await expect(desk.getByRole('banner')).toContainText('Tokendesk');
  await expect(desk.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(desk.getByRole('main')).toBeVisible();
  await expect(desk.getByRole('region', { name: 'Tokens' })).toBeVisible();
  await expect(desk.getByRole('region', { name: 'Accounts' })).toBeVisible();
  await expect(desk.getByRole('search', { name: 'Search and filter tokens' })).toBeVisible();
  await expect(desk.getByRole('region', { name: 'Notifications' })).toBeAttached();
  const grid = desk.getByRole('grid', { name: 'Tokens' });
  await expect(grid.getByRole('columnheader')).toHaveText(['Name', 'Account', 'Kind', 'Created', 'Expires', 'Status', 'Actions']);
  const first = grid.getByRole('row').nth(1);
  await expect(first).toHaveAttribute('aria-rowindex', '2');
  await expect(first.getByRole('gridcell')).toHaveCount(7);
  // Every control has a name.
  const unnamed = await desk.evaluate(() =>
    [...document.querySelectorAll('button, input, select, textarea')].filter((el) => {
      const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el as HTMLInputElement).labels?.length || el.textContent?.trim();
      return !labelled;
    }).length,
  );
  expect(unnamed).toBe(0);
});

test('light and dark themes: the system\'s by default, or the one chosen, remembered', async ({ desk }) => {
  const background = () => desk.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await desk.emulateMedia({ colorScheme: 'light' });
  expect(await background()).toBe('rgb(246, 247, 249)');
  await desk.getByLabel('Theme').selectOption('dark');
  expect(await background()).toBe('rgb(18, 20, 23)');
  await desk.screenshot({ path: test.info().outputPath('dark.png') });
  await desk.reload();
  await expect(desk.getByTestId('token-row').first()).toBeVisible();
  expect(await background()).toBe('rgb(18, 20, 23)');
  await desk.emulateMedia({ colorScheme: 'dark' });
  await desk.getByLabel('Theme').selectOption('light');
  expect(await background()).toBe('rgb(246, 247, 249)');
  await desk.getByLabel('Theme').selectOption('system');
  expect(await background()).toBe('rgb(18, 20, 23)');
});
