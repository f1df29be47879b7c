/**
 * A sync whose listing was read before a create (or rotate) reached the provider, and reconciled
 * after the create's record was written: the window's own periodic sync while the admin creates.
 * The listing lacks the new token; it must not end it, nor drop its value (LogScale shows it once).
 * The listing is held between the provider's answer and the token service, so the interleaving is
 * exact, not a matter of luck.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CreateRequest } from '../../../main/core/model';
import { startLogScaleEmulator, type LogScaleEmulator } from '../../emulators/logscale';
import { startOvhEmulator, type OvhEmulator } from '../../emulators/ovh';
import { createTestCore, type TestCore } from '../../support/core';

const systemToken = (name: string): CreateRequest => ({
  provider: 'logscale',
  kind: 'system',
  name,
  permissions: ['ReadHealthCheck'],
  expiry: { kind: 'duration', amount: 30, unit: 'days' },
});

describe('a sync straddling a create or a rotate (one process, LogScale)', () => {
  let emulator: LogScaleEmulator;
  let t: TestCore;
  let accountId: string;

  /**
   * Holds the answer of the next ListTokens: `read` settles once LogScale answered it (the listing
   * is taken), and the answer reaches the sync only after `release()`.
   */
  function holdNextListing(): { read: Promise<void>; release: () => void } {
    let release!: () => void;
    let read!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const wasRead = new Promise<void>((r) => (read = r));
    let holding = true;
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', async (input: string | URL, init?: RequestInit) => {
      const operation = typeof init?.body === 'string' ? String((JSON.parse(init.body) as { operationName?: unknown }).operationName) : '';
      const response = await realFetch(input, init);
      if (holding && operation === 'ListTokens') {
        holding = false;
        read();
        await released;
      }
      return response;
    });
    return { read: wasRead, release };
  }

  beforeEach(async () => {
    emulator = await startLogScaleEmulator();
    t = await createTestCore();
    accountId = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod LogScale', baseUrl: emulator.baseUrl, token: emulator.adminToken })).id;
    await t.core.tokens.sync();
  });
  afterEach(async () => {
    vi.unstubAllGlobals();
    await t.cleanup();
    await emulator.close();
  });

  it('a token created while an older listing is in flight stays active with its value', async () => {
    const hold = holdNextListing();
    const sync = t.core.tokens.sync();
    await hold.read;
    const created = await t.core.tokens.create(accountId, systemToken('during-sync'));
    expect(created.stored).toBe(true);
    hold.release();
    await sync;
    expect(t.core.tokens.summary(created.token!.id)).toMatchObject({ status: 'active', hasSecret: true });
    expect((await t.core.tokens.reveal(created.token!.id)).value).toBe(created.secret);
    // And the next sync, which lists it, keeps it so.
    await t.core.tokens.sync();
    expect((await t.core.tokens.reveal(created.token!.id)).value).toBe(created.secret);
  });

  it('a rotation while an older listing is in flight: the successor keeps its value, the old record stays revoked', async () => {
    const first = await t.core.tokens.create(accountId, systemToken('rotating-during-sync'));
    const hold = holdNextListing();
    const sync = t.core.tokens.sync();
    await hold.read;
    const rotated = await t.core.tokens.rotate(first.token!.id);
    hold.release();
    await sync;
    expect(t.core.tokens.summary(rotated.token!.id)).toMatchObject({ status: 'active', hasSecret: true });
    expect((await t.core.tokens.reveal(rotated.token!.id)).value).toBe(rotated.secret);
    // The stale listing still had the old token as live: it does not make the revoked record live again.
    expect(t.core.tokens.summary(first.token!.id).status).toBe('revoked');
  });

  it('a revoke while an older listing is in flight stays revoked', async () => {
    const made = await t.core.tokens.create(accountId, systemToken('revoked-during-sync'));
    const hold = holdNextListing();
    const sync = t.core.tokens.sync();
    await hold.read;
    await t.core.tokens.revoke(made.token!.id, 'revoked-during-sync');
    hold.release();
    await sync;
    expect(t.core.tokens.summary(made.token!.id)).toMatchObject({ status: 'revoked', hasSecret: false });
  });
});

describe('a sync straddling a create (one process, OVHcloud IAM personal access tokens: shown once too)', () => {
  let ovh: OvhEmulator;
  let t: TestCore;
  let accountId: string;
  /** Set by a test: runs after OVHcloud answered a request, before the answer reaches the client. */
  let afterAnswer: ((method: string, url: string) => Promise<void>) | null = null;

  beforeEach(async () => {
    // The OVHcloud client keeps the fetch it was built with: the stand-in is there before the account.
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
      const response = await realFetch(input, init);
      await afterAnswer?.(init?.method ?? 'GET', String(input instanceof Request ? input.url : input));
      return response;
    });
    ovh = await startOvhEmulator();
    t = await createTestCore();
    const c = ovh.credentials;
    accountId = (
      await t.core.accounts.add({
        provider: 'ovh',
        label: 'OVH EU',
        endpoint: 'custom',
        customBaseUrl: ovh.baseUrl,
        auth: { mode: 'consumer-key', applicationKey: c.applicationKey, applicationSecret: c.applicationSecret, consumerKey: c.consumerKey },
      })
    ).id;
    const secure = ovh.addService({ serviceName: 'ldp-sbg-secure-03', displayName: 'Security logs', isIamEnabled: true });
    ovh.grantLdpAccess({ login: 'shipper', services: [secure.serviceName] });
    await t.core.tokens.sync();
  });
  afterEach(async () => {
    afterAnswer = null;
    vi.unstubAllGlobals();
    await t.cleanup();
    await ovh.close();
  });

  it('a PAT created while an older listing of the user’s PATs is in flight stays active with its value', async () => {
    let release!: () => void;
    let read!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const wasRead = new Promise<void>((r) => (read = r));
    afterAnswer = async (method, url) => {
      if (method !== 'GET' || !/\/me\/identity\/user\/shipper\/token$/.test(url)) return;
      afterAnswer = null;
      read();
      await released;
    };
    const sync = t.core.tokens.sync();
    await wasRead;
    const created = await t.core.tokens.create(accountId, {
      provider: 'ovh',
      kind: 'iam-pat',
      serviceName: 'ldp-sbg-secure-03',
      user: 'shipper',
      name: 'fluent-bit',
      description: 'Ships audit logs',
      expiresIn: 30 * 86_400,
    });
    expect(created.stored).toBe(true);
    release();
    await sync;
    expect(t.core.tokens.summary(created.token!.id)).toMatchObject({ status: 'active', hasSecret: true });
    expect((await t.core.tokens.reveal(created.token!.id)).value).toBe(created.secret);
  });
});
