/**
 * "New token": the LDP form (services, IAM-enabled ones explained, clusters) and the LogScale form
 * (kinds, policy shown before submit, permissions search, expiry presets and custom, IP filter),
 * then the show-once dialog. Asserts what the user sees and what the emulators received.
 */
import { expect, row, test } from './fixtures';

const DAY = 86_400_000;

test('LDP: picks a service (IAM-enabled ones explained: they take personal access tokens) and a cluster; the token is created there and can be copied', async ({
  desk,
  harness,
  scenario,
}) => {
  await desk.getByRole('button', { name: 'New token' }).click();
  const dialog = desk.getByRole('dialog', { name: 'New token' });
  await dialog.getByLabel('Account').selectOption({ label: 'OVH Europe (OVHcloud LDP)' });
  await expect(dialog.getByRole('radio', { name: 'Production logs' })).toBeChecked();
  await expect(dialog.getByTestId('ldp-form')).toContainText(
    'OVHcloud IAM is enabled on this service: it takes no LDP tokens. Tokendesk creates a personal access token',
  );
  await expect(dialog.getByTestId('pat-fields')).toHaveCount(0);

  await dialog.getByRole('radio', { name: 'Staging logs' }).check();
  const cluster = scenario.ovh.state.service(scenario.services.staging).clusters[0]!;
  await expect(dialog.getByLabel('Cluster')).toHaveValue(cluster.clusterId);
  await dialog.getByLabel('Token name').fill('grafana-reader');
  await desk.screenshot({ path: test.info().outputPath('ldp-form.png') });
  await dialog.getByRole('button', { name: 'Create token' }).click();

  const outcome = desk.getByRole('dialog', { name: 'Token created' });
  await expect(outcome.getByTestId('outcome-stored')).toContainText('The secret is already in your vault. You can copy or reveal it any time.');
  await expect(outcome.getByRole('button', { name: 'Reveal' })).toHaveCount(0); // an LDP value is read from the vault when asked
  const posted = scenario.ovh.apiRequests({ method: 'POST', path: `/dbaas/logs/${scenario.services.staging}/token` });
  expect(posted.map((r) => JSON.parse(r.body))).toEqual([{ name: 'grafana-reader', clusterId: cluster.clusterId }]);

  await outcome.getByRole('button', { name: 'Copy' }).click();
  await expect(desk.getByTestId('clipboard-status')).toHaveText(/^Copied ✓ “grafana-reader” · clears in (30|29) s$/);
  const emulated = [...scenario.ovh.state.service(scenario.services.staging).tokens.values()].find((t) => t.name === 'grafana-reader')!;
  expect(harness.platform.clipboardText()).toBe(emulated.value);
  expect(harness.platform.recorded.clipboardWrites.at(-1)).toEqual({ concealed: true });

  await outcome.getByRole('button', { name: 'Done' }).click();
  await expect(outcome).toHaveCount(0);
  await expect(row(desk, 'grafana-reader')).toHaveAttribute('aria-selected', 'true');
  await expect(desk.getByRole('button', { name: 'New token' })).toBeFocused();
});

