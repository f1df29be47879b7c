/**
 * Politeness: at most N requests of one account in flight at once. The cap is a ceiling: how close
 * a run comes to it depends on how fast this machine starts requests (the benchmark measures
 * that), so each test asserts the ceiling and that requests really overlap, never an exact peak.
 */
import { describe, expect, it } from 'vitest';
import { createOvhClient } from '../../../main/core/providers/ovh';
import { createTestCore } from '../../support/core';
import { consumerKeyClient, FAST, useEmulator } from './helpers';

const emulator = useEmulator({ knobs: { latencyMs: 50 } });

/** Requests overlapped (more than one at once) and never went over the cap. */
const overlappedWithin = (peak: number, cap: number): void => {
  expect(peak).toBeLessThanOrEqual(cap);
  expect(peak).toBeGreaterThan(1);
};

describe('OVH client politeness: at most N requests in flight per account', () => {
  it('keeps at most 8 in flight by default while listing 120 tokens', async () => {
    const emu = await emulator.start();
    const [name] = emu.seedMany({ services: 1, tokensPerService: 120 });
    const client = consumerKeyClient(emu);
    const listing = await client.listTokens(name!);
    expect(listing.status === 'ok' && listing.tokens).toHaveLength(120);
    overlappedWithin(emu.maxInFlight(emu.credentials.consumerKey), 8);
  });

  it('honours a lower cap, across every kind of call of the account', async () => {
    const emu = await emulator.start();
    emu.seedMany({ services: 4, tokensPerService: 15, iamServices: 1 });
    const client = consumerKeyClient(emu, { maxInFlight: 3 });
    const all = await client.listAccountTokens();
    expect(all.filter((s) => s.status === 'ok').flatMap((s) => (s.status === 'ok' ? s.tokens : []))).toHaveLength(45);
    overlappedWithin(emu.maxInFlight(emu.credentials.consumerKey), 3);
  });

  it('counts each account on its own', async () => {
    const emu = await emulator.start();
    const [name] = emu.seedMany({ services: 1, tokensPerService: 40 });
    const otherKey = emu.addConsumerKey();
    const a = consumerKeyClient(emu, { maxInFlight: 4 });
    const b = createOvhClient({ endpoint: { baseUrl: emu.baseUrl }, auth: { ...emu.consumerKeyAuth(), consumerKey: otherKey }, maxInFlight: 2, ...FAST });
    await Promise.all([a.listTokens(name!), b.listTokens(name!)]);
    overlappedWithin(emu.maxInFlight(emu.credentials.consumerKey), 4);
    overlappedWithin(emu.maxInFlight(otherKey), 2);
  });

  it('applies the cap to OAuth2 accounts too', async () => {
    const emu = await emulator.start();
    const [name] = emu.seedMany({ services: 1, tokensPerService: 30 });
    const client = createOvhClient({ endpoint: { baseUrl: emu.baseUrl }, auth: emu.oauth2Auth(), maxInFlight: 5, ...FAST });
    await client.listTokens(name!);
    overlappedWithin(emu.maxInFlight(`oauth2:${emu.credentials.clientId}`), 5);
  });

  it('a changed setting applies at once, to an account whose client is already built', async () => {
    const emu = await emulator.start();
    const [name] = emu.seedMany({ services: 1, tokensPerService: 40 });
    const t = await createTestCore();
    try {
      const account = await t.core.accounts.add({ provider: 'ovh', label: 'OVH', endpoint: 'custom', customBaseUrl: emu.baseUrl, auth: emu.consumerKeyAuth() });
      await t.core.tokens.sync();
      overlappedWithin(emu.maxInFlight(emu.credentials.consumerKey), 8);
      await t.core.settings.update({ maxInFlightPerAccount: 2 });
      emu.addToken(name!, { name: 'after the change' });
      for (let i = 0; i < 20; i += 1) emu.addToken(name!, { name: `new ${i}` });
      emu.resetStats();
      await t.core.tokens.sync([account.id]);
      expect(t.core.tokens.list()).toHaveLength(61);
      overlappedWithin(emu.maxInFlight(emu.credentials.consumerKey), 2);
    } finally {
      await t.cleanup();
    }
  });
});
