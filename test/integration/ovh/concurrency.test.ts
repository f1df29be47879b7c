import { describe, expect, it } from 'vitest';
import { createOvhClient } from '../../../main/core/providers/ovh';
import { consumerKeyClient, FAST, useEmulator } from './helpers';

const emulator = useEmulator({ knobs: { latencyMs: 15 } });

describe('OVH client politeness: at most N requests in flight per account', () => {
  it('keeps 8 in flight by default while listing 120 tokens, never more', async () => {
    const emu = await emulator.start();
    const [name] = emu.seedMany({ services: 1, tokensPerService: 120 });
    const client = consumerKeyClient(emu);
    const listing = await client.listTokens(name!);
    expect(listing.status === 'ok' && listing.tokens).toHaveLength(120);
    expect(emu.maxInFlight(emu.credentials.consumerKey)).toBe(8);
  });

  it('honours a lower cap, across every kind of call of the account', async () => {
    const emu = await emulator.start();
    emu.seedMany({ services: 4, tokensPerService: 15, iamServices: 1 });
    const client = consumerKeyClient(emu, { maxInFlight: 3 });
    const all = await client.listAccountTokens();
    expect(all.filter((s) => s.status === 'ok').flatMap((s) => (s.status === 'ok' ? s.tokens : []))).toHaveLength(45);
    expect(emu.maxInFlight(emu.credentials.consumerKey)).toBe(3);
  });

  it('counts each account on its own', async () => {
    const emu = await emulator.start();
    const [name] = emu.seedMany({ services: 1, tokensPerService: 40 });
    const otherKey = emu.addConsumerKey();
    const a = consumerKeyClient(emu, { maxInFlight: 4 });
    const b = createOvhClient({ endpoint: { baseUrl: emu.baseUrl }, auth: { ...emu.consumerKeyAuth(), consumerKey: otherKey }, maxInFlight: 2, ...FAST });
    await Promise.all([a.listTokens(name!), b.listTokens(name!)]);
    expect(emu.maxInFlight(emu.credentials.consumerKey)).toBe(4);
    expect(emu.maxInFlight(otherKey)).toBe(2);
  });

  it('applies the cap to OAuth2 accounts too', async () => {
    const emu = await emulator.start();
    const [name] = emu.seedMany({ services: 1, tokensPerService: 30 });
    const client = createOvhClient({ endpoint: { baseUrl: emu.baseUrl }, auth: emu.oauth2Auth(), maxInFlight: 5, ...FAST });
    await client.listTokens(name!);
    expect(emu.maxInFlight(`oauth2:${emu.credentials.clientId}`)).toBe(5);
  });
});
