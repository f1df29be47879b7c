/**
 * Opening a profile, with the real Secret Service: an earlier version's per-item keychain entries
 * move into the vault (also when the move is killed half-way), and a lost vault key is explained:
 * which tokens lost their value, which come back at the next sync (LDP) and which do not (values
 * shown once).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../main/core/core';
import { fingerprint } from '../../main/core/tokens/fingerprint';
import { isVaultKeyItem } from '../../main/core/vault/vault';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { startOvhEmulator, type OvhEmulator } from '../emulators/ovh';
import { createRecordingPlatform } from '../harness/recording-platform';
import { spawnLines, prng } from '../security/support';
import { createTestCore } from '../support/core';
import { createTestKeychain, type TestKeychain } from '../support/keychain';
import { tokenRecord } from '../support/records';
import { readVaultFile } from '../support/vault';

const open = (dir: string, keychain: TestKeychain) =>
  createCore({ profileDir: dir, keychain, platform: createRecordingPlatform(), version: 'test', runtime: 'harness' });

describe('opening a profile', () => {
  let dir: string;
  let keychain: TestKeychain;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokendesk-open-'));
    keychain = createTestKeychain();
  });
  afterEach(async () => {
    await keychain.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** An earlier version's profile: records in the store, every secret a keychain item of its own. */
  async function legacyProfile(tokens: number): Promise<{ fingerprintKey: Buffer; values: Map<string, string> }> {
    const fingerprintKey = Buffer.alloc(32, 7);
    const values = new Map<string, string>();
    const account = {
      id: 'acc',
      label: 'Legacy LogScale',
      createdAt: '2026-01-01T00:00:00.000Z',
      connection: { provider: 'logscale', baseUrl: 'https://logscale.example.com' },
    };
    const records = Array.from({ length: tokens }, (_, i) => {
      const value = `LegacyId${String(i).padStart(4, '0')}AbCd~legacy-secret-${i}-0123456789abcdef`;
      values.set(`t${i}`, value);
      return tokenRecord(`t${i}`, null, { fingerprint: fingerprint(fingerprintKey, value) });
    });
    writeFileSync(
      join(dir, 'tokendesk.json'),
      JSON.stringify({ schemaVersion: 1, accounts: [account], tokens: records, alertsSent: {}, settings: {} }, null, '\t'),
    );
    await keychain.set('account:acc', JSON.stringify({ token: 'LegacyAdmin0000~admin-secret-0123456789abcdef' }));
    await keychain.set('account-meta:acc', JSON.stringify(account));
    await keychain.set('install:fingerprint-key', fingerprintKey.toString('base64'));
    for (const [id, value] of values) await keychain.set(`token:${id}`, value);
    return { fingerprintKey, values };
  }

  it('moves an earlier version’s keychain items into the vault, then deletes them; nothing changes for the user', async () => {
    const { values } = await legacyProfile(20);
    const core = await open(dir, keychain);
    const items = await keychain.keys();
    expect(items).toHaveLength(1);
    expect(isVaultKeyItem(items[0]!)).toBe(true);
    expect(core.profile.info().vault).toEqual({ state: 'created', lostValues: [] });
    expect(await core.accounts.list()).toEqual([expect.objectContaining({ id: 'acc', hasCredentials: true })]);
    expect((await core.tokens.reveal('t7')).value).toBe(values.get('t7'));
    // The same fingerprint key came along: a leaked old value is still recognised.
    expect(await core.leak.check(values.get('t3')!)).toMatchObject({ found: true, match: { token: { id: 't3' } } });
    await core.shutdown();
  });

  it('a migration killed at a random point resumes at the next start and loses nothing', async () => {
    const { values } = await legacyProfile(60);
    const r = prng(Number(process.env['MIGRATION_SEED'] ?? 11));
    const killAfter = r.int(1, 40); // deletions before the kill
    const child = spawnLines(process.execPath, ['--import', 'tsx', resolve('test/security/fixtures/keychain-migration.ts'), dir, keychain.service]);
    let deleted = 0;
    for (let line = await child.line(); line !== null; line = await child.line()) {
      if (line.startsWith('deleted ')) deleted += 1;
      if (deleted === killAfter) {
        child.child.kill('SIGKILL');
        break;
      }
    }
    await child.exited;
    // Half-way: some items are still in the keychain, every value is already in the vault.
    const left = (await keychain.keys()).filter((k) => !isVaultKeyItem(k));
    expect(left.length).toBeGreaterThan(0);
    expect((await readVaultFile(dir, keychain))!.secrets['token:t59']).toBe(values.get('t59'));

    const core = await open(dir, keychain); // the next start finishes the move
    expect((await keychain.keys()).filter((k) => !isVaultKeyItem(k))).toEqual([]);
    const vault = (await readVaultFile(dir, keychain))!.secrets;
    for (const [id, value] of values) expect(vault[`token:${id}`]).toBe(value);
    expect(core.tokens.list().every((t) => t.hasSecret)).toBe(true);
    expect(readdirSync(dir).filter((f) => /^(tokendesk\.json|vault\.tdv)\.\d+$/.test(f))).toEqual([]); // no temp file left behind
    await core.shutdown();
  }, 60_000);
});

