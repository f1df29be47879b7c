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
import { createTestCore, type TestCore } from '../../support/core';

const systemToken = (name: string): CreateRequest => ({ provider: 'logscale', kind: 'system', name, permissions: ['ReadHealthCheck'], expiry: { kind: 'duration', amount: 30, unit: 'days' } });

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
    accountId = (await t.core.addAccount({ provider: 'logscale', label: 'Prod LogScale', baseUrl: emulator.baseUrl, token: emulator.adminToken })).id;
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

  it("a rotation while an older listing is in flight: the successor keeps its value, the old record stays revoked", async () => {
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
