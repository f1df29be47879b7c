/**
 * OVHcloud IAM personal access tokens (PATs) of an IAM-enabled LDP service: the form offers the
 * local users whose policies reach the service (with those policies), sends name, description and
 * expiry, shows the secret once; the PAT is listed, verified (Bearer and pat_jwt_ Basic), rotated
 * (successor, then "Revoke the old token") and revoked. Asserts what the user sees and what the
 * OVHcloud emulator received or now holds.
 */
import { OVH_ACCESS_RULES } from '../../main/core/providers/ovh';
import { act, details, expect, row, test } from './fixtures';

const DAY_SECONDS = 86_400;

test('create a PAT through the form: users and their policies shown, name, description and expiry sent, secret shown once; verify; revoke', async ({
  desk,
  harness,
  scenario,
}) => {
  const { ovh } = scenario;
  const user = () => ovh.state.iamUser(scenario.iamUsers.shipper);
  // The PAT made in the console is listed beside the LDP tokens.
  await expect(row(desk, 'vector-forwarder')).toContainText('IAM PAT');
  await expect(row(desk, 'vector-forwarder')).toContainText('Security logs · IAM user log-shipper · 1 policy');

  await desk.getByRole('button', { name: 'New token' }).click();
  const dialog = desk.getByRole('dialog', { name: 'New token' });
  await dialog.getByLabel('Account').selectOption({ label: 'OVH Europe (OVHcloud LDP)' });
  const form = dialog.getByTestId('ldp-form');
  const iam = form.getByRole('radio', { name: 'Security logs' });
  await expect(iam).toBeEnabled();
  await expect(form).toContainText('Tokendesk creates a personal access token of a local user whose IAM policies reach it');
  await iam.check();

  const pat = form.getByTestId('pat-fields');
  await expect(pat.getByRole('radio', { name: 'log-shipper' })).toBeChecked();
  await expect(pat.getByRole('radio', { name: 'soc-analyst' })).toBeEnabled();
  const policies = pat.getByRole('list', { name: 'Policies of log-shipper' });
  await expect(policies).toContainText('ldp-access-log-shipper: ldp:graylog:stream/read, ldp:opensearch:alias/read, ldp:opensearch:index/write');
  await expect(pat.getByRole('list', { name: 'Policies of soc-analyst' })).toContainText('ldp:opensearch:alias/read');
  await expect(pat).toContainText('Log shipping agents · group UNPRIVILEGED');
  await expect(form.getByLabel('Cluster')).toHaveCount(0);
  // A finite expiry is suggested; "Never" says what it means.
  await expect(pat.getByRole('radio', { name: 'In 90 days' })).toBeChecked();
  await pat.getByRole('radio', { name: 'Never' }).check();
  await expect(pat.getByTestId('pat-never')).toContainText('the token works until someone revokes it');
  await pat.getByRole('radio', { name: 'In 30 days' }).check();
  await expect(pat.getByTestId('pat-never')).toHaveCount(0);
  await form.getByRole('button', { name: 'Create token' }).click();
  await expect(form.getByTestId('problem-name')).toHaveText('Give the token a name.');
  await expect(pat.getByLabel('Token name')).toBeFocused();
  await pat.getByLabel('Token name').fill('grafana-soc');
  await pat.getByLabel('Description').fill('Grafana on the SOC wall');
  await desk.screenshot({ path: test.info().outputPath('pat-form.png') });
  const sent = Date.now();
  await form.getByRole('button', { name: 'Create token' }).click();

  const outcome = desk.getByRole('dialog', { name: 'Token created' });
  await expect(outcome.getByTestId('outcome-stored')).toContainText(
    '“grafana-soc” is ready. The secret is already in your vault. OVHcloud shows it only this once',
  );
  const posted = ovh.apiRequests({ method: 'POST', path: `/me/identity/user/${scenario.iamUsers.shipper}/token` });
  expect(posted.map((r) => JSON.parse(r.body) as unknown)).toEqual([
    { name: 'grafana-soc', description: 'Grafana on the SOC wall', expiresIn: 30 * DAY_SECONDS },
  ]);
  expect(Date.parse(user().tokens.get('grafana-soc')!.expiresAt!) - sent).toBeGreaterThan(30 * DAY_SECONDS * 1000 - 60_000);

  // The secret enters the page only on "Reveal", and it is what the vault and OVHcloud hold.
  const created = harness.core.tokens.list().find((t) => t.name === 'grafana-soc')!;
  const secret = (await harness.core.tokens.reveal(created.id)).value;
  expect(secret).toBe(user().tokens.get('grafana-soc')!.value);
  expect(await desk.content()).not.toContain(secret);
  await outcome.getByRole('button', { name: 'Reveal' }).click();
  expect(await outcome.getByTestId('outcome-secret').inputValue()).toBe(secret);
  await desk.screenshot({ path: test.info().outputPath('pat-show-once.png') });
  await outcome.getByRole('button', { name: 'Done' }).click();
  await expect(outcome).toHaveCount(0);
  expect(await desk.content()).not.toContain(secret);

  const listed = row(desk, 'grafana-soc');
  await expect(listed).toHaveAttribute('aria-selected', 'true');
  await expect(listed).toContainText('IAM PAT');
  await expect(listed.getByTestId('countdown')).toHaveText(/^in (29|30) d /);

  // Verify: Bearer on both APIs, and the pat_jwt_<user> Basic login where Bearer is not possible.
  await act(desk, 'grafana-soc', 'Verify');
  const verify = desk.getByRole('dialog', { name: 'Verify token' });
  const checks = verify.getByTestId('verify-check');
  await expect(checks.filter({ hasText: 'OpenSearch API (Bearer)' })).toContainText('Accepted');
  await expect(checks.filter({ hasText: 'Graylog API (Bearer)' })).toContainText('Accepted');
  await expect(checks.filter({ hasText: 'OpenSearch API (Basic pat_jwt_log-shipper)' })).toContainText('Accepted');
  await expect(verify.getByTestId('verify-example')).toContainText('Bearer');
  expect(await desk.content()).not.toContain(secret);
  await desk.screenshot({ path: test.info().outputPath('pat-verify.png') });
  await verify.getByRole('button', { name: 'Close' }).last().click();

  // Revoke: OVHcloud no longer has it.
  await act(desk, 'grafana-soc', 'Revoke…');
  const revoke = desk.getByRole('dialog', { name: 'Revoke token' });
  await expect(revoke).toContainText('Revoke “grafana-soc” (IAM PAT token) of OVH Europe (OVHcloud)?');
  await revoke.getByLabel("Type the token's name to confirm").fill('grafana-soc');
  await revoke.getByRole('button', { name: 'Revoke' }).click();
  await expect(revoke.getByTestId('revoke-done')).toContainText('Revoked. “grafana-soc” of OVH Europe no longer works');
  expect(user().tokens.has('grafana-soc')).toBe(false);
  expect(ovh.apiRequests({ method: 'DELETE', path: `/me/identity/user/${scenario.iamUsers.shipper}/token/grafana-soc` }).map((r) => r.status)).toEqual([200]);
  await revoke.getByRole('button', { name: 'Done' }).click();
  await expect(listed).toHaveCount(0); // revoked: out of the live list
  await expect(details(desk).getByTestId('detail-status')).toHaveText('Revoked');
});

