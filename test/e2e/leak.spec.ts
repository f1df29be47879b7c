/**
 * A leaked token: paste it (the box is emptied at once, the text goes to main only), Tokendesk
 * names the token and its account, revokes it on one confirmed click, and proves it dead.
 */
import { expect, row, test } from './fixtures';

const paste = (box: import('@playwright/test').Locator, text: string) =>
  box.evaluate((el, pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);

test('a pasted LDP value: the box is emptied at once, the match names token, account and scope; one confirmed click revokes it, verified dead', async ({
  desk,
  scenario,
}) => {
  const leaked = [...scenario.ovh.state.service(scenario.services.staging).tokens.values()].find((t) => t.name === 'qa-readonly')!;
  await desk.getByRole('button', { name: 'Revoke a leaked token…' }).click();
  const dialog = desk.getByRole('dialog', { name: 'Revoke a leaked token' });
  const box = dialog.getByLabel('Paste what leaked');
  await expect(box).toBeFocused();
  await paste(box, `deploy log line 42: LDP_TOKEN=${leaked.value} (oops)`);
  await expect(box).toHaveValue('');

  const match = dialog.getByTestId('leak-match');
  await expect(match).toContainText('This is “qa-readonly” of OVH Europe.');
  await expect(match).toContainText('LDP token of OVH Europe (OVHcloud).');
  await expect(match).toContainText(/Scope\s*Staging logs · \S+\.logs\.ovh\.com/);
  await expect(match).toContainText(/Matched by\s*its value/);
  await desk.screenshot({ path: test.info().outputPath('leak-match.png') });

  await match.getByLabel('Type “qa-readonly” to revoke it now').fill('qa-readonly');
  await match.getByRole('button', { name: 'Revoke now' }).click();
  await expect(match.getByTestId('leak-proof')).toHaveText('Verified dead: the provider now refuses the leaked value.');
  await expect(match).toContainText(/Status\s*Revoked/);
  expect(scenario.ovh.state.service(scenario.services.staging).tokens.has(leaked.tokenId)).toBe(false);
  // The proof: the leaked value was presented to the cluster and refused.
  expect(scenario.ovh.requestLog.filter((r) => r.server === 'graylog' || r.server === 'opensearch').map((r) => r.status)).toContain(401);
  await desk.screenshot({ path: test.info().outputPath('leak-dead.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(row(desk, 'qa-readonly')).toHaveCount(0); // revoked: out of the live list
  await desk.getByRole('checkbox', { name: /Show revoked & gone/ }).check();
  await expect(row(desk, 'qa-readonly').getByTestId('status')).toHaveText('Revoked');
});

test('a LogScale token Tokendesk never held is found by its id, revoked, and LogScale refuses it after', async ({ desk, harness, scenario }) => {
  const { secret } = scenario.logscale.issueToken({ kind: 'system', name: 'pasted-in-chat', permissions: ['ReadHealthCheck'] });
  await harness.core.tokens.sync();
  await desk.getByRole('button', { name: 'Revoke a leaked token…' }).click();
  const dialog = desk.getByRole('dialog', { name: 'Revoke a leaked token' });
  const box = dialog.getByLabel('Paste what leaked');
  await box.fill(secret);
  await dialog.getByRole('button', { name: 'Check' }).click();
  await expect(box).toHaveValue('');
  const match = dialog.getByTestId('leak-match');
  await expect(match).toContainText('This is “pasted-in-chat” of Production LogScale.');
  await expect(match).toContainText('System token of Production LogScale (LogScale).');
  await expect(match).toContainText(/Matched by\s*its LogScale token id/);
  await match.getByLabel('Type “pasted-in-chat” to revoke it now').fill('pasted-in-chat');
  await match.getByRole('button', { name: 'Revoke now' }).click();
  await expect(match.getByTestId('leak-proof')).toContainText('Verified dead');
  expect(scenario.logscale.state.authenticate(secret)).toBeNull();
});

test('not one of ours: says so, with what it looks like', async ({ desk }) => {
  await desk.getByRole('button', { name: 'Revoke a leaked token…' }).click();
  const dialog = desk.getByRole('dialog', { name: 'Revoke a leaked token' });
  await paste(dialog.getByLabel('Paste what leaked'), 'AbCdEfGhIjKlMnOpQrStUvWx~0123456789abcdefghijABCDEFGHIJklmnop');
  await expect(dialog.getByTestId('leak-result')).toContainText('Not one of ours: no token in Tokendesk matches what you pasted.');
  await expect(dialog.getByTestId('leak-looks-like')).toHaveText(/looks like a Falcon LogScale API token/);
  await expect(dialog.getByTestId('leak-match')).toHaveCount(0);
});
