/**
 * First launch and connecting a platform: the empty app offers "Connect Falcon LogScale" and
 * "Connect OVHcloud"; the form says each problem once, on its field, and focuses the first;
 * saving tests the connection first and says what failed (network, TLS, auth, permission), with
 * "Save anyway"; a saved account syncs at once. Secrets go to the vault only. The guided
 * OVHcloud consumer key: main opens the page, the address can be copied, Cancel stops the wait.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { Scenario } from '../harness/scenario';
import { startLogScaleEmulator } from '../emulators/logscale';
import { expect, row, test } from './fixtures';

test('an empty app offers to connect a platform (and to set a lock); the form says each problem on its field; a refused credential says so, then it connects and syncs at once', async ({
  app,
  harness,
  vault,
}) => {
  const emulator = await startLogScaleEmulator();
  try {
    const welcome = app.getByTestId('welcome');
    await expect(welcome.getByRole('button', { name: /Connect Falcon LogScale/ })).toBeVisible();
    await expect(welcome.getByRole('button', { name: /Connect OVHcloud/ })).toBeVisible();
    await expect(app.getByTestId('lock-suggestion')).toContainText('Lock Tokendesk when you step away.');
    await expect(app.getByTestId('keychain-status')).toHaveText('Keychain ready');

    await welcome.getByRole('button', { name: /Connect Falcon LogScale/ }).click();
    const dialog = app.getByRole('dialog', { name: 'Connect Falcon LogScale' });
    await expect(dialog.getByLabel('Account name')).toBeFocused();
    // Nothing typed: each problem once, on its field, in words; the first field focused.
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect(dialog.getByTestId('problem-label')).toHaveText('Give the account a name, for example “Production”.');
    await expect(dialog.getByTestId('problem-baseUrl')).toHaveText('Enter the address, for example https://cloud.humio.com.');
    await expect(dialog.getByTestId('problem-token')).toHaveText('Paste an API token of this LogScale.');
    await expect(dialog.getByLabel('Account name')).toBeFocused();
    await expect(dialog.getByLabel('Account name')).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.locator('.field-problem')).toHaveCount(3);

    await dialog.getByLabel('Account name').fill('Production');
    await dialog.getByLabel('LogScale URL').fill('not a url');
    await dialog.getByLabel('API token').fill('some-token-value');
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect(dialog.getByTestId('problem-baseUrl')).toHaveText('Enter a full address starting with https://, for example https://cloud.humio.com.');
    await expect(dialog.getByLabel('LogScale URL')).toBeFocused();
    await expect(dialog.locator('.field-problem')).toHaveCount(1);

    // A wrong token: the connection test says the credential was refused; nothing is saved.
    await dialog.getByLabel('LogScale URL').fill(emulator.baseUrl);
    await dialog.getByRole('button', { name: 'Connect' }).click();
    const failed = dialog.getByTestId('check-failed');
    await expect(failed.getByRole('heading')).toHaveText('The credential was refused');
    await expect(failed).toContainText('wrong, expired or revoked');
    expect(await harness.core.accounts.list()).toEqual([]);
    await dialog.getByRole('button', { name: 'Edit and try again' }).click();
    await expect(dialog.getByLabel('API token')).toBeFocused();
    await dialog.getByLabel('API token').fill(emulator.adminToken);
    await dialog.getByRole('button', { name: 'Connect' }).click();

    // Saved, shown, and synced at once: its tokens are listed without a "Sync now".
    await expect(dialog).toHaveCount(0);
    await expect(app.getByRole('heading', { name: 'Production', level: 2 })).toBeVisible();
    await expect(app.getByTestId('toast').filter({ hasText: /^Connected “Production”\. Connected to LogScale/ })).toBeVisible();
    await expect(app.getByTestId('account-sync')).toHaveText('Synced just now');
    await expect(app.getByTestId('token-count')).toHaveText('1 token'); // the admin's own personal token
    const [account] = await harness.core.accounts.list();
    expect(JSON.parse((await vault.secret(`account:${account!.id}`))!)).toEqual({ token: emulator.adminToken });
    const store = readFileSync(harness.storePath, 'utf8');
    expect(store).toContain('Production');
    expect(store).not.toContain(emulator.adminToken);
    expect(await app.content()).not.toContain(emulator.adminToken);
  } finally {
    await emulator.close();
  }
});

test('an unreachable server is named as such; "Save anyway" keeps the account, which then says its sync failed', async ({ app, harness, vault }) => {
  await app
    .getByTestId('welcome')
    .getByRole('button', { name: /Connect Falcon LogScale/ })
    .click();
  const dialog = app.getByRole('dialog', { name: 'Connect Falcon LogScale' });
  await dialog.getByLabel('Account name').fill('Offline');
  await dialog.getByLabel('LogScale URL').fill('http://127.0.0.1:9');
  await dialog.getByLabel('API token').fill('token-for-later');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  const failed = dialog.getByTestId('check-failed');
  await expect(failed.getByRole('heading')).toHaveText('The server could not be reached');
  await expect(failed.getByTestId('check-detail')).toContainText('Could not reach LogScale at http://127.0.0.1:9');
  await dialog.getByRole('button', { name: 'Save anyway' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(app.getByTestId('account-sync')).toHaveText('Sync failed');
  await expect(app.getByTestId('account-sync-error')).toContainText('Could not reach LogScale');
  await expect(app.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: /^Offline\W+sync failed/ })).toBeVisible();
  expect((await harness.core.accounts.list()).map((a) => a.label)).toEqual(['Offline']);
  expect(await vault.keys()).toHaveLength(2); // the credential and the account's record
});

test('OVHcloud with an application key: each secret in the vault only; the help link opens the allowlisted page through main', async ({
  app,
  harness,
  vault,
}) => {
  await app
    .getByTestId('welcome')
    .getByRole('button', { name: /Connect OVHcloud/ })
    .click();
  const dialog = app.getByRole('dialog', { name: 'Connect OVHcloud' });
  await dialog.getByLabel('API region').selectOption('ovh-ca');
  await dialog.getByRole('button', { name: 'Create one on the OVHcloud API site' }).click();
  await expect.poll(() => harness.platform.recorded.opened).toEqual(['https://ca.api.ovh.com/createApp/']);
  await dialog.getByLabel('Account name').fill('OVH lab');
  await dialog.getByLabel('API region').selectOption('custom');
  await dialog.getByLabel('API base URL').fill('http://127.0.0.1:9/1.0');
  await dialog.getByLabel('Application key', { exact: true }).fill('7kbG7Bk7S9Nt7ZSV');
  await dialog.getByLabel('Application secret').fill('EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.getByTestId('problem-consumerKey')).toHaveText('Paste the consumer key (or choose “Request a consumer key for me”).');
  await dialog.getByLabel('Consumer key', { exact: true }).fill('MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  // Nothing listens there: network (the OVHcloud client retries a refused connection for a few seconds); saved anyway.
  await expect(dialog.getByTestId('check-failed').getByRole('heading')).toHaveText('The server could not be reached', { timeout: 20_000 });
  await dialog.getByRole('button', { name: 'Save anyway' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(app.getByTestId('account-header')).toContainText('http://127.0.0.1:9/1.0 · application key');
  const store = readFileSync(harness.storePath, 'utf8');
  expect(store).toContain('7kbG7Bk7S9Nt7ZSV'); // the application key identifies the app; it is not a secret
  expect(store).not.toContain('EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF');
  expect(store).not.toContain('MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1');
  const [account] = await harness.core.accounts.list();
  expect(JSON.parse((await vault.secret(`account:${account!.id}`))!)).toEqual({
    mode: 'consumer-key',
    applicationSecret: 'EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF',
    consumerKey: 'MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1',
  });
});

// ---- the guided OVHcloud consumer-key request

async function requestConsumerKey(page: Page, scenario: Scenario, label: string): Promise<void> {
  await page.getByRole('button', { name: 'New token' }).focus();
  await page.keyboard.press('a');
  await page
    .getByRole('dialog', { name: 'Add an account' })
    .getByRole('button', { name: /Connect OVHcloud/ })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Connect OVHcloud' });
  await dialog.getByLabel('Account name').fill(label);
  await dialog.getByLabel('API region').selectOption('custom');
  await dialog.getByLabel('API base URL').fill(scenario.ovh.baseUrl);
  await dialog.getByLabel('Request a consumer key for me').check();
  await expect(dialog.getByLabel('Consumer key', { exact: true })).toHaveCount(0);
  await dialog.getByLabel('Application key', { exact: true }).fill(scenario.ovh.credentials.applicationKey);
  await dialog.getByLabel('Application secret').fill(scenario.ovh.credentials.applicationSecret);
  await dialog.getByRole('button', { name: 'Request consumer key' }).click();
}

const pendingConsumerKey = (scenario: Scenario): string =>
  [...scenario.ovh.state.credentials.values()].find((c) => c.state === 'pendingValidation')!.consumerKey;

test("guided consumer key on a custom endpoint: the dialog shows the page's address to copy (main does not open it) and waits; Cancel stops the wait; once approved the account is saved", async ({
  desk,
  harness,
  scenario,
  vault,
}) => {
  const started = desk.waitForResponse((r) => /accounts(:|%3A)ovhRequestKey$/.test(r.url()));
  await requestConsumerKey(desk, scenario, 'Guided EU');
  const { value: first } = (await (await started).json()) as { value: { pendingId: string; validationUrl: string; opened: boolean } };
  const dialog = desk.getByRole('dialog', { name: 'Connect OVHcloud' });
  const pending = dialog.getByTestId('ovh-key-pending');
  await expect(pending).toContainText('Open this address in your browser and approve Tokendesk there.');
  await expect(pending).toContainText('Waiting for your approval');
  // A custom endpoint's page is never opened by main: the window shows it as text to copy, never as a link it follows.
  expect(first.opened).toBe(false);
  expect(harness.platform.recorded.opened).toEqual([]);
  expect(new URL(first.validationUrl).origin).toBe(scenario.ovh.origin);
  const url = pending.getByTestId('ovh-validation-url');
  await expect(url).toHaveValue(first.validationUrl);
  await expect(url).toBeFocused();
  await expect(pending.getByRole('button', { name: 'Copy address' })).toBeVisible();
  await expect(pending.locator('a')).toHaveCount(0);
  const [request] = scenario.ovh.apiRequests({ method: 'POST', path: '/auth/credential' });
  expect(JSON.parse(request!.body).accessRules).toContainEqual({ method: 'DELETE', path: '/dbaas/logs/*/token/*' });

  // Cancel: main stops waiting, nothing is saved, the form comes back (the secret typed again).
  const cancelled = pendingConsumerKey(scenario);
  await pending.getByRole('button', { name: 'Cancel' }).click();
  await expect(pending).toHaveCount(0);
  await expect(desk.getByTestId('toast').filter({ hasText: 'Consumer-key request cancelled. Nothing was saved.' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Request consumer key' })).toBeFocused();
  await expect(dialog.getByLabel('Account name')).toHaveValue('Guided EU');
  await expect(dialog.getByLabel('Application secret')).toHaveValue('');
  await expect(harness.core.ovhOnboarding.finish(first.pendingId)).rejects.toMatchObject({ code: 'not-found' });
  scenario.ovh.validateConsumerKey(cancelled); // approving the cancelled key changes nothing
  expect((await harness.core.accounts.list()).map((a) => a.label)).toEqual(['Production LogScale', 'OVH Europe']);

  // Again, and this time the admin approves on the OVHcloud page.
  await dialog.getByLabel('Application secret').fill(scenario.ovh.credentials.applicationSecret);
  await dialog.getByRole('button', { name: 'Request consumer key' }).click();
  await expect(pending).toContainText('Open this address in your browser and approve Tokendesk there.');
  expect(harness.platform.recorded.opened).toEqual([]);
  const consumerKey = pendingConsumerKey(scenario);
  scenario.ovh.validateConsumerKey(consumerKey);
  await expect(dialog).toHaveCount(0, { timeout: 10_000 });
  await expect(desk.getByTestId('toast').filter({ hasText: 'Added “Guided EU”: the consumer key was approved.' })).toBeVisible();
  const account = (await harness.core.accounts.list()).find((a) => a.label === 'Guided EU')!;
  expect(JSON.parse((await vault.secret(`account:${account.id}`))!)).toEqual({
    mode: 'consumer-key',
    applicationSecret: scenario.ovh.credentials.applicationSecret,
    consumerKey,
  });
  expect(await desk.content()).not.toContain(consumerKey);
  await expect(desk.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: /^Guided EU/ })).toBeVisible();
  await expect(row(desk, 'graylog-dashboards')).toHaveCount(1);
});
