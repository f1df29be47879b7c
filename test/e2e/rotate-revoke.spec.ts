/**
 * Rotate (LogScale in place with show-once; LDP with a successor and "Revoke the old token") and
 * revoke (confirmation by name, then done; a refusal keeps the token listed). Each waits for the
 * dialog's result, never for the moment in between (it lasts as long as the provider takes).
 */
import { act, details, expect, row, test } from './fixtures';

test('revoke: names the token and its account, needs the name typed, cannot be closed while it runs, then done; LogScale no longer has it', async ({
  desk,
  scenario,
}) => {
  const remoteId = [...scenario.logscale.state.tokens.values()].find((t) => t.name === 'ci-deploy-reader')!.id;
  await act(desk, 'ci-deploy-reader', 'Revoke…');
  const dialog = desk.getByRole('dialog', { name: 'Revoke token' });
  await expect(dialog).toContainText('Revoke “ci-deploy-reader” (System token) of Production LogScale (LogScale)?');
  const confirm = dialog.getByLabel("Type the token's name to confirm");
  await expect(confirm).toBeFocused();
  await expect(dialog.getByRole('button', { name: 'Revoke' })).toBeDisabled();
  await confirm.fill('ci-deploy');
  await expect(dialog.getByRole('button', { name: 'Revoke' })).toBeDisabled();
  await confirm.fill('ci-deploy-reader');
  // The provider answers only when the test says: the dialog cannot be closed meanwhile.
  let release!: () => void;
  scenario.logscale.setKnobs({ latencyMs: 0 });
  const held = new Promise<void>((done) => (release = done));
  await desk.route('**/api/tokens:revoke', async (route) => {
    await held;
    await route.continue();
  });
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(dialog).toHaveAttribute('aria-busy', 'true');
  await desk.keyboard.press('Escape');
  await expect(dialog).toBeVisible();
  release();
  await expect(dialog.getByTestId('revoke-done')).toContainText('Revoked. “ci-deploy-reader” of Production LogScale no longer works');
  await expect(dialog.getByRole('button', { name: 'Done' })).toBeFocused(); // the form it replaced had focus
  expect(scenario.logscale.operations('DeleteToken').map((r) => r.variables['id'])).toEqual([remoteId]);
  expect(scenario.logscale.state.tokens.has(remoteId)).toBe(false);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);
  // Revoked: it leaves the live list; its details say so.
  await expect(row(desk, 'ci-deploy-reader')).toHaveCount(0);
  await expect(details(desk).getByTestId('detail-status')).toHaveText('Revoked');
  await expect(details(desk).getByRole('button', { name: 'Revoke…' })).toBeDisabled();
});

