/**
 * "Scan a folder…" in the window: a folder (typed, or from the desktop's picker) read in main for
 * the tokens Tokendesk knows; the report names token, account, state, file and line, never the
 * value; live tokens first and loud, revoked from the report with the leak panel's confirmation;
 * ended ones proven dead; git history read when asked.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, expectAccessible, test } from './fixtures';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });

let folder = '';
test.beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'tokendesk-scan-e2e-'));
});
test.afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** What LogScale's structured ingest endpoint answers to one event sent with this value. */
async function ingestStatus(baseUrl: string, value: string): Promise<number> {
  const url = new URL('api/v1/ingest/humio-structured', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${value}`, 'content-type': 'application/json' },
    body: '[{"events":[{"attributes":{"message":"probe"}}]}]',
  });
  return response.status;
}

test('a typed folder: the live token and its account come first and loud, the revoked one after, no value shown; Revoke from the report kills it, the ended one is proven dead', async ({
  desk,
  harness,
  scenario,
}) => {
  // A live ingest token in a shipper's config, and an LDP token revoked earlier, left in an old env file.
  const live = scenario.logscale.issueIngestToken('sandbox', 'fluent-bit-prod', 'json');
  await harness.core.tokens.sync();
  const old = [...scenario.ovh.state.service(scenario.services.staging).tokens.values()].find((t) => t.name === 'qa-readonly')!;
  await harness.core.tokens.revoke(scenario.token('qa-readonly').id, 'qa-readonly');
  mkdirSync(join(folder, 'config'));
  writeFileSync(join(folder, 'config', 'fluent-bit.conf'), `[OUTPUT]\n    Name  http\n    Header Authorization Bearer ${live.token}\n`);
  writeFileSync(join(folder, '.env.old'), `# before the move\nLDP_TOKEN=${old.value}\n`);

  await desk.getByRole('button', { name: 'Scan a folder…' }).click();
  const dialog = desk.getByRole('dialog', { name: 'Scan a folder for tokens' });
  // The harness has no folder picker: it answers "none", and the path field takes over.
  await dialog.getByRole('button', { name: 'Choose…' }).click();
  await expect(dialog.getByTestId('scan-pick-note')).toHaveText("No folder was chosen: type or paste the folder's full path.");
  await expect(dialog.getByLabel('Folder')).toBeFocused();
  expect(harness.platform.recorded.folderPickers).toEqual(['Choose a folder to scan for tokens']);
  await dialog.getByLabel('Folder').fill(folder);
  await dialog.getByRole('button', { name: 'Scan', exact: true }).click();

  await expect(dialog.getByTestId('scan-live')).toContainText('1 live token found.');
  await expect(dialog.getByTestId('scan-stats')).toContainText('Read 2 files');
  const hits = dialog.getByTestId('scan-hit');
  await expect(hits).toHaveCount(2);
  const first = hits.nth(0);
  await expect(first.getByTestId('scan-state')).toHaveText('Live');
  await expect(first).toContainText('“fluent-bit-prod” Ingest token of Production LogScale (LogScale)');
  await expect(first.getByRole('list', { name: 'Where it was found' })).toHaveText('config/fluent-bit.conf, line 3');
  const second = hits.nth(1);
  await expect(second.getByTestId('scan-state')).toHaveText('Revoked');
  await expect(second).toContainText('“qa-readonly” LDP token of OVH Europe (OVHcloud)');
  await expect(second.getByRole('list', { name: 'Where it was found' })).toHaveText('.env.old, line 2');
  // Never a value, anywhere in the page.
  const page = await desk.content();
  expect(page).not.toContain(live.token);
  expect(page).not.toContain(old.value);
  await expectAccessible(desk, 'the scan report', 'dialog[open]');
  await desk.setViewportSize({ width: 1280, height: 900 });
  await desk.screenshot({ path: test.info().outputPath('scan-report.png') });

  // Revoke from the report: the leak panel's confirmation, then LogScale's ingest API refuses the value.
  expect(await ingestStatus(scenario.logscale.baseUrl, live.token)).toBe(200);
  await expect(first.getByRole('button', { name: 'Revoke now' })).toBeDisabled();
  await first.getByLabel('Type “fluent-bit-prod” to revoke it now').fill('fluent-bit-prod');
  await first.getByRole('button', { name: 'Revoke now' }).click();
  await expect(first.getByTestId('leak-proof')).toHaveText('Verified dead: the provider now refuses the leaked value.');
  await expect(first.getByTestId('scan-state')).toHaveText('Revoked');
  expect(scenario.logscale.state.repository('sandbox').ingestTokens.has('fluent-bit-prod')).toBe(false);
  expect(await ingestStatus(scenario.logscale.baseUrl, live.token)).toBe(401);

  // The one that had already ended: proven dead against the cluster.
  await second.getByRole('button', { name: 'Check that the provider refuses it' }).click();
  await expect(second.getByTestId('leak-proof')).toHaveText('Verified dead: the provider now refuses the leaked value.');
  expect(scenario.ovh.requestLog.filter((r) => r.server === 'graylog' || r.server === 'opensearch').map((r) => r.status)).toContain(401);
});

