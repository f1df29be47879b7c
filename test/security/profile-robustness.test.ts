/**
 * What an independent attack on the profile storage found, each reproduced here and fixed: a full
 * disk, a lock context that outlived its section, values without records, a locked keychain, a
 * revoke cut short, a truncated audit log healed by the next entry, a sign-in token revoked from
 * another account, one profile taking every old keychain item, a lock from the future, a name that
 * looks like a confirmation text, a revoked token listed again, and another profile's vault.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenRecord } from '../../main/core/model';
import { ProfileLock } from '../../main/core/store/profile-lock';
import { AppError } from '../../main/core/errors';
import type { ProviderAdapter } from '../../main/core/tokens/adapter';
import type { Keychain } from '../../main/core/vault/keychain';
import { VAULT_FILE } from '../../main/core/vault/vault';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { createTestCore } from '../support/core';
import { createTestKeychain } from '../support/keychain';
import { tokenRecord } from '../support/records';

const systemToken = (name: string) => ({
  provider: 'logscale' as const,
  kind: 'system' as const,
  name,
  permissions: ['ReadHealthCheck'],
  expiry: { kind: 'never' as const },
});

/** A tmpfs of `size` mounted at a fresh folder (root only: null where the machine refuses). */
function tinyDisk(size: string): { dir: string; unmount(): void } | null {
  const dir = mkdtempSync(join(tmpdir(), 'tokendesk-tiny-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    unmount() {
      execFileSync('umount', [dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('profile robustness', () => {
  let ls: LogScaleEmulator;
  beforeEach(async () => {
    ls = await startLogScaleEmulator();
  });
  afterEach(async () => ls.close());

  const disk = tinyDisk('1m');
  disk?.unmount();
  it.runIf(disk !== null)(
    'a full disk never replaces a good vault or metadata store with a cut one: every value acknowledged survives',
    async () => {
      const tiny = tinyDisk('384k')!;
      try {
        const t = await createTestCore({ dataDir: join(tiny.dir, 'profile') });
        const id = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: ls.baseUrl, token: ls.adminToken })).id;
        const kept = new Map<string, string>();
        let refused = 0;
        for (let i = 0; i < 400 && refused < 3; i += 1) {
          const created = await t.core.tokens.create(id, systemToken(`fill-${i}-${'x'.repeat(120)}`)).catch(() => null);
          if (created?.stored && created.token) kept.set(created.token.id, created.secret);
          else refused += 1;
        }
        expect(refused, 'the disk never filled').toBeGreaterThan(0);
        await t.core.shutdown();
        // What a restarted app finds: nothing set aside, every acknowledged value and record there.
        const again = await createTestCore({ dataDir: t.dataDir, keychain: t.keychain });
        expect(again.core.profile.info().store.recoveredFrom).toBeUndefined();
        expect(again.core.profile.info().vault.state).toBe('ok');
        for (const [tokenId, secret] of kept) expect((await again.core.tokens.reveal(tokenId)).value).toBe(secret);
        expect(readdirSync(t.dataDir).filter((f) => /\.(corrupt|damaged)/.test(f))).toEqual([]);
        await again.core.shutdown();
        await t.keychain.cleanup();
      } finally {
        tiny.unmount();
      }
    },
    60_000,
  );

  it('a timer started inside a locked section takes the lock again later: it never writes while another process holds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-lock-'));
    const app = new ProfileLock(dir);
    const cli = new ProfileLock(dir); // another process, as far as the lock file is concerned
    const order: string[] = [];
    let escaped!: Promise<void>;
    let cliHolds!: () => void;
    const cliHolding = new Promise<void>((resolve) => (cliHolds = resolve));
    await app.run(async () => {
      escaped = new Promise<void>((resolve) =>
        setTimeout(() => void cliHolding.then(() => app.run(async () => void order.push('app timer writes'))).then(resolve), 0),
      );
    });
    await cli.run(async () => {
      cliHolds();
      await new Promise((resolve) => setTimeout(resolve, 300)); // the other process is mid-write
      order.push('cli done');
    });
    await escaped;
    expect(order).toEqual(['cli done', 'app timer writes']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a value in the vault whose record says it holds none (a process killed between the two writes) is linked at the next sync', async () => {
    const t = await createTestCore();
    try {
      const id = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: ls.baseUrl, token: ls.adminToken })).id;
      const created = await t.core.tokens.create(id, systemToken('half-written'));
      await t.core.shutdown();
      // The store as a kill between the vault write and the store write leaves it.
      const store = JSON.parse(readFileSync(t.storePath, 'utf8')) as { tokens: TokenRecord[] };
      store.tokens = store.tokens.map((r) => (r.id === created.token!.id ? { ...r, hasSecret: false, fingerprint: null } : r));
      writeFileSync(t.storePath, JSON.stringify(store));
      const again = await createTestCore({ dataDir: t.dataDir, keychain: t.keychain });
      expect(again.core.tokens.summary(created.token!.id).hasSecret).toBe(false);
      await again.core.tokens.sync([id]);
      expect(again.core.tokens.summary(created.token!.id).hasSecret).toBe(true);
      expect((await again.core.tokens.reveal(created.token!.id)).value).toBe(created.secret);
      expect(await again.core.leak.check(created.secret)).toMatchObject({ found: true, match: { matchedBy: 'fingerprint' } });
      await again.core.shutdown();
    } finally {
      await t.cleanup();
    }
  });

  it('a locked keychain (reads answer nothing, writes fail) runs degraded and leaves the vault file where it is', async () => {
    const t = await createTestCore();
    const id = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: ls.baseUrl, token: ls.adminToken })).id;
    const created = await t.core.tokens.create(id, systemToken('kept-through-a-lock'));
    await t.core.shutdown();
    const before = readFileSync(join(t.dataDir, VAULT_FILE));
    const locked: Keychain = {
      get: async () => null,
      set: async () => {
        throw new AppError('keychain-failed', 'The OS keychain refused to store a secret: the collection is locked');
      },
      delete: async () => false,
      keys: async () => [],
    };
    const degraded = await createTestCore({ dataDir: t.dataDir, keychain: { ...t.keychain, ...locked } });
    expect(degraded.core.profile.info().keychain.available).toBe(false);
    expect(readFileSync(join(t.dataDir, VAULT_FILE)).equals(before)).toBe(true);
    expect(readdirSync(t.dataDir).filter((f) => f.startsWith(`${VAULT_FILE}.`))).toEqual([]);
    await degraded.core.shutdown();
    // Unlocked again: everything is there.
    const again = await createTestCore({ dataDir: t.dataDir, keychain: t.keychain });
    expect(again.core.profile.info().vault).toMatchObject({ state: 'ok', lostValues: [] });
    expect((await again.core.tokens.reveal(created.token!.id)).value).toBe(created.secret);
    await again.core.shutdown();
    await t.cleanup();
  });

  it('a revoke cut short (the process killed during the provider call) leaves the token active and revocable, never "revoking" for ever', async () => {
    const t = await createTestCore();
    try {
      const id = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: ls.baseUrl, token: ls.adminToken })).id;
      const created = await t.core.tokens.create(id, systemToken('cut-short'));
      await t.core.shutdown();
      // A second process whose provider call never returns: it is killed in the middle.
      let release!: () => void;
      const stuck = { revoke: () => new Promise<{ requestId?: string }>((resolve) => (release = () => resolve({}))) } as unknown as ProviderAdapter;
      const killed = await createTestCore({ dataDir: t.dataDir, keychain: t.keychain, adapterFor: async () => stuck });
      const pending = killed.core.tokens.revoke(created.token!.id, 'cut-short');
      await expect.poll(() => killed.core.tokens.summary(created.token!.id).status).toBe('revoking');
      expect(readFileSync(t.storePath, 'utf8')).not.toContain('"revoking"'); // nothing on disk says so
      const again = await createTestCore({ dataDir: t.dataDir, keychain: t.keychain });
      expect(again.core.tokens.summary(created.token!.id).status).toBe('active');
      await again.core.tokens.revoke(created.token!.id, 'cut-short');
      expect(again.core.tokens.summary(created.token!.id).status).toBe('revoked');
      await again.core.shutdown();
      release();
      await pending.catch(() => undefined);
      await killed.core.shutdown();
    } finally {
      await t.cleanup();
    }
  });

  it('an old metadata store that says "revoking" opens with the token active (the revoke was never confirmed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-old-'));
    writeFileSync(
      join(dir, 'tokendesk.json'),
      JSON.stringify({ schemaVersion: 1, accounts: [], tokens: [{ ...tokenRecord('stuck', null), status: 'revoking' }], alertsSent: {}, settings: {} }),
    );
    const t = await createTestCore({ dataDir: dir });
    expect(t.core.tokens.summary('stuck').status).toBe('active');
    await t.cleanup();
  });

  it('a truncated audit log stays reported after the next entry is added', async () => {
    const t = await createTestCore();
    try {
      for (let i = 0; i < 5; i += 1) await t.core.audit.append({ action: 'token-copied', outcome: 'ok', note: `seq ${i}` });
      const path = join(t.dataDir, 'audit.jsonl');
      const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
      writeFileSync(path, `${lines.slice(0, -2).join('\n')}\n`);
      await t.core.audit.append({ action: 'token-copied', outcome: 'ok', note: 'an ordinary action after the cut' });
      await t.core.audit.append({ action: 'token-copied', outcome: 'ok', note: 'and another' });
      expect(await t.core.audit.verify()).toMatchObject({
        ok: false,
        line: lines.length - 1,
        reason: expect.stringContaining('the last 2 lines were removed'),
      });
    } finally {
      await t.cleanup();
    }
  });

  it('the token another account of the same cluster signs in with is guarded too', async () => {
    const t = await createTestCore();
    try {
      const admin = (await t.core.accounts.add({ provider: 'logscale', label: 'Admin', baseUrl: ls.baseUrl, token: ls.adminToken })).id;
      const ci = await t.core.tokens.create(admin, systemToken('ci-sign-in'));
      await t.core.accounts.add({ provider: 'logscale', label: 'CI', baseUrl: ls.baseUrl, token: ci.secret });
      expect(t.core.tokens.summary(ci.token!.id).signsInAccount).toBe(true);
      await expect(t.core.tokens.revoke(ci.token!.id, 'ci-sign-in')).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('the account “CI” signs in with'),
      });
    } finally {
      await t.cleanup();
    }
  });

  it("a profile takes only its own items from the old per-item keychain entries; another profile's stay for it", async () => {
    const keychain = createTestKeychain();
    const mine = mkdtempSync(join(tmpdir(), 'tokendesk-mine-'));
    const scratch = mkdtempSync(join(tmpdir(), 'tokendesk-scratch-'));
    try {
      const account = {
        id: 'acc-mine',
        label: 'Mine',
        createdAt: '2026-01-01T00:00:00.000Z',
        connection: { provider: 'logscale', baseUrl: 'https://logscale.example.com' },
      };
      writeFileSync(
        join(mine, 'tokendesk.json'),
        JSON.stringify({
          schemaVersion: 1,
          accounts: [account],
          tokens: [tokenRecord('tok-mine', null, { accountId: 'acc-mine' })],
          alertsSent: {},
          settings: {},
        }),
      );
      await keychain.set('account:acc-mine', JSON.stringify({ token: 'MineAdmin0000~mine-secret-0123456789abcdef' }));
      await keychain.set('account-meta:acc-mine', JSON.stringify(account));
      await keychain.set('token:tok-mine', 'MineToken0000~mine-token-0123456789abcdef');
      await keychain.set('install:fingerprint-key', Buffer.alloc(32, 3).toString('base64'));
      // A scratch profile opened first takes nothing.
      const other = await createTestCore({ dataDir: scratch, keychain });
      await other.core.shutdown();
      expect((await keychain.keys()).filter((k) => !k.startsWith('vault-key:')).sort()).toEqual([
        'account-meta:acc-mine',
        'account:acc-mine',
        'install:fingerprint-key',
        'token:tok-mine',
      ]);
      const t = await createTestCore({ dataDir: mine, keychain });
      expect(await t.core.accounts.list()).toEqual([expect.objectContaining({ id: 'acc-mine', hasCredentials: true })]);
      expect((await t.core.tokens.reveal('tok-mine')).value).toBe('MineToken0000~mine-token-0123456789abcdef');
      expect((await keychain.keys()).filter((k) => !k.startsWith('vault-key:'))).toEqual([]);
      await t.core.shutdown();
    } finally {
      await keychain.cleanup();
      rmSync(mine, { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('a lock left with a modification time in the future (a clock set back) does not block the profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-future-'));
    const lock = join(dir, 'profile.lock');
    mkdirSync(lock);
    const future = new Date(Date.now() + 2 * 3_600_000);
    utimesSync(lock, future, future);
    let ran = false;
    await new ProfileLock(dir).run(async () => void (ran = true));
    expect(ran).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a token whose own name looks like a confirmation text needs its id too: it never passes for another', async () => {
    const t = await createTestCore();
    try {
      const id = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: ls.baseUrl, token: ls.adminToken })).id;
      const a = await t.core.tokens.create(id, systemToken('ci-reader'));
      await t.core.tokens.create(id, systemToken('ci-reader'));
      const shared = t.core.tokens.summary(a.token!.id).confirmText;
      const impostor = await t.core.tokens.create(id, systemToken(shared));
      expect(t.core.tokens.summary(impostor.token!.id).confirmText).toBe(`${shared} #${impostor.token!.id.slice(0, 6)}`);
      await expect(t.core.tokens.revoke(impostor.token!.id, shared)).rejects.toMatchObject({ code: 'invalid-input' });
    } finally {
      await t.cleanup();
    }
  });

  it('a revoked token a provider still lists stays revoked, and its value does not come back', async () => {
    const remote = {
      kind: 'ldp' as const,
      remoteId: 'r-1',
      container: 'ldp-ab-12345',
      name: 'still-listed',
      scope: {},
      createdAt: null,
      expiresAt: null,
      ipFilter: null,
      value: 'still-listed-value-0123456789',
    };
    const provider = {
      create: async () => ({ token: remote, value: remote.value }),
      revoke: async () => ({}),
      // The provider takes a while to forget a deleted token: it is listed again, value and all.
      list: async () => ({ tokens: [remote], unchanged: [], unreadable: [], notes: [] }),
    } as unknown as ProviderAdapter;
    const t = await createTestCore({ adapterFor: async () => provider });
    try {
      const id = (
        await t.core.accounts.add({
          provider: 'ovh',
          label: 'OVH',
          endpoint: 'ovh-eu',
          auth: { mode: 'consumer-key', applicationKey: 'AK0123456789', applicationSecret: 'AS0123456789abcdef', consumerKey: 'CK0123456789abcdef' },
        })
      ).id;
      const created = await t.core.tokens.create(id, { provider: 'ovh', serviceName: 'ldp-ab-12345', name: 'still-listed' });
      await t.core.tokens.revoke(created.token!.id, 'still-listed');
      await t.core.tokens.sync([id]);
      expect(t.core.tokens.summary(created.token!.id)).toMatchObject({ status: 'revoked', hasSecret: false });
      expect(await t.secret(`token:${created.token!.id}`)).toBeNull();
    } finally {
      await t.cleanup();
    }
  });

  it("another profile's vault copied over this one is set aside, not taken for this profile's", async () => {
    const keychain = createTestKeychain();
    const a = await createTestCore({ keychain });
    const b = await createTestCore({ keychain });
    try {
      await a.core.accounts.add({ provider: 'logscale', label: 'A', baseUrl: ls.baseUrl, token: ls.adminToken });
      await a.core.shutdown();
      await b.core.shutdown();
      writeFileSync(join(a.dataDir, VAULT_FILE), readFileSync(join(b.dataDir, VAULT_FILE)));
      const again = await createTestCore({ dataDir: a.dataDir, keychain });
      expect(again.core.profile.info().vault).toMatchObject({ state: 'reset', reason: 'other-profile' });
      expect(readdirSync(a.dataDir).some((f) => f.startsWith(`${VAULT_FILE}.other-profile-`))).toBe(true);
      await again.core.shutdown();
      expect(existsSync(join(b.dataDir, VAULT_FILE))).toBe(true);
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });
});
