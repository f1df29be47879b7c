import { readFileSync } from 'node:fs';
import { accountKeys, test, expect } from './fixtures';

const readStore = (path: string): string => readFileSync(path, 'utf8');

test('shows the app frame with empty states that teach the next step', async ({ app }) => {
  await expect(app.getByTestId('keychain-status')).toHaveText('Keychain ready');
  await expect(app.getByTestId('tokens-empty')).toContainText('Add an OVHcloud or LogScale account');
  await expect(app.getByTestId('accounts-empty')).toBeVisible();
  await app.screenshot({ path: test.info().outputPath('empty.png') });
});

test('adds a LogScale account: listed, secret in the keychain, nothing secret in the store', async ({ app, harness, keychain }) => {
  const token = 'lsToken-7f3a9c1e0b2d4f6a8c0e2b4d6f8a0c2e';
  await app.getByRole('button', { name: 'Add account' }).click();
  await app.getByLabel('Falcon LogScale').check();
  await app.getByLabel('Account name').fill('Production LogScale');
  await app.getByLabel('LogScale URL').fill('https://logscale.example.com/prefix');
  await app.getByLabel('API token').fill(token);
  await app.getByRole('button', { name: 'Save account' }).click();

  const row = app.getByTestId('account-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Production LogScale');
  await expect(row).toContainText('https://logscale.example.com/prefix');
  await expect(app.getByLabel('API token')).toHaveCount(0); // the form closed

  const store = readStore(harness.storePath);
  expect(store).toContain('Production LogScale');
  expect(store).not.toContain(token);
  const [account] = await harness.core.accounts.list();
  expect(JSON.parse((await keychain.get(`account:${account!.id}`))!)).toEqual({ token });
  expect(await app.content()).not.toContain(token);
  await app.screenshot({ path: test.info().outputPath('logscale-added.png') });
});

test('adds an OVHcloud account with an application key: secret and consumer key only in the keychain', async ({ app, harness, keychain }) => {
  await app.getByRole('button', { name: 'Add account' }).click();
  await app.getByLabel('OVHcloud Logs Data Platform').check();
  await app.getByLabel('Account name').fill('OVH EU');
  await app.getByLabel('API region').selectOption('ovh-eu');
  await app.getByLabel('Application key', { exact: true }).fill('7kbG7Bk7S9Nt7ZSV');
  await app.getByLabel('Application secret').fill('EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF');
  await app.getByLabel('Consumer key', { exact: true }).fill('MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1');
  await app.getByRole('button', { name: 'Save account' }).click();

  await expect(app.getByTestId('account-row')).toContainText('ovh-eu · application key');
  const store = readStore(harness.storePath);
  expect(store).toContain('7kbG7Bk7S9Nt7ZSV'); // the application key identifies the app; it is not a secret
  expect(store).not.toContain('EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF');
  expect(store).not.toContain('MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1');
  const [account] = await harness.core.accounts.list();
  expect(JSON.parse((await keychain.get(`account:${account!.id}`))!)).toEqual({
    mode: 'consumer-key',
    applicationSecret: 'EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF',
    consumerKey: 'MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1',
  });
});

test('bad input names the problem and changes nothing', async ({ app, harness, keychain }) => {
  await app.getByRole('button', { name: 'Add account' }).click();
  await app.getByLabel('Falcon LogScale').check();
  await app.getByLabel('Account name').fill('Broken');
  await app.getByLabel('LogScale URL').fill('not a url');
  await app.getByLabel('API token').fill('some-token-value');
  await app.getByRole('button', { name: 'Save account' }).click();

  await expect(app.getByTestId('form-error')).toContainText('baseUrl: must be a URL');
  await expect(app.getByTestId('form-error')).not.toContainText('some-token-value');
  expect(await harness.core.accounts.list()).toEqual([]);
  expect(await accountKeys(keychain)).toEqual([]);
  await expect(app.getByTestId('accounts-empty')).toBeVisible();
});

test('removes an account after a confirmation that names it', async ({ app, harness, keychain }) => {
  await harness.core.accounts.add({ provider: 'logscale', label: 'Staging', baseUrl: 'https://staging.example.com', token: 'tok-staging' });
  await expect(app.getByTestId('account-row')).toHaveCount(1);
  await app.getByRole('button', { name: 'Remove account Staging' }).click();
  await expect(app.getByRole('group', { name: 'Confirm removal' })).toContainText('Remove “Staging”?');
  await app.getByRole('button', { name: 'Remove', exact: true }).click();

  await expect(app.getByTestId('account-row')).toHaveCount(0);
  expect(await accountKeys(keychain)).toEqual([]);
  expect(readStore(harness.storePath)).not.toContain('Staging');
});

test('follows the system light and dark theme', async ({ app }) => {
  await app.emulateMedia({ colorScheme: 'light' });
  const light = await app.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await app.emulateMedia({ colorScheme: 'dark' });
  const dark = await app.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(light).toBe('rgb(246, 247, 249)');
  expect(dark).toBe('rgb(18, 20, 23)');
});

test('the OVHcloud help link opens the allowlisted page through the platform, not the renderer', async ({ app, harness }) => {
  await app.getByRole('button', { name: 'Add account' }).click();
  await app.getByLabel('OVHcloud Logs Data Platform').check();
  await app.getByLabel('API region').selectOption('ovh-ca');
  await app.getByRole('button', { name: 'Create one on the OVHcloud API site' }).click();
  await expect.poll(() => harness.platform.recorded.opened).toEqual(['https://ca.api.ovh.com/createApp/']);
});