test('rotate a PAT: a successor for the same user with the same description, shown once; "Revoke the old token" deletes the old one', async ({
  desk,
  scenario,
}) => {
  const { ovh } = scenario;
  const names = () => [...ovh.state.iamUser(scenario.iamUsers.shipper).tokens.keys()];
  await act(desk, 'vector-forwarder', 'Rotate');
  const confirm = desk.getByRole('dialog', { name: 'Rotate token' });
  await expect(confirm).toContainText('A personal access token cannot be changed');
  await confirm.getByRole('button', { name: 'Rotate' }).click();

  const outcome = desk.getByRole('dialog', { name: 'Token rotated' });
  await expect(outcome.getByTestId('outcome-stored')).toContainText(
    /“vector-forwarder-rotated-\d{12}” is ready\. The secret is already in your vault\. OVHcloud shows it only this once/,
  );
  await expect(outcome.getByRole('button', { name: 'Reveal' })).toBeVisible();
  await expect(outcome.getByTestId('outcome-previous')).toContainText('The old token “vector-forwarder” still works.');
  const [posted] = ovh.apiRequests({ method: 'POST', path: `/me/identity/user/${scenario.iamUsers.shipper}/token` });
  expect(JSON.parse(posted!.body)).toMatchObject({
    name: expect.stringMatching(/^vector-forwarder-rotated-/),
    description: 'Vector on the SIEM hosts',
    expiresIn: expect.any(Number),
  });
  expect(names()).toEqual(['vector-forwarder', expect.stringMatching(/^vector-forwarder-rotated-/)]);

  await outcome.getByRole('button', { name: 'Revoke the old token' }).click();
  const revoke = desk.getByRole('dialog', { name: 'Revoke token' });
  await revoke.getByLabel("Type the token's name to confirm").fill('vector-forwarder');
  await revoke.getByRole('button', { name: 'Revoke' }).click();
  await expect(revoke.getByTestId('revoke-done')).toBeVisible();
  await revoke.getByRole('button', { name: 'Done' }).click();
  expect(names()).toEqual([expect.stringMatching(/^vector-forwarder-rotated-/)]);
  await expect(row(desk, 'vector-forwarder')).toHaveCount(0); // revoked: history now
  await desk.getByRole('checkbox', { name: /Show revoked & gone/ }).check();
  await expect(row(desk, 'vector-forwarder').getByTestId('status')).toHaveText('Revoked');
});

