/**
 * "A corrupt store file is kept aside, reported, and rebuilt from sync; nothing is lost that the
 * vault or the providers still hold" — proven with a real damaged file, the real keychain and
 * the LogScale emulator.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../main/core/core';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { createRecordingPlatform } from '../harness/recording-platform';
import { createTestCore, type TestCore } from '../support/core';

describe('store recovery', () => {
  let emulator: LogScaleEmulator;
  let t: TestCore;
  beforeEach(async () => {
    emulator = await startLogScaleEmulator();
    t = await createTestCore();
  });
  afterEach(async () => {
    await t.cleanup();
    await emulator.close();
  });

  it('rebuilds accounts from the vault and tokens from the provider, with the secrets it held', async () => {
    const account = await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: emulator.baseUrl, token: emulator.adminToken });
    const created = await t.core.tokens.create(account.id, {
      provider: 'logscale',
      kind: 'system',
      name: 'held-secret',
      permissions: ['ReadHealthCheck'],
      expiry: { kind: 'never' },
    });
    await t.core.tokens.sync();
    const before = t.core.tokens.list().length;

    writeFileSync(t.storePath, '{"accounts": [ {"id": "tru'); // a crash mid-write, a bad disk, an editor
    const platform = createRecordingPlatform();
    const reopened = await createCore({ profileDir: t.dataDir, keychain: t.keychain, platform, version: 'test', runtime: 'harness' });

    const info = reopened.profile.info();
    expect(info.store.recoveredFrom).toMatch(/tokendesk\.json\.corrupt-/);
    expect(readFileSync(info.store.recoveredFrom!, 'utf8')).toContain('"tru'); // kept aside, not deleted
    expect(info.store.restoredAccounts).toBe(1);
    expect(await reopened.accounts.list()).toEqual([
      expect.objectContaining({ id: account.id, label: 'Prod', hasCredentials: true, connection: { provider: 'logscale', baseUrl: emulator.baseUrl } }),
    ]);

    await reopened.tokens.sync();
    const tokens = reopened.tokens.list();
    expect(tokens).toHaveLength(before);
    expect(tokens.find((x) => x.id === created.token!.id)).toMatchObject({ name: 'held-secret', hasSecret: true });
    expect((await reopened.tokens.reveal(created.token!.id)).value).toBe(created.secret);
    expect(await reopened.leak.check(created.secret)).toMatchObject({ found: true, match: { matchedBy: 'fingerprint' } });
  });
});
