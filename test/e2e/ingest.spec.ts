/**
 * LogScale ingest tokens in the window: created with a repository and one of its parsers, the
 * parser changed from the details, copied (the value is readable again: no show-once), revoked
 * (LogScale's ingest API then refuses it). And LDP stream write tokens, which the OVHcloud API
 * cannot revoke or rotate: the details say so instead of offering buttons that would fail.
 */
import { details, expect, expectAccessible, row, test } from './fixtures';

/** What LogScale's structured ingest endpoint answers to one event sent with this value. */
async function ingestStatus(baseUrl: string, value: string): Promise<number> {
  const url = new URL('api/v1/ingest/humio-structured', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${value}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ events: [{ attributes: { message: 'probe' } }] }]),
  });
  return response.status;
}

test('an ingest token: created with a parser, its parser changed, copied, revoked; LogScale then refuses it', async ({ desk, harness, scenario }) => {
  const repo = scenario.logscale.state.repository('sandbox');
  const emulated = () => repo.ingestTokens.get('vector-web');
  const parserName = (id: string | null | undefined) => repo.parsers.find((p) => p.id === id)?.name ?? null;

  await desk.getByRole('button', { name: 'New token' }).click();
  const dialog = desk.getByRole('dialog', { name: 'New token' });
  await dialog.getByLabel('Account').selectOption({ label: 'Production LogScale (LogScale)' });
  const form = dialog.getByTestId('logscale-form');
  await form.getByRole('radio', { name: 'Ingest' }).check();
  // No expiry, permissions or IP filter for an ingest token: the repository and its parsers instead.
  await expect(form.getByTestId('policy')).toHaveCount(0);
  await expect(form.getByText('Expires')).toHaveCount(0);
  await expect(form.getByLabel('Repository')).toHaveValue('sandbox');
  await expect(form.getByLabel('Parser').locator('option')).toHaveText(['None (the shipper names one)', 'accesslog', 'json', 'kv', 'syslog']);
  await form.getByRole('button', { name: 'Create token' }).click();
  await expect(form.getByTestId('problem-name')).toHaveText('Give the token a name.');
  await expect(form.getByLabel('Token name')).toBeFocused();
  await form.getByLabel('Token name').fill('vector-web');
  await form.getByLabel('Parser').selectOption('json');
  await expectAccessible(desk, 'the New token dialog (ingest)', 'dialog[open]');
  await desk.screenshot({ path: test.info().outputPath('ingest-form.png') });
  await form.getByRole('button', { name: 'Create token' }).click();

  // The value is readable again from LogScale, like an LDP value: nothing shown once, nothing to reveal here.
  const outcome = desk.getByRole('dialog', { name: 'Token created' });
  await expect(outcome.getByTestId('outcome-stored')).toContainText(
    '“vector-web” is ready. The secret is already in your vault. You can copy or reveal it any time.',
  );
  await expect(outcome.getByRole('button', { name: 'Reveal' })).toHaveCount(0);
  expect(parserName(emulated()?.parserId)).toBe('json');
  await outcome.getByRole('button', { name: 'Copy' }).click();
  await expect(desk.getByTestId('clipboard-status')).toHaveText(/^Copied ✓ “vector-web” · clears in (30|29) s$/);
  const value = emulated()!.token;
  expect(harness.platform.clipboardText()).toBe(value);
  await outcome.getByRole('button', { name: 'Done' }).click();

  // The details: repository and parser; the parser changed.
  await expect(row(desk, 'vector-web')).toHaveAttribute('aria-selected', 'true');
  const pane = details(desk);
  await expect(pane.getByTestId('detail-facts')).toContainText(/Kind\s*Ingest\s*Repository\s*sandbox\s*Parser\s*json/);
  await pane.getByRole('button', { name: 'Change parser…' }).click();
  const change = desk.getByRole('dialog', { name: 'Change parser' });
  await expect(change.getByLabel('Parser')).toHaveValue('json');
  await expect(change.getByRole('button', { name: 'Save' })).toBeDisabled();
  await change.getByLabel('Parser').selectOption('kv');
  await expectAccessible(desk, 'the Change parser dialog', 'dialog[open]');
  await desk.screenshot({ path: test.info().outputPath('parser-dialog.png') });
  await change.getByRole('button', { name: 'Save' }).click();
  await expect(change).toHaveCount(0);
  await expect(pane.getByTestId('detail-parser')).toHaveText('kv');
  expect(parserName(emulated()?.parserId)).toBe('kv');
  expect(emulated()!.token).toBe(value); // same value: shippers keep working

  // None removes it.
  await pane.getByRole('button', { name: 'Change parser…' }).click();
  await change.getByLabel('Parser').selectOption({ label: 'None (the shipper names one)' });
  await change.getByRole('button', { name: 'Save' }).click();
  await expect(pane.getByTestId('detail-parser')).toHaveText('None (the shipper names one)');
  expect(emulated()!.parserId).toBeNull();

  // Revoked like any token; LogScale's ingest API refuses the value afterwards.
  expect(await ingestStatus(scenario.logscale.baseUrl, value)).toBe(200);
  await pane.getByRole('button', { name: 'Revoke…', exact: true }).click();
  const revoke = desk.getByRole('dialog', { name: 'Revoke token' });
  await expect(revoke).toContainText('Revoke “vector-web” (Ingest token) of Production LogScale (LogScale)?');
  await revoke.getByLabel("Type the token's name to confirm").fill('vector-web');
  await revoke.getByRole('button', { name: 'Revoke' }).click();
  await expect(revoke.getByTestId('revoke-done')).toBeVisible();
  expect(emulated()).toBeUndefined();
  expect(await ingestStatus(scenario.logscale.baseUrl, value)).toBe(401);
});