test("a refused revoke shows the provider's message and request id, and the token stays listed and working", async ({ desk, harness, scenario }) => {
  const foreign = scenario.ovh.addToken(scenario.services.production, { name: 'colleague-token', ownedByCaller: false });
  await harness.core.tokens.sync();
  await act(desk, 'colleague-token', 'Revoke…');
  const dialog = desk.getByRole('dialog', { name: 'Revoke token' });
  await dialog.getByLabel("Type the token's name to confirm").fill('colleague-token');
  await dialog.getByRole('button', { name: 'Revoke' }).click();

  const error = dialog.getByTestId('revoke-error');
  await expect(error).toContainText('Not revoked:');
  await expect(error).toContainText('The token is still listed and still works.');
  const refused = scenario.ovh.apiRequests({ method: 'DELETE', path: `/dbaas/logs/${scenario.services.production}/token/${foreign.tokenId}` });
  expect(refused.map((r) => r.status)).toContain(403);
  await expect(error).toContainText(new RegExp(`(request|query) id ${refused.at(-1)!.queryId}`));
  await expect(error).toContainText('OnlyOwnerCanPerformAction');
  await desk.screenshot({ path: test.info().outputPath('revoke-refused.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(row(desk, 'colleague-token').getByTestId('status')).toHaveText('Active');
  expect(scenario.ovh.state.service(scenario.services.production).tokens.has(foreign.tokenId)).toBe(true);
});

test('rotate a LogScale token: the new secret is shown once (on click), the old one is refused at once', async ({ desk, harness, scenario }) => {
  const old = scenario.token('release-pipeline');
  const oldSecret = (await harness.core.tokens.reveal(old.id)).value;
  await act(desk, 'release-pipeline', 'Rotate');
  const confirm = desk.getByRole('dialog', { name: 'Rotate token' });
  await expect(confirm).toContainText('LogScale replaces the secret at once');
  await confirm.getByRole('button', { name: 'Rotate' }).click();

  const outcome = desk.getByRole('dialog', { name: 'Token rotated' });
  await expect(outcome.getByTestId('outcome-stored')).toContainText('The secret is already in your vault');
  await expect(outcome.getByTestId('outcome-previous')).toHaveCount(0); // nothing left to revoke
  const fresh = harness.core.tokens.list().find((t) => t.name === 'release-pipeline' && t.status === 'active')!;
  const freshSecret = (await harness.core.tokens.reveal(fresh.id)).value;
  await outcome.getByRole('button', { name: 'Reveal' }).click();
  expect(await outcome.getByTestId('outcome-secret').inputValue()).toBe(freshSecret);
  await outcome.getByRole('button', { name: 'Hide' }).click();
  await expect(outcome.getByTestId('outcome-secret')).toHaveCount(0);
  await outcome.getByRole('button', { name: 'Done' }).click();

  expect(scenario.logscale.operations('RotateToken')).toHaveLength(1);
  expect(scenario.logscale.state.authenticate(freshSecret)?.name).toBe('release-pipeline');
  expect(scenario.logscale.state.authenticate(oldSecret)).toBeNull();
  // The old record is kept as history (revoked), after the live ones.
  await expect(row(desk, 'release-pipeline')).toHaveCount(1);
  await desk.getByRole('checkbox', { name: /Show revoked & gone/ }).check();
  await expect.poll(async () => (await row(desk, 'release-pipeline').getByTestId('status').allTextContents()).sort()).toEqual(['Active', 'Revoked']);
});

test('rotate an LDP token: a successor is created, and "Revoke the old token" goes through the normal revoke', async ({ desk, scenario }) => {
  await act(desk, 'graylog-dashboards', 'Rotate');
  await desk.getByRole('dialog', { name: 'Rotate token' }).getByRole('button', { name: 'Rotate' }).click();

  const outcome = desk.getByRole('dialog', { name: 'Token rotated' });
  await expect(outcome.getByTestId('outcome-stored')).toContainText(/“graylog-dashboards-rotated-\d{12}” is ready/);
  await expect(outcome.getByTestId('outcome-previous')).toContainText('The old token “graylog-dashboards” still works.');
  const tokens = () => [...scenario.ovh.state.service(scenario.services.production).tokens.values()].map((t) => t.name);
  expect(tokens()).toEqual(expect.arrayContaining(['graylog-dashboards', expect.stringMatching(/^graylog-dashboards-rotated-/)]));
  await desk.screenshot({ path: test.info().outputPath('ldp-rotated.png') });

  await outcome.getByRole('button', { name: 'Revoke the old token' }).click();
  const revoke = desk.getByRole('dialog', { name: 'Revoke token' });
  await expect(revoke).toContainText('Revoke “graylog-dashboards” (LDP token) of OVH Europe (OVHcloud)?');
  await revoke.getByLabel("Type the token's name to confirm").fill('graylog-dashboards');
  await revoke.getByRole('button', { name: 'Revoke' }).click();
  await expect(revoke.getByTestId('revoke-done')).toBeVisible();
  await revoke.getByRole('button', { name: 'Done' }).click();
  // Focus goes back where the chain started: "Rotate", now of the successor, which is selected.
  await expect(details(desk).getByRole('button', { name: 'Rotate' })).toBeFocused();
  await expect(details(desk).getByRole('heading', { name: /^graylog-dashboards-rotated-/ })).toBeVisible();
  await expect(row(desk, 'graylog-dashboards')).toHaveCount(0); // revoked: out of the live list
  expect(tokens()).not.toContain('graylog-dashboards');
  expect(tokens().some((n) => n.startsWith('graylog-dashboards-rotated-'))).toBe(true);
  expect(scenario.ovh.apiRequests({ method: 'DELETE', path: `/dbaas/logs/${scenario.services.production}/token/*` })).toHaveLength(1);
});