describe('a lost vault key', () => {
  let ovh: OvhEmulator;
  let ls: LogScaleEmulator;
  beforeEach(async () => {
    ovh = await startOvhEmulator();
    ls = await startLogScaleEmulator();
  });
  afterEach(async () => {
    await ovh.close();
    await ls.close();
  });

  it('says which tokens lost their value: LDP values come back at the next sync, values shown once do not', async () => {
    const t = await createTestCore();
    try {
      const service = ovh.addService({ clusters: 1 });
      const ovhAccount = await t.core.accounts.add({
        provider: 'ovh',
        label: 'OVH',
        endpoint: 'custom',
        customBaseUrl: ovh.baseUrl,
        auth: ovh.consumerKeyAuth(),
      });
      const lsAccount = await t.core.accounts.add({ provider: 'logscale', label: 'LogScale', baseUrl: ls.baseUrl, token: ls.adminToken });
      const ldp = await t.core.tokens.create(ovhAccount.id, { provider: 'ovh', serviceName: service.serviceName, name: 'shipper' });
      const shown = await t.core.tokens.create(lsAccount.id, {
        provider: 'logscale',
        kind: 'system',
        name: 'ci',
        permissions: ['ReadHealthCheck'],
        expiry: { kind: 'never' },
      });
      await t.core.shutdown();
      for (const item of await t.keychain.keys()) await t.keychain.delete(item); // a reset keyring

      const reopened = await open(t.dataDir, t.keychain);
      const { vault } = reopened.profile.info();
      expect(vault).toMatchObject({ state: 'reset', reason: 'key-lost', setAside: expect.stringContaining('vault.tdv.unreadable-') });
      expect(vault.lostValues).toEqual(
        expect.arrayContaining([
          { tokenId: ldp.token!.id, name: 'shipper', accountLabel: 'OVH', comesBack: true },
          { tokenId: shown.token!.id, name: 'ci', accountLabel: 'LogScale', comesBack: false },
        ]),
      );
      expect((await reopened.accounts.list()).every((a) => !a.hasCredentials)).toBe(true);
      expect(reopened.tokens.list().every((x) => !x.hasSecret)).toBe(true);

      // The admin enters the OVHcloud credentials again: the next sync reads the LDP value back.
      await reopened.accounts.stored.replaceCredentials(ovhAccount.id, {
        mode: 'consumer-key',
        applicationSecret: ovh.credentials.applicationSecret,
        consumerKey: ovh.credentials.consumerKey,
      });
      await reopened.tokens.sync([ovhAccount.id]);
      expect(reopened.tokens.summary(ldp.token!.id).hasSecret).toBe(true);
      expect((await reopened.tokens.reveal(ldp.token!.id)).value).toBe(ldp.secret);
      expect(reopened.tokens.summary(shown.token!.id).hasSecret).toBe(false);
      await reopened.shutdown();
    } finally {
      await t.cleanup();
    }
  });
});
