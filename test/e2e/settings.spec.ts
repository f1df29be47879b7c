/** Settings: saved through main (the contract checks every field), errors shown as main words them. */
import { expect, row, test } from './fixtures';

test('settings: main refuses out-of-range values with a reason; valid ones are saved and used at once', async ({ desk, harness }) => {
  const before = harness.core.settings.get();
  await desk.getByRole('button', { name: 'Settings' }).click();
  const dialog = desk.getByRole('dialog', { name: 'Settings' });
  const clipboard = dialog.getByLabel('Clear the clipboard after (seconds)');
  await expect(clipboard).toHaveValue('30');
  await expect(dialog.getByLabel('Expiry alerts (days before expiry)')).toHaveValue('14, 7, 1, 0');
  await expect(dialog.getByLabel('Sync every (minutes)')).toHaveValue('15');
  await expect(dialog.getByLabel('Requests in flight per account')).toHaveValue('8');

  await clipboard.fill('2');
  await dialog.getByLabel('Requests in flight per account').fill('64');
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  const error = dialog.getByTestId('settings-error');
  await expect(error).toContainText('Some settings need a fix.');
  await expect(error).toContainText('Clear the clipboard after: must be at least 5 seconds');
  await desk.screenshot({ path: test.info().outputPath('settings-refused.png') });
  expect(harness.core.settings.get()).toEqual(before);

  await dialog.getByLabel('Expiry alerts (days before expiry)').fill('30, seven');
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(error).toContainText('Expiry alerts: write days as numbers separated by commas');

  await clipboard.fill('12');
  await dialog.getByLabel('Expiry alerts (days before expiry)').fill('1, 30 7');
  await dialog.getByLabel('Sync every (minutes)').fill('60');
  await dialog.getByLabel('Requests in flight per account').fill('4');
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(desk.getByTestId('toast').filter({ hasText: 'Settings saved.' })).toBeVisible();
  expect(harness.core.settings.get()).toEqual({ clipboardClearSeconds: 12, alertThresholdsDays: [30, 7, 1], syncIntervalMinutes: 60, maxInFlightPerAccount: 4, fingerprintRetentionDays: 365 });

  // Used at once: the next copy clears after 12 seconds.
  await row(desk, 'release-pipeline').getByRole('button', { name: 'Copy release-pipeline' }).click();
  await expect(desk.getByTestId('clipboard-status')).toHaveText(/Clipboard clears in (12|11) s$/);
  // And the dialog shows the saved values next time.
  await desk.getByRole('button', { name: 'Settings' }).click();
  await expect(desk.getByRole('dialog', { name: 'Settings' }).getByLabel('Expiry alerts (days before expiry)')).toHaveValue('30, 7, 1');
});