test('an LDP stream write token: copy and reveal, but no rotate, revoke or verify; the details say why', async ({ desk, harness, scenario }) => {
  const stream = scenario.ovh.addStream(scenario.services.production, { title: 'web-access' });
  await harness.core.tokens.sync();
  await row(desk, 'web-access').locator('.t-name').click();
  const pane = details(desk);
  await expect(pane.getByRole('heading', { name: 'web-access', exact: true })).toBeVisible();
  await expect(pane.getByTestId('detail-facts')).toContainText(/Kind\s*Stream write/);
  const actions = pane.getByRole('group', { name: 'Actions on web-access' });
  await expect(actions.getByRole('button')).toHaveText(['Copy', 'Reveal']);
  await expect(pane.getByTestId('detail-not-offered')).toContainText("OVHcloud's API cannot rotate or revoke a stream's write token (X-OVH-TOKEN)");
  // The keyboard says the same instead of opening a dialog that would fail.
  await row(desk, 'web-access').locator('.t-name').click();
  await desk.keyboard.press('Delete');
  await expect(desk.getByTestId('toast')).toContainText("Cannot revoke “web-access”: OVHcloud's API cannot rotate or revoke");
  await expect(desk.getByRole('dialog')).toHaveCount(0);
  await actions.getByRole('button', { name: 'Copy' }).click();
  await expect(desk.getByTestId('clipboard-status')).toHaveText(/^Copied ✓ “web-access”/);
  expect(harness.platform.clipboardText()).toBe(stream.rules.find((r) => r.field === 'X-OVH-TOKEN')!.value);
});

test('no repository readable: the Ingest kind says what the account needs instead of an empty list, and cannot be created', async ({ desk, scenario }) => {
  const { searchDomains } = scenario.logscale.state;
  for (const [id, domain] of searchDomains) if (domain.type === 'Repository') searchDomains.delete(id);
  await desk.getByRole('button', { name: 'New token' }).click();
  const dialog = desk.getByRole('dialog', { name: 'New token' });
  await dialog.getByLabel('Account').selectOption({ label: 'Production LogScale (LogScale)' });
  const form = dialog.getByTestId('logscale-form');
  await form.getByRole('radio', { name: 'Ingest' }).check();
  await expect(form.getByTestId('ingest-no-repository')).toContainText("No repository can be read with this account's token.");
  await expect(form.getByTestId('ingest-no-repository')).toContainText('ChangeIngestTokens');
  await expect(form.getByLabel('Repository')).toHaveCount(0);
  await expect(form.getByRole('button', { name: 'Create token' })).toBeDisabled();
});
