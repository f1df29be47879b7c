/**
 * An account pointed at another server while something else is using it: the window's core holds
 * an adapter for the old server, a rotate is waiting for the old server's answer, a credential edit
 * is being tested against the old server. Two cores on one profile (the app and the CLI), two
 * LogScale emulators behind recording proxies; each interleaving is made exact by holding one
 * answer at the proxy (no clock). Whatever happens, the old server's secrets never reach the new
 * server, nor the new server's the old one, and no credential is paired with the wrong address.
 * (Found by the second review of issue 23; each test failed before its fix.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/core';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { createTestCore, type TestCore } from '../support/core';
import { hears } from '../support/hears';
import { startRecordingProxy, type ProxiedRequest, type RecordingProxy } from '../support/recording-proxy';

const sent = (requests: ProxiedRequest[], text: string): boolean => requests.some((r) => JSON.stringify(r).includes(text));
const graphql = (operation: string) => (r: ProxiedRequest) => r.path.endsWith('/graphql') && r.body.includes(operation);

describe('an account moved while it is in use', () => {
  let a: LogScaleEmulator;
  let b: LogScaleEmulator;
  let toA: RecordingProxy;
  let toB: RecordingProxy;
  let app: TestCore;
  let cli: TestCore | undefined;
  let stopWatching: () => void;

  beforeEach(async () => {
    a = await startLogScaleEmulator();
    b = await startLogScaleEmulator();
    toA = await startRecordingProxy(a.baseUrl);
    toB = await startRecordingProxy(b.baseUrl);
    app = await createTestCore();
    cli = undefined;
    stopWatching = app.core.profile.watch();
  });
  afterEach(async () => {
    stopWatching();
    await cli?.core.shutdown();
    await app.cleanup();
    for (const closing of [toA, toB, a, b]) await closing.close();
  });

  /** The CLI: a second process on the profile, started once the account exists (as a command would be). */
  const startCli = async (): Promise<Core> => (cli = await createTestCore({ dataDir: app.dataDir, keychain: app.keychain })).core;
  const moveToB = async (id: string) =>
    (await startCli()).accounts.update(id, { baseUrl: toB.baseUrl, credentials: { provider: 'logscale', token: b.adminToken } });

  it("the window's adapter for the old server is not reused once the CLI moved the account", async () => {
    const account = await app.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: toA.baseUrl, token: a.adminToken });
    await app.core.tokens.sync([account.id]); // the window's adapter now points at A
    const heard = hears(app.core, account.id, toB.baseUrl);
    await moveToB(account.id);
    const created = await cli!.core.tokens.create(account.id, {
      provider: 'logscale',
      kind: 'system',
      name: 'made-on-b',
      permissions: ['ReadHealthCheck'],
      expiry: { kind: 'never' },
    });
    await heard;
    const before = toA.received.length;
    await app.core.tokens.sync([account.id]);
    await app.core.tokens.verify(created.token!.id).catch(() => undefined);
    const afterMove = toA.received.slice(before);
    expect(sent(afterMove, b.adminToken)).toBe(false);
    expect(sent(afterMove, created.secret)).toBe(false);
  }, 60_000);

  it("a rotate answered by the old server after the move keeps its value on the old server's record, and does not replace the new credential", async () => {
    const account = await app.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: toA.baseUrl, token: a.adminToken });
    await app.core.tokens.sync([account.id]);
    const own = app.core.tokens.list().find((t) => t.kind === 'personal')!;
    const held = toA.hold(graphql('RotateToken'));
    const rotating = app.core.tokens.rotate(own.id);
    await held.arrived; // A has rotated; its answer waits while the CLI moves the account
    await moveToB(account.id);
    held.release();
    const rotated = await rotating;
    expect(rotated.stored).toBe(true);
    expect(rotated.warning).toMatch(/pointed at another server meanwhile/);
    expect(await app.secret(`account:${account.id}`)).toContain(b.adminToken);
    const fresh = await createTestCore({ dataDir: app.dataDir, keychain: app.keychain });
    try {
      expect((await fresh.core.tokens.reveal(rotated.token!.id)).value).toBe(rotated.secret);
      const before = toB.received.length;
      await fresh.core.tokens.sync([account.id]);
      await expect(fresh.core.tokens.verify(rotated.token!.id)).rejects.toThrow(/lives on/);
      expect(sent(toB.received.slice(before), rotated.secret)).toBe(false);
    } finally {
      await fresh.core.shutdown();
    }
  }, 60_000);

  it('a credential tested against the old server while the account moves is refused, not paired with the new address', async () => {
    const account = await app.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: toA.baseUrl, token: a.adminToken });
    const held = toA.hold(() => true);
    const editing = app.core.accounts.update(account.id, { credentials: { provider: 'logscale', token: a.adminToken } }, { test: true });
    await held.arrived; // the test of A's credential is under way
    await moveToB(account.id);
    held.release();
    await expect(editing).rejects.toThrow(/was pointed at .* by another window or process/);
    expect(await app.secret(`account:${account.id}`)).toContain(b.adminToken);
    const before = toB.received.length;
    await cli!.core.tokens.sync([account.id]);
    expect(sent(toB.received.slice(before), a.adminToken)).toBe(false);
  }, 60_000);
});
