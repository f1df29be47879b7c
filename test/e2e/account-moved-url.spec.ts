/**
 * Editing an account's address in the window: a URL on another server shows the credential field,
 * required, with why (Tokendesk does not send the stored credential to another server); saving
 * without it sends nothing anywhere; with it, the account moves. Back to the old URL, the stored
 * credential is kept again.
 */
import { startRecordingProxy } from '../support/recording-proxy';
import { expect, scope, test } from './fixtures';

const WHY = 'A new address needs its credential entered again: Tokendesk does not send the stored one to another server.';

test('a new LogScale URL needs the token again: the field appears, required; nothing is sent without it; with it, the account moves', async ({
  desk,
  harness,
  scenario,
}) => {
  const elsewhere = await startRecordingProxy(scenario.logscale.baseUrl);
  try {
    await scope(desk, /^Production LogScale/).click();
    await desk.getByTestId('account-header').getByRole('button', { name: 'Edit account…' }).click();
    const dialog = desk.getByRole('dialog', { name: 'Edit “Production LogScale”' });
    await expect(dialog.getByLabel('API token')).toHaveCount(0);
    await dialog.getByLabel('LogScale URL').fill(elsewhere.baseUrl);
    await expect(dialog.getByTestId('credential-needed')).toHaveText(WHY);
    await dialog.getByRole('button', { name: 'Test and save' }).click();
    await expect(dialog.getByTestId('problem-token')).toHaveText(WHY);
    await expect(dialog.getByLabel('API token')).toBeFocused();
    expect(elsewhere.received).toEqual([]);

    // The old address again: the stored credential is kept, no field asked.
    await dialog.getByLabel('LogScale URL').fill(scenario.logscale.baseUrl);
    await expect(dialog.getByLabel('API token')).toHaveCount(0);

    await dialog.getByLabel('LogScale URL').fill(elsewhere.baseUrl);
    await dialog.getByLabel('API token').fill(scenario.logscale.adminToken);
    await dialog.getByRole('button', { name: 'Test and save' }).click();
    await expect(dialog).toHaveCount(0);
    expect((await harness.core.accounts.list()).find((a) => a.id === scenario.accounts.logscale.id)?.connection.baseUrl).toBe(elsewhere.baseUrl);
    expect(new Set(elsewhere.received.flatMap((r) => r.headers.authorization ?? []))).toEqual(new Set([`Bearer ${scenario.logscale.adminToken}`]));
  } finally {
    await elsewhere.close();
  }
});
