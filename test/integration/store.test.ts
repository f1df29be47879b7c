import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../support/store';

const account = (id: string) => ({ id, label: id.toUpperCase(), createdAt: 'now', connection: { provider: 'logscale' as const, baseUrl: `https://${id}` } });

describe('metadata store (a JSON file of the profile)', () => {
  it('starts with defaults and persists each update to tokendesk.json, owner-only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-store-'));
    const { store, recoveredFrom } = openStore(dir);
    expect(recoveredFrom).toBeUndefined();
    expect(store.get('accounts')).toEqual([]);
    await store.update(() => ({ accounts: [account('a')] }));
    expect(store.path).toBe(join(dir, 'tokendesk.json'));
    expect(openStore(dir).store.get('accounts')).toHaveLength(1);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
  });

  it('a change that returns nothing writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-store-'));
    const { store } = openStore(dir);
    await store.update(() => undefined);
    expect(existsSync(store.path)).toBe(false);
  });

  it('applies each change to what another process wrote since: no update is lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-store-'));
    const app = openStore(dir).store;
    const cli = openStore(dir).store; // a second opener of the same profile, as the CLI is
    await app.update((d) => ({ accounts: [...d.accounts, account('a')] }));
    await cli.update((d) => ({ accounts: [...d.accounts, account('b')] }));
    await app.update((d) => ({ accounts: [...d.accounts, account('c')] }));
    expect(
      openStore(dir)
        .store.get('accounts')
        .map((a) => a.id),
    ).toEqual(['a', 'b', 'c']);
  });

  it('refresh() picks up another process’s write and reports before and after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-store-'));
    const app = openStore(dir).store;
    const heard: string[][] = [];
    app.onReload((before, after) => void heard.push([before.accounts.length, after.accounts.length].map(String)));
    await openStore(dir).store.update(() => ({ accounts: [account('x')] }));
    expect(await app.refresh()).not.toBeNull();
    expect(app.get('accounts').map((a) => a.id)).toEqual(['x']);
    expect(heard).toEqual([['0', '1']]);
    expect(await app.refresh()).toBeNull(); // nothing new
  });

  it('moves a corrupt file aside, keeps it, and opens a fresh store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-store-'));
    writeFileSync(join(dir, 'tokendesk.json'), '{"accounts": [ {"id": "a", trunc');
    const { store, recoveredFrom } = openStore(dir);
    expect(recoveredFrom).toMatch(/tokendesk\.json\.corrupt-/);
    expect(readFileSync(recoveredFrom!, 'utf8')).toContain('trunc');
    expect(store.get('accounts')).toEqual([]);
    await store.update(() => ({ accounts: [account('a')] }));
    expect(existsSync(join(dir, 'tokendesk.json'))).toBe(true);
  });

  it('reads a metadata store written by an earlier version (conf / electron-store layout)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-store-'));
    writeFileSync(
      join(dir, 'tokendesk.json'),
      JSON.stringify(
        { schemaVersion: 1, accounts: [account('old')], tokens: [], alertsSent: { t: [14] }, settings: { clipboardClearSeconds: 45 } },
        null,
        '\t',
      ),
    );
    const { store } = openStore(dir);
    expect(store.get('accounts').map((a) => a.id)).toEqual(['old']);
    expect(store.get('alertsSent')).toEqual({ t: [14] });
    expect(store.get('settings')).toMatchObject({ clipboardClearSeconds: 45, syncIntervalMinutes: 15 });
  });
});
