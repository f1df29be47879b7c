/**
 * An account pointed at another server by another window or process, seen from a process that has
 * not caught up yet: the window in the moment before its watcher re-reads, a long CLI command
 * waiting at a prompt, the window's edit form between its check and its save, an OVHcloud
 * consumer-key renewal waiting for the admin's approval. Each builds nothing from a mix of the old
 * address and the new credential, and saves nothing planned for the old address onto the new one.
 * (Found by the third review of issue 23; each test failed before its fix.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/core';
import { createHandlers } from '../../main/ipc/handlers';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { startOvhEmulator } from '../emulators/ovh';
import { createTestCore, type TestCore } from '../support/core';
import { hears } from '../support/hears';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';

describe('LogScale: an account moved by another process', () => {
  let a: LogScaleEmulator;
  let b: LogScaleEmulator;
  let toA: RecordingProxy;
  let toB: RecordingProxy;
  let app: TestCore;
  let other: TestCore | undefined;
  let stop: (() => void) | undefined;
  beforeEach(async () => {
    a = await startLogScaleEmulator();
    b = await startLogScaleEmulator();
    toA = await startRecordingProxy(a.baseUrl);
    toB = await startRecordingProxy(b.baseUrl);
    app = await createTestCore();
    other = undefined;
    stop = undefined;
  });
  afterEach(async () => {
    stop?.();
    await other?.core.shutdown();
    await app.cleanup();
    for (const closing of [toA, toB, a, b]) await closing.close();
  });
  const second = async (): Promise<Core> => (other = await createTestCore({ dataDir: app.dataDir, keychain: app.keychain })).core;
  const moveToB = (core: Core, id: string) => core.accounts.update(id, { baseUrl: toB.baseUrl, credentials: { provider: 'logscale', token: b.adminToken } });

  for (const watching of [false, true]) {
    it(`a sync right after the move never pairs the old address with the new credential (watcher ${watching ? 'on' : 'off'})`, async () => {
      if (watching) stop = app.core.profile.watch();
      const account = await app.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: toA.baseUrl, token: a.adminToken });
      await moveToB(await second(), account.id);
      const before = toA.received.length;
      await app.core.tokens.sync([account.id]);
      expect(toA.received.slice(before).some((r) => JSON.stringify(r).includes(b.adminToken))).toBe(false);
    });
  }

  it('a CLI revoke that started before the window moved the account does not send the new credential to the old server', async () => {
    const account = await app.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: toA.baseUrl, token: a.adminToken });
    const made = await app.core.tokens.create(account.id, {
      provider: 'logscale',
      kind: 'system',
      name: 'ci',
      permissions: ['ReadHealthCheck'],
      expiry: { kind: 'never' },
    });
    const cli = await second(); // `tokendesk tokens revoke ci`, waiting for the typed confirmation…
    await moveToB(app.core, account.id); // …while the window points the account at B
    const before = toA.received.length;
    await expect(cli.tokens.revoke(made.token!.id, 'ci')).rejects.toThrow(/lives on/);
    expect(toA.received.slice(before).some((r) => JSON.stringify(r).includes(b.adminToken))).toBe(false);
  });

  it("the window's edit, checked for the old address and saved after the move, is refused and sends nothing", async () => {
    stop = app.core.profile.watch();
    const account = await app.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: toA.baseUrl, token: a.adminToken });
    const handlers = createHandlers(app.core, app.platform as never);
    const typed = a.adminToken;
    const change = { credentials: { provider: 'logscale' as const, token: typed } };
    // The form shows A: its address travels with the check and the save.
    expect(await handlers['accounts:check']({ target: 'existing', id: account.id, change, plannedAt: toA.baseUrl })).toMatchObject({ ok: true });
    const heard = hears(app.core, account.id, toB.baseUrl);
    await moveToB(await second(), account.id);
    await heard;
    const beforeCheck = toB.received.length;
    expect(await handlers['accounts:check']({ target: 'existing', id: account.id, change, plannedAt: toA.baseUrl })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(toB.received.length).toBe(beforeCheck);
    expect(await handlers['accounts:update']({ id: account.id, change, plannedAt: toA.baseUrl })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await app.core.tokens.sync([account.id]);
    expect(toB.saw(typed)).toBe(false);
    expect(await app.secret(`account:${account.id}`)).toContain(b.adminToken);
  });
});

describe('OVHcloud: a consumer-key renewal that finishes after the account moved', () => {
  it('is refused: the key approved on the old server is not saved for the new one, nor presented to it', async () => {
    const a = await startOvhEmulator();
    const b = await startOvhEmulator();
    const t = await createTestCore();
    try {
      const ca = a.credentials;
      const cb = b.credentials;
      const auth = (c: typeof ca) => ({
        mode: 'consumer-key' as const,
        applicationKey: c.applicationKey,
        applicationSecret: c.applicationSecret,
        consumerKey: c.consumerKey,
      });
      const account = await t.core.accounts.add({ provider: 'ovh', label: 'Prod', endpoint: 'custom', customBaseUrl: a.baseUrl, auth: auth(ca) });
      const { pendingId } = await t.core.ovhOnboarding.renew(account.id);
      const pendingKey = [...a.state.credentials.values()].find((k) => k.state === 'pendingValidation')!.consumerKey;
      const finishing = t.core.ovhOnboarding.finish(pendingId, { intervalMs: 20 });
      await t.core.accounts.update(account.id, { endpoint: 'custom', customBaseUrl: b.baseUrl, credentials: { provider: 'ovh', ...auth(cb) } });
      a.validateConsumerKey(pendingKey);
      await expect(finishing).rejects.toThrow(/was pointed at .* by another window or process/);
      expect(JSON.parse((await t.secret(`account:${account.id}`))!).consumerKey).toBe(cb.consumerKey);
      b.clearLog();
      await t.core.tokens.sync([account.id]);
      expect(b.apiRequests().some((r) => JSON.stringify(r.headers).includes(pendingKey))).toBe(false);
    } finally {
      await t.cleanup();
      await a.close();
      await b.close();
    }
  });
});
