/**
 * The audit log in the window: searched by words (actions, token and account names), newest
 * first, with the hash chain's check (intact, or where it breaks), and exported as JSON or CSV.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, expect, scope, test } from './fixtures';

test('the audit log: searchable, newest first, the chain checked, exported; an edited line is shown as the break', async ({ desk, harness }) => {
  await act(desk, 'release-pipeline', 'Copy');
  await expect(desk.getByTestId('clipboard-status')).toContainText('Copied ✓');
  await scope(desk, 'Audit log').click();
  const view = desk.getByTestId('audit-view');
  const total = (await harness.core.audit.entries()).length;
  await expect(view.getByTestId('audit-chain')).toHaveText(`Chain intact: ${total} entries, each line signed by the hash of the one before.`);
  const rows = view.getByTestId('audit-table').locator('tbody tr');
  await expect(rows).toHaveCount(total);
  await expect(rows.first()).toContainText('Copied');
  await expect(rows.first()).toContainText('release-pipeline');
  await expect(rows.first()).toContainText('Production LogScale');

  const search = view.getByRole('searchbox', { name: 'Search the audit log' });
  await search.fill('created metrics');
  await expect(view.getByTestId('audit-count')).toHaveText(`1 of ${total} entries`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('metrics-scraper');
  await search.fill('ovh europe added'); // an account by its label
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Account added');
  await search.fill('');
  await expect(rows).toHaveCount(total);

  // Export: the file a spreadsheet or a SIEM reads, with every entry.
  const json = desk.waitForEvent('download');
  await view.getByRole('button', { name: 'Export JSON' }).click();
  const file = await json;
  expect(file.suggestedFilename()).toMatch(/^tokendesk-audit-\d{4}-\d\d-\d\d\.json$/);
  const exported = JSON.parse(readFileSync(await file.path(), 'utf8')) as unknown[];
  expect(exported).toHaveLength(total);
  const csv = desk.waitForEvent('download');
  await view.getByRole('button', { name: 'Export CSV' }).click();
  const lines = readFileSync(await (await csv).path(), 'utf8')
    .trim()
    .split('\n');
  expect(lines[0]).toBe('ts,actor,action,outcome,provider,accountId,tokenId,remoteId,tokenName,fingerprint,requestId,command,note,prev');
  expect(lines).toHaveLength(total + 1);

  // Someone edits a line: the check says where the chain breaks.
  const path = join(harness.dataDir, 'audit.jsonl');
  const text = readFileSync(path, 'utf8').split('\n');
  text[1] = text[1]!.replace('"ok"', '"failed"');
  writeFileSync(path, text.join('\n'));
  await scope(desk, /^All tokens/).click();
  await scope(desk, 'Audit log').click();
  await expect(view.getByTestId('audit-chain')).toHaveText(/^Chain broken at line 3: the line does not follow the one before it/);
});
