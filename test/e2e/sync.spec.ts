/**
 * Accounts panel: per-account sync state, "Sync now", sync progress, provider errors with their
 * request id, and the notes on IAM-enabled OVHcloud services.
 */
import { expect, row, test } from './fixtures';

const account = (page: import('@playwright/test').Page, label: string) => page.getByTestId('account-row').filter({ hasText: label });

test('each account shows its sync state and notes; "Sync now" reads the provider again and brings new tokens', async ({ desk, scenario }) => {
  const ovh = account(desk, 'OVH Europe');
  await expect(ovh.getByTestId('account-sync')).toContainText('Synced just now');
  await expect(account(desk, 'Production LogScale').getByTestId('account-sync')).toContainText('Synced just now');
  // The IAM-enabled service is read through its users' personal access tokens: no note.
  await expect(row(desk, 'vector-forwarder')).toContainText('IAM PAT');
  await expect(ovh.getByTestId('account-notes')).toHaveCount(0);

  // A token made elsewhere appears after "Sync now"; the sync shows progress while it runs.
  scenario.ovh.addToken(scenario.services.production, { name: 'made-in-the-console' });
  scenario.ovh.setKnobs({ latencyMs: 250 });
  const listed = scenario.ovh.apiRequests({ method: 'GET', path: `/dbaas/logs/${scenario.services.production}/token` }).length;
  await ovh.getByRole('button', { name: 'Sync account OVH Europe now' }).click();
  await expect(ovh.getByTestId('account-sync')).toContainText('Syncing…');
  await expect(desk.getByTestId('sync-status')).toContainText('Syncing');
  await expect(ovh.getByRole('button', { name: 'Sync account OVH Europe now' })).toBeDisabled();
  await desk.screenshot({ path: test.info().outputPath('syncing.png') });
  await expect(row(desk, 'made-in-the-console')).toBeVisible();
  await expect(ovh.getByTestId('account-sync')).toContainText('Synced just now');
  await expect(desk.getByTestId('sync-status')).toHaveText('');
  expect(scenario.ovh.apiRequests({ method: 'GET', path: `/dbaas/logs/${scenario.services.production}/token` }).length).toBe(listed + 1);

  // No local user reaches the IAM-enabled service any more: the next sync explains it, not hidden.
  scenario.ovh.setKnobs({ latencyMs: 0 });
  for (const policy of [...scenario.ovh.state.policies.values()]) scenario.ovh.state.policies.delete(policy.id);
  await ovh.getByRole('button', { name: 'Sync account OVH Europe now' }).click();
  const notes = ovh.getByTestId('account-notes');
  await expect(notes).toContainText('ldp-sbg-secure-03');
  await expect(notes).toContainText('IAM enabled');
  await expect(notes).toContainText('OVHcloud IAM is enabled on this LDP service');
  await expect(notes).toContainText('Add a policy in the OVHcloud IAM console');
});

test('"Test connection" answers in one sentence; a failing account shows the provider\'s message and request id, raises a toast, and keeps its tokens listed', async ({ desk, scenario }) => {
  const ovh = account(desk, 'OVH Europe');
  const logscale = account(desk, 'Production LogScale');
  await logscale.getByRole('button', { name: 'Test the connection of Production LogScale' }).click();
  await expect(logscale.getByTestId('account-test')).toHaveText(/^Connected to LogScale \S+ as \S+\.$/);
  await ovh.getByRole('button', { name: 'Test the connection of OVH Europe' }).click();
  await expect(ovh.getByTestId('account-test')).toHaveText('Connected: consumer key validated; 3 Logs Data Platform services visible.');

  // The consumer key is revoked on the OVHcloud side.
  scenario.ovh.state.credentials.get(scenario.ovh.credentials.consumerKey)!.state = 'expired';
  await ovh.getByRole('button', { name: 'Test the connection of OVH Europe' }).click();
  const failed = ovh.getByTestId('account-test');
  await expect(failed).toContainText('Connection failed:');
  await expect(failed).toContainText('INVALID_CREDENTIAL');
  await expect(failed).toHaveAttribute('role', 'alert');
  const tested = /(?:request|query) id ([^\s)]+)\)/.exec((await failed.textContent()) ?? '')?.[1];
  expect(scenario.ovh.requestLog.filter((r) => r.status === 403).map((r) => r.queryId)).toContain(tested);
  await desk.screenshot({ path: test.info().outputPath('connection-test.png') });

  await desk.getByRole('button', { name: 'Sync account OVH Europe now' }).click();
  await expect(ovh.getByTestId('account-sync')).toContainText('Sync failed (last success just now)');
  const error = ovh.getByTestId('account-sync-error');
  await expect(error).toContainText(/(request|query) id \S+/);
  await expect(error).toContainText('INVALID_CREDENTIAL');
  // The request id shown is one OVHcloud gave to a refused request.
  const shown = /(?:request|query) id ([^\s)]+)\)/.exec((await error.textContent()) ?? '')?.[1];
  expect(scenario.ovh.requestLog.filter((r) => r.status === 403).map((r) => r.queryId)).toContain(shown);
  await expect(desk.getByTestId('toast').filter({ hasText: 'Sync of “OVH Europe” failed' })).toBeVisible();
  // Nothing is marked gone because the account could not be read.
  await expect(row(desk, 'graylog-dashboards').getByTestId('status')).toHaveText('Active');
  await desk.screenshot({ path: test.info().outputPath('sync-error.png') });
});

test('"Sync all" syncs every account', async ({ desk, scenario }) => {
  scenario.logscale.issueToken({ kind: 'system', name: 'added-by-terraform', permissions: ['ReadHealthCheck'] });
  scenario.ovh.addToken(scenario.services.staging, { name: 'added-by-a-colleague' });
  await desk.getByRole('button', { name: 'Sync all' }).click();
  await expect(row(desk, 'added-by-terraform')).toBeVisible();
  await expect(row(desk, 'added-by-a-colleague')).toBeVisible();
  await expect(desk.getByTestId('token-count')).toHaveText('19 tokens');
});