test('no user reaches the service: the form explains the policy to add; IAM users unreadable: the form shows why', async ({ desk, scenario }) => {
  const { ovh } = scenario;
  for (const policy of [...ovh.state.policies.values()]) ovh.state.policies.delete(policy.id);
  const open = async () => {
    await desk.getByRole('button', { name: 'New token' }).click();
    const dialog = desk.getByRole('dialog', { name: 'New token' });
    await dialog.getByLabel('Account').selectOption({ label: 'OVH Europe (OVHcloud LDP)' });
    await dialog.getByRole('radio', { name: 'Security logs' }).check();
    return dialog;
  };
  let dialog = await open();
  await expect(dialog.getByTestId('pat-no-users')).toContainText('No local user can reach this service');
  await expect(dialog.getByTestId('pat-no-users')).toContainText('Add a policy in the OVHcloud IAM console');
  await expect(dialog.getByRole('button', { name: 'Create token' })).toBeDisabled();
  await expect(dialog.getByTestId('create-problem')).toHaveText('No local user can reach this service yet.');
  await desk.screenshot({ path: test.info().outputPath('pat-no-users.png') });
  await desk.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // A consumer key without the IAM access rules.
  ovh.state.credentials.get(ovh.credentials.consumerKey)!.rules = OVH_ACCESS_RULES.filter((r) => !r.path.startsWith('/me'));
  dialog = await open();
  const error = dialog.getByTestId('pat-users-error');
  await expect(error).toContainText('The local users of this account could not be read:');
  await expect(error).toContainText('GET /me/identity/user');
  await expect(error).toContainText(/(request|query) id \S+/);
  await expect(dialog.getByRole('button', { name: 'Create token' })).toBeDisabled();
  // The legacy services still take LDP tokens.
  await dialog.getByRole('radio', { name: 'Production logs' }).check();
  await dialog.getByLabel('Token name').fill('still-works');
  await expect(dialog.getByRole('button', { name: 'Create token' })).toBeEnabled();
});
