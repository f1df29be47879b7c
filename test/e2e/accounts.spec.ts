/**
 * An account in the window: its header (where it connects, sync state, notes, "Sync now", "Test
 * connection"), a sync error shown on the account and raised once (not at every load), editing
 * (rename, replace the credential after a connection test, a new OVHcloud consumer key, a new
 * LogScale token for the account itself), removing, and a damaged metadata store.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { startHarness } from '../harness/server';
import { expect, openApp, row, scope, test } from './fixtures';

const showAccount = async (page: Page, label: string) => {
  await scope(page, new RegExp(`^${label}`)).click();
  await expect(page.getByRole('heading', { name: label, level: 2 })).toBeVisible();
  return page.getByTestId('account-header');
};

test('"Sync now" reads the provider again and brings new tokens; notes explain an IAM-enabled service no user reaches', async ({ desk, scenario }) => {
  const header = await showAccount(desk, 'OVH Europe');
  await expect(header.getByTestId('account-sync')).toHaveText('Synced just now');
  await expect(header.getByTestId('account-notes')).toHaveCount(0);

  scenario.ovh.addToken(scenario.services.production, { name: 'made-in-the-console' });
  const listed = scenario.ovh.apiRequests({ method: 'GET', path: `/dbaas/logs/${scenario.services.production}/token` }).length;
  await header.getByRole('button', { name: 'Sync now' }).click();
  await expect(row(desk, 'made-in-the-console')).toBeVisible();
  await expect(header.getByTestId('account-sync')).toHaveText('Synced just now');
  expect(scenario.ovh.apiRequests({ method: 'GET', path: `/dbaas/logs/${scenario.services.production}/token` })).toHaveLength(listed + 1);

  for (const policy of [...scenario.ovh.state.policies.values()]) scenario.ovh.state.policies.delete(policy.id);
  await header.getByRole('button', { name: 'Sync now' }).click();
  const notes = header.getByTestId('account-notes');
  await expect(notes).toContainText('ldp-sbg-secure-03');
  await expect(notes).toContainText('IAM enabled');
  await expect(notes).toContainText('Add a policy in the OVHcloud IAM console');
});

test("a failing account: the test and the sync show the provider's message and request id; the toast is raised once, not again when the window reloads; the tokens stay listed", async ({
  desk,
  scenario,
}) => {
  const header = await showAccount(desk, 'OVH Europe');
  await header.getByRole('button', { name: 'Test connection' }).click();
  await expect(header.getByTestId('account-test')).toHaveText('Connected: consumer key validated; 3 Logs Data Platform services visible.');

  scenario.ovh.state.credentials.get(scenario.ovh.credentials.consumerKey)!.state = 'expired';
  await header.getByRole('button', { name: 'Test connection' }).click();
  const failed = header.getByTestId('account-test');
  await expect(failed).toContainText('Connection failed:');
  await expect(failed).toContainText('INVALID_CREDENTIAL');
  const tested = /(?:request|query) id ([^\s)]+)\)/.exec((await failed.textContent()) ?? '')?.[1];
  expect(scenario.ovh.requestLog.filter((r) => r.status === 403).map((r) => r.queryId)).toContain(tested);

  await header.getByRole('button', { name: 'Sync now' }).click();
  await expect(header.getByTestId('account-sync')).toHaveText('Sync failed (last success just now)');
  await expect(header.getByTestId('account-sync-error')).toContainText('INVALID_CREDENTIAL');
  await expect(desk.getByTestId('toast').filter({ hasText: 'Sync of “OVH Europe” failed' })).toHaveCount(1);
  await expect(desk.getByTestId('sync-failed')).toHaveText('1 account failed to sync');
  await expect(row(desk, 'graylog-dashboards').getByTestId('status')).toHaveText('Active');

  // Reloaded: the error is still on the account (sidebar, header), but no toast again.
  await desk.reload();
  await expect(scope(desk, /^OVH Europe\W+sync failed/)).toBeVisible();
  await scope(desk, /^OVH Europe/).click();
  await expect(desk.getByTestId('account-sync-error')).toContainText('INVALID_CREDENTIAL');
  await expect(desk.getByTestId('toast')).toHaveCount(0);
});

test('edit an account: rename; a new credential is tested first (a refused one is named), then saved to the vault only and used at once', async ({
  desk,
  harness,
  scenario,
  vault,
}) => {
  const header = await showAccount(desk, 'Production LogScale');
  await header.getByRole('button', { name: 'Edit account…' }).click();
  const dialog = desk.getByRole('dialog', { name: 'Edit “Production LogScale”' });
  await expect(dialog).toContainText("Credential: kept in Tokendesk's encrypted vault.");
  // A name another account has: said on the field.
  await dialog.getByLabel('Account name').fill('ovh europe');
  await dialog.getByRole('button', { name: 'Test and save' }).click();
  await expect(dialog.getByTestId('problem-label')).toHaveText('Another account has this name: choose another.');
  await dialog.getByLabel('Account name').fill('LogScale (prod)');
  await dialog.getByRole('button', { name: 'Paste a new credential…' }).click();
  await dialog.getByLabel('API token').fill('not-a-real-token');
  await dialog.getByRole('button', { name: 'Test and save' }).click();
  await expect(dialog.getByTestId('check-failed').getByRole('heading')).toHaveText('The credential was refused');
  expect(JSON.parse((await vault.secret(`account:${scenario.accounts.logscale.id}`))!)).toEqual({ token: scenario.logscale.adminToken });
  await dialog.getByRole('button', { name: 'Edit and try again' }).click();
  await expect(dialog.getByLabel('API token')).toBeFocused();

  // The personal token of a user made for Tokendesk replaces the admin's.
  const fresh = scenario.logscale.addUser('tokendesk-bot', { root: true }).token;
  await dialog.getByLabel('API token').fill(fresh);
  await dialog.getByRole('button', { name: 'Test and save' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(desk.getByRole('heading', { name: 'LogScale (prod)', level: 2 })).toBeVisible();
  await expect(desk.getByTestId('toast').filter({ hasText: /Saved “LogScale \(prod\)”\. Connected to LogScale \S+ as tokendesk-bot\./ })).toBeVisible();
  expect(JSON.parse((await vault.secret(`account:${scenario.accounts.logscale.id}`))!)).toEqual({ token: fresh });
  expect(await desk.content()).not.toContain(fresh);
  await desk.getByTestId('account-header').getByRole('button', { name: 'Test connection' }).click();
  await expect(desk.getByTestId('account-test')).toHaveText(/as tokendesk-bot\.$/);
  await expect(desk.getByTestId('account-sync')).toHaveText('Synced just now');
  expect((await harness.core.audit.entries()).filter((e) => e.action === 'account-updated').map((e) => e.note)).toEqual(['label, credential']);
});

test('edit an account: a new OVHcloud consumer key (approved on the page whose address it shows) and a new LogScale token for the account itself (its personal token, rotated)', async ({
  desk,
  harness,
  scenario,
  vault,
}) => {
  let header = await showAccount(desk, 'OVH Europe');
  await header.getByRole('button', { name: 'Edit account…' }).click();
  let dialog = desk.getByRole('dialog', { name: 'Edit “OVH Europe”' });
  await dialog.getByRole('button', { name: 'Request a new consumer key…' }).click();
  // The scenario's OVHcloud is a custom endpoint: its page is shown to copy, never opened by main.
  await expect(dialog.getByTestId('ovh-key-pending')).toContainText('Open this address in your browser and approve Tokendesk there.');
  await expect(dialog.getByTestId('ovh-validation-url')).toHaveValue(new RegExp(`^${scenario.ovh.origin}/`));
  expect(harness.platform.recorded.opened).toEqual([]);
  const consumerKey = [...scenario.ovh.state.credentials.values()].find((c) => c.state === 'pendingValidation')!.consumerKey;
  scenario.ovh.validateConsumerKey(consumerKey);
  await expect(dialog).toHaveCount(0, { timeout: 10_000 });
  await expect(desk.getByTestId('toast').filter({ hasText: '“OVH Europe” has a new consumer key.' })).toBeVisible();
  expect(JSON.parse((await vault.secret(`account:${scenario.accounts.ovh.id}`))!)).toMatchObject({ mode: 'consumer-key', consumerKey });
  await expect(desk.getByTestId('account-sync')).toHaveText('Synced just now');

  // LogScale: the account signs in with the admin's personal token; a new one replaces it.
  header = await showAccount(desk, 'Production LogScale');
  await header.getByRole('button', { name: 'Edit account…' }).click();
  dialog = desk.getByRole('dialog', { name: 'Edit “Production LogScale”' });
  await dialog.getByRole('button', { name: 'Create a new token for this account…' }).click();
  const rotate = desk.getByRole('dialog', { name: 'Rotate token' });
  await rotate.getByRole('button', { name: 'Rotate' }).click();
  await desk.getByRole('dialog', { name: 'Token rotated' }).getByRole('button', { name: 'Done' }).click();
  const stored = JSON.parse((await vault.secret(`account:${scenario.accounts.logscale.id}`))!) as { token: string };
  expect(stored.token).not.toBe(scenario.logscale.adminToken);
  expect(scenario.logscale.state.authenticate(stored.token)?.kind).toBe('personal');
  expect(scenario.logscale.state.authenticate(scenario.logscale.adminToken)).toBeNull();
});

test('remove an account after a confirmation that names it: its credential leaves the vault', async ({ desk, harness, scenario, vault }) => {
  const header = await showAccount(desk, 'OVH Europe');
  await header.getByRole('button', { name: 'Edit account…' }).click();
  const dialog = desk.getByRole('dialog', { name: 'Edit “OVH Europe”' });
  await dialog.getByRole('button', { name: 'Remove account…' }).click();
  await expect(dialog.getByRole('group', { name: 'Confirm removal' })).toContainText('Remove “OVH Europe”?');
  await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(desk.getByRole('heading', { name: 'All tokens' })).toBeVisible();
  await expect(scope(desk, /^OVH Europe/)).toHaveCount(0);
  expect((await harness.core.accounts.list()).map((a) => a.label)).toEqual(['Production LogScale']);
  expect((await vault.keys()).some((k) => k.includes(scenario.accounts.ovh.id))).toBe(false);
});

test('a damaged metadata store: the banner says where it went and how many accounts came back from the vault, then that their tokens are synced again', async ({
  page,
  harness,
  keychain,
  scenario,
}) => {
  const listed = harness.core.tokens.list().filter((t) => t.status !== 'revoked' && t.status !== 'gone').length;
  writeFileSync(harness.storePath, '{"accounts": [ {"id": "tru'); // a crash mid-write, a bad disk, an editor
  const restarted = await startHarness({ keychain, dataDir: harness.dataDir });
  try {
    const check = await openApp(page, restarted);
    const banner = page.getByTestId('recovery-banner');
    await expect(banner).toContainText(
      /^The metadata store was damaged and set aside \(\S+tokendesk\.json\.corrupt-\S+\)\. 2 accounts were restored from the vault; their tokens come back with the next sync\./,
    );
    await expect(page.getByTestId('sidebar-account')).toHaveCount(2);
    await expect(page.getByTestId('tokens-empty')).toBeVisible();

    scenario.logscale.setKnobs({ latencyMs: 1_500 }); // the 'being synced' state then lasts several seconds
    const syncing = restarted.core.tokens.sync();
    await expect(banner).toContainText('2 accounts were restored from the vault; their tokens are being synced again.');
    await syncing;
    await expect(banner).toContainText('their tokens have been synced again.');
    await expect(page.getByTestId('token-count')).toHaveText(`${listed} tokens`);
    void scenario;
    check();
  } finally {
    await restarted.close();
  }
});