test('the picker’s folder, a token only in the git history (found when asked), and paths it cannot scan; F opens it and the help lists it', async ({
  desk,
  harness,
  scenario,
}) => {
  const shipper = [...scenario.ovh.state.service(scenario.services.production).tokens.values()].find((t) => t.name === 'fluent-bit-shipper')!;
  git(folder, 'init', '-q');
  writeFileSync(join(folder, 'app.env'), `LDP_TOKEN=${shipper.value}\n`);
  git(folder, 'add', '.');
  git(folder, 'commit', '-qm', 'config');
  writeFileSync(join(folder, 'app.env'), 'LDP_TOKEN=${LDP_TOKEN}\n');
  git(folder, 'commit', '-qam', 'token from the environment');
  const added = git(folder, 'rev-list', '--max-parents=0', 'HEAD').trim();

  await desk.keyboard.press('?');
  await expect(desk.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByRole('row', { name: 'F Scan a folder for tokens' })).toBeVisible();
  await desk.keyboard.press('Escape');
  await desk.keyboard.press('f');
  const dialog = desk.getByRole('dialog', { name: 'Scan a folder for tokens' });
  await expect(dialog).toBeVisible();

  // Paths main cannot scan are refused with the reason, on the field.
  await dialog.getByLabel('Folder').fill('projects/website');
  await dialog.getByRole('button', { name: 'Scan', exact: true }).click();
  await expect(dialog.getByTestId('problem-path')).toHaveText('Give the full path (from / on Linux and macOS, from the drive letter on Windows).');
  await dialog.getByLabel('Folder').fill(join(folder, 'missing'));
  await dialog.getByRole('button', { name: 'Scan', exact: true }).click();
  await expect(dialog.getByTestId('scan-error')).toHaveText(`Not scanned: Nothing to scan at “${join(folder, 'missing')}”: no such file or folder.`);

  // The desktop's picker fills the field.
  harness.platform.nextFolder(folder);
  await dialog.getByRole('button', { name: 'Choose…' }).click();
  await expect(dialog.getByLabel('Folder')).toHaveValue(folder);
  await dialog.getByRole('button', { name: 'Scan', exact: true }).click();
  await expect(dialog.getByTestId('scan-clean')).toHaveText('No live token found.');
  await expect(dialog.getByTestId('scan-hit')).toHaveCount(0);

  await dialog.getByRole('checkbox', { name: /Read every commit of its git history/ }).check();
  await dialog.getByRole('button', { name: 'Scan again' }).click();
  await expect(dialog.getByTestId('scan-live')).toContainText('1 live token found.');
  await expect(dialog.getByTestId('scan-stats')).toContainText('and 2 commits');
  const hit = dialog.getByTestId('scan-hit');
  await expect(hit).toContainText('“fluent-bit-shipper” LDP token of OVH Europe (OVHcloud)');
  await expect(hit.getByRole('list', { name: 'Where it was found' })).toHaveText(`commit ${added.slice(0, 10)}: app.env, line 1`);
  expect(await desk.content()).not.toContain(shipper.value);
});