test('LogScale: the policy shows before submitting and shapes the form; the show-once dialog reveals the secret only on click', async ({
  desk,
  harness,
  scenario,
}) => {
  await desk.getByRole('button', { name: 'New token' }).click();
  const dialog = desk.getByRole('dialog', { name: 'New token' });
  await dialog.getByLabel('Account').selectOption({ label: 'Production LogScale (LogScale)' });
  const form = dialog.getByTestId('logscale-form');
  const policy = form.getByTestId('policy');

  // Personal tokens are disabled by the policy; system tokens must expire within 90 days.
  await expect(form.getByRole('radio', { name: 'Personal' })).toBeDisabled();
  await expect(form.getByText("Disabled by the organization's token security policy.")).toBeVisible();
  await expect(form.getByRole('radio', { name: 'System' })).toBeChecked();
  await expect(policy).toContainText('Must expire within 90 days');
  await expect(form.getByRole('radio', { name: 'Never' })).toBeDisabled();
  // View tokens get the forced IP filter, locked.
  await form.getByRole('radio', { name: 'View' }).check();
  await expect(policy).toContainText('IP filter forced: “Office VPN”');
  await expect(form.getByLabel('IP filter')).toBeDisabled();
  await expect(form.getByLabel('IP filter')).toHaveValue(scenario.ipFilters.officeVpn);
  await expect(form.getByRole('group', { name: /Permissions/ })).toContainText('Dashboards');
  await desk.screenshot({ path: test.info().outputPath('logscale-view-policy.png') });

  await form.getByRole('radio', { name: 'System' }).check();
  await expect(policy).toContainText('IP filter: your choice');
  await form.getByLabel('Token name').fill('nightly-export');
  await form.getByLabel('Filter permissions').fill('health');
  await expect(form.getByRole('checkbox')).toHaveCount(1);
  await form.getByRole('checkbox', { name: 'Read health check' }).check();
  await form.getByLabel('Filter permissions').fill('');
  await expect(form.getByRole('group', { name: /Permissions/ })).toContainText('1 chosen');

  // Beyond the maximum: refused before anything is sent (a date, or a custom duration).
  await form.getByRole('radio', { name: 'On a date' }).check();
  const later = new Date(Date.now() + 120 * DAY);
  const local = new Date(later.getTime() - later.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await form.getByLabel('Date and time').fill(local);
  await expect(form.getByTestId('expiry-problem')).toHaveText('The policy allows at most 90 days for system tokens.');
  await form.getByRole('radio', { name: 'Custom' }).check();
  await form.getByLabel('Amount').fill('100');
  await form.getByLabel('Unit').selectOption('days');
  await expect(form.getByTestId('expiry-problem')).toHaveText('The policy allows at most 90 days for system tokens.');
  const creates = scenario.logscale.operations('CreateSystemToken').length;
  await form.getByRole('button', { name: 'Create token' }).click();
  await expect(form.getByLabel('Amount')).toBeFocused(); // nothing sent: the field with the problem has the focus
  expect(scenario.logscale.operations('CreateSystemToken')).toHaveLength(creates);
  await form.getByLabel('Amount').fill('36');
  await form.getByLabel('Unit').selectOption('hours');
  await expect(form.getByTestId('expiry-problem')).toHaveCount(0);
  await form.getByLabel('IP filter').selectOption({ label: 'CI runners' });
  const sent = Date.now();
  await form.getByRole('button', { name: 'Create token' }).click();

  const outcome = desk.getByRole('dialog', { name: 'Token created' });
  await expect(outcome.getByTestId('outcome-stored')).toContainText(
    '“nightly-export” is ready. The secret is already in your vault. LogScale shows it only this once',
  );
  const [create] = scenario.logscale.operations('CreateSystemToken').slice(-1);
  expect(create!.variables).toMatchObject({ name: 'nightly-export', permissions: ['ReadHealthCheck'], ipFilterId: scenario.ipFilters.ciRunners });
  expect(Number(create!.variables['expireAt']) - sent).toBeGreaterThan(36 * 3_600_000 - 60_000);
  expect(Number(create!.variables['expireAt']) - sent).toBeLessThan(36 * 3_600_000 + 60_000);

  // The secret is in the page only after "Reveal", and equals what the vault holds.
  const stored = (await harness.core.tokens.reveal(scenario.token('nightly-export').id)).value;
  expect(await desk.content()).not.toContain(stored);
  await outcome.getByRole('button', { name: 'Reveal' }).click();
  expect(await outcome.getByTestId('outcome-secret').inputValue()).toBe(stored);
  await desk.screenshot({ path: test.info().outputPath('show-once.png') });
  await outcome.getByRole('button', { name: 'Done' }).click();
  await expect(outcome).toHaveCount(0);
  expect(
    await desk.evaluate(
      () => document.documentElement.outerHTML + [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value).join('\n'),
    ),
  ).not.toContain(stored);
  await expect(row(desk, 'nightly-export')).toContainText('IP filter CI runners');
  await expect(row(desk, 'nightly-export').getByTestId('countdown')).toHaveText(/^in 1 d 1\d h$/);
  expect(scenario.logscale.state.authenticate(stored)?.name).toBe('nightly-export');
});

test('LogScale: when the vault cannot store the secret (a full disk), the show-once dialog says so loudly and still shows it once', async ({
  desk,
  vault,
  scenario,
}) => {
  vault.failWrites(true);
  await desk.getByRole('button', { name: 'New token' }).click();
  const dialog = desk.getByRole('dialog', { name: 'New token' });
  await dialog.getByLabel('Account').selectOption({ label: 'Production LogScale (LogScale)' });
  const form = dialog.getByTestId('logscale-form');
  await form.getByRole('radio', { name: 'Organization' }).check();
  await form.getByLabel('Token name').fill('unsaved-usage');
  await form.getByRole('checkbox', { name: 'View usage' }).check();
  await form.getByRole('radio', { name: 'In 7 days' }).check();
  await form.getByRole('button', { name: 'Create token' }).click();

  const outcome = desk.getByRole('dialog', { name: 'Token created' });
  await expect(outcome.getByTestId('outcome-not-stored')).toContainText('Save this secret now.');
  await expect(outcome.getByTestId('outcome-not-stored')).toContainText('This is the only time it is shown');
  await expect(outcome.getByRole('button', { name: 'Copy' })).toHaveCount(0);
  await outcome.getByRole('button', { name: 'Reveal' }).click();
  const secret = await outcome.getByTestId('outcome-secret').inputValue();
  expect(scenario.logscale.state.authenticate(secret)?.name).toBe('unsaved-usage');
  await desk.screenshot({ path: test.info().outputPath('not-stored.png') });
  await outcome.getByRole('button', { name: 'Done' }).click();
  expect(await desk.content()).not.toContain(secret);
});

test('a create the policy now refuses shows why and keeps the form', async ({ desk, scenario }) => {
  await desk.getByRole('button', { name: 'New token' }).click();
  const dialog = desk.getByRole('dialog', { name: 'New token' });
  await dialog.getByLabel('Account').selectOption({ label: 'Production LogScale (LogScale)' });
  const form = dialog.getByTestId('logscale-form');
  // The policy changed on the server after the form read it.
  scenario.logscale.state.policies.organization.enabled = false;
  await form.getByRole('radio', { name: 'Organization' }).check();
  await form.getByLabel('Token name').fill('too-late');
  await form.getByRole('checkbox', { name: 'View usage' }).check();
  await form.getByRole('button', { name: 'Create token' }).click();
  await expect(form.getByTestId('create-error')).toContainText("The organization's token security policy does not allow organization tokens");
  await expect(form.getByLabel('Token name')).toHaveValue('too-late');
  // LogScale received the create and refused it; nothing was created.
  expect(scenario.logscale.operations('CreateOrganizationToken')).toHaveLength(1);
  expect([...scenario.logscale.state.tokens.values()].some((t) => t.name === 'too-late')).toBe(false);
  await expect(desk.getByRole('dialog', { name: 'New token' })).toBeVisible();
});

test('each problem once, on its field, the first focused; a working account is chosen first, and a broken one says precisely why it offers nothing', async ({
  desk,
  scenario,
}) => {
  // The LogScale account's credential is revoked: its last sync failed. New token chooses OVH Europe.
  scenario.logscale.state.tokens.forEach((t, id, all) => t.kind === 'personal' && all.delete(id));
  await desk.getByRole('button', { name: 'Sync all accounts' }).click();
  await expect(desk.getByTestId('sync-failed')).toHaveText('1 account failed to sync');
  await row(desk, 'release-pipeline').locator('.t-name').click(); // a token of the broken account is selected
  await desk.getByRole('button', { name: 'New token' }).click();
  const dialog = desk.getByRole('dialog', { name: 'New token' });
  await expect(dialog.getByLabel('Account')).toHaveValue(scenario.accounts.ovh.id);
  await expect(dialog.getByLabel('Account').locator('option:checked')).toHaveText('OVH Europe (OVHcloud LDP)');
  await expect(dialog.getByLabel('Account').locator('option', { hasText: 'Production LogScale' })).toHaveText(
    'Production LogScale (LogScale) — last sync failed',
  );

  // Submitted empty: the name's problem, on the name, which gets the focus.
  const form = dialog.getByTestId('ldp-form');
  await form.getByRole('button', { name: 'Create token' }).click();
  await expect(form.getByTestId('problem-name')).toHaveText('Give the token a name.');
  await expect(form.getByLabel('Token name')).toBeFocused();
  await expect(form.getByLabel('Token name')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('.field-problem')).toHaveCount(1);

  // The broken account: why, in words, and what to do.
  await dialog.getByLabel('Account').selectOption(scenario.accounts.logscale.id);
  const why = dialog.getByTestId('options-error');
  await expect(why).toContainText(
    '“Production LogScale” cannot offer options: its credential is refused (wrong, expired or revoked). Edit the account to replace it.',
  );
  await expect(why).toContainText('LogScale said:');
  await why.getByRole('button', { name: 'Edit the account…' }).click();
  await expect(desk.getByRole('dialog', { name: 'Edit “Production LogScale”' })).toBeVisible();
});

test('LogScale: what the account may not read is said, with the reason, instead of an empty list; problems on views and permissions, the first focused', async ({
  desk,
  harness,
  scenario,
}) => {
  // An account that signs in as a user who is not root: LogScale refuses it the IP filters.
  const user = scenario.logscale.addUser('limited-user');
  const limited = await harness.core.accounts.add({ provider: 'logscale', label: 'Limited', baseUrl: scenario.logscale.baseUrl, token: user.token });
  await desk.getByRole('button', { name: 'New token' }).click();
  const dialog = desk.getByRole('dialog', { name: 'New token' });
  await dialog.getByLabel('Account').selectOption(limited.id);
  const form = dialog.getByTestId('logscale-form');
  await expect(form.getByTestId('ipfilters-unreadable')).toHaveText(/^The IP filters could not be read: .*permission to view IP filters/);

  await form.getByRole('radio', { name: 'View' }).check();
  await form.getByLabel('Token name').fill('dashboards-reader');
  await form.getByRole('button', { name: 'Create token' }).click();
  await expect(form.getByTestId('problem-views')).toHaveText('Choose at least one view or repository.');
  await expect(form.getByTestId('problem-permissions')).toHaveText('Choose at least one permission.');
  await expect(form.getByRole('checkbox').first()).toBeFocused();
  await expect(form.locator('.field-problem')).toHaveCount(2 + 1); // and the IP filters note
  expect(scenario.logscale.operations('CreateViewToken')).toHaveLength(0);
});
