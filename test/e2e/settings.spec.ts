/**
 * Settings: every problem at once, each on its field, in words, the first one focused (never in
 * two rounds, never a schema's text); valid values saved through main and used at once; the theme
 * (the system's by default, or the one chosen, remembered).
 */
import { act, expect, test } from './fixtures';

test('settings: every problem in one round, on its field, the first focused; valid values saved and used at once', async ({ desk, harness }) => {
  const before = harness.core.settings.get();
  await desk.getByRole('button', { name: 'Settings' }).click();
  const dialog = desk.getByRole('dialog', { name: 'Settings' });
  const clipboard = dialog.getByLabel('Clear the clipboard after (seconds)');
  await expect(clipboard).toHaveValue('30');
  await expect(dialog.getByLabel('Expiry alerts (days before expiry)')).toHaveValue('14, 7, 1, 0');
  await expect(dialog.getByLabel('Sync every (minutes)')).toHaveValue('15');
  await expect(dialog.getByLabel('Requests in flight per account')).toHaveValue('8');
  await expect(dialog.getByLabel('Lock after this long without input')).toHaveValue('10');
  await expect(dialog.getByLabel('Lock when the screen locks')).toBeChecked();

  await clipboard.fill('2');
  await dialog.getByLabel('Expiry alerts (days before expiry)').fill('30, seven');
  await dialog.getByLabel('Sync every (minutes)').fill('2.5');
  await dialog.getByLabel('Requests in flight per account').fill('64');
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog.getByTestId('problem-clipboardClearSeconds')).toHaveText('Enter 5 to 300 seconds.');
  await expect(dialog.getByTestId('problem-alertThresholdsDays')).toHaveText(
    'Write up to 10 whole numbers of days (0 to 365) separated by commas, e.g. 14, 7, 1, 0.',
  );
  await expect(dialog.getByTestId('problem-syncIntervalMinutes')).toHaveText('Enter a whole number of minutes.');
  await expect(dialog.getByTestId('problem-maxInFlightPerAccount')).toHaveText('Enter 1 to 32 requests.');
  await expect(clipboard).toBeFocused();
  await expect(dialog.locator('.field-problem')).toHaveCount(4);
  await expect(dialog).not.toContainText('invalid (');
  expect(harness.core.settings.get()).toEqual(before);

  await clipboard.fill('12');
  await dialog.getByLabel('Expiry alerts (days before expiry)').fill('1, 30 7');
  await dialog.getByLabel('Sync every (minutes)').fill('60');
  await dialog.getByLabel('Requests in flight per account').fill('4');
  await dialog.getByLabel('Lock after this long without input').selectOption({ label: '5 minutes' });
  await dialog.getByLabel('Lock when the screen locks').uncheck();
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(desk.getByTestId('toast').filter({ hasText: 'Settings saved.' })).toBeVisible();
  expect(harness.core.settings.get()).toEqual({
    clipboardClearSeconds: 12,
    alertThresholdsDays: [30, 7, 1],
    syncIntervalMinutes: 60,
    maxInFlightPerAccount: 4,
    fingerprintRetentionDays: 365,
    lockIdleMinutes: 5,
    lockOnScreenLock: false,
  });

  // Used at once: the next copy clears after 12 seconds.
  await act(desk, 'release-pipeline', 'Copy');
  await expect(desk.getByTestId('clipboard-status')).toHaveText(/clears in (12|11) s$/);
  await desk.getByRole('button', { name: 'Settings' }).click();
  await expect(desk.getByRole('dialog', { name: 'Settings' }).getByLabel('Expiry alerts (days before expiry)')).toHaveValue('30, 7, 1');
});

test("light and dark: the system's by default, or the one chosen in Settings, remembered", async ({ desk }) => {
  const background = () => desk.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await desk.emulateMedia({ colorScheme: 'light' });
  expect(await background()).toBe('rgb(246, 247, 249)');
  await desk.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).toBe('rgb(18, 20, 23)');
  await desk.emulateMedia({ colorScheme: 'light' });
  await desk.getByRole('button', { name: 'Settings' }).click();
  await desk.getByRole('dialog', { name: 'Settings' }).getByLabel('Theme').selectOption('dark');
  expect(await background()).toBe('rgb(18, 20, 23)');
  await desk.reload();
  await expect(desk.getByTestId('token-row').first()).toBeVisible();
  expect(await background()).toBe('rgb(18, 20, 23)');
  await desk.getByRole('button', { name: 'Settings' }).click();
  await desk.getByRole('dialog', { name: 'Settings' }).getByLabel('Theme').selectOption('system');
  expect(await background()).toBe('rgb(246, 247, 249)');
});
