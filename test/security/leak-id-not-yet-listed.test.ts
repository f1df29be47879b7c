/**
 * Colliding ids, timing variant: a production token made in the console after Prod's last sync,
 * while a Partner server (hostile, or a test cluster) already lists a token under that same id.
 * A paste of the production secret matches Partner's record alone, by id. No listing can prove
 * that no other server has a token with that id (another user's personal tokens are never listed),
 * so with another LogScale account the value is presented to no server and nothing is revoked.
 * (Before: `leak.revoke` presented the production secret to Partner's server; a re-sync of the
 * other accounts first was not enough for another user's personal token.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { createTestCore, type TestCore } from '../support/core';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';

describe('a value matched by id on the only server that lists it so far', () => {
  let prod: LogScaleEmulator;
  let partner: LogScaleEmulator;
  let toProd: RecordingProxy;
  let toPartner: RecordingProxy | undefined;
  let t: TestCore;
  beforeEach(async () => {
    prod = await startLogScaleEmulator();
    partner = await startLogScaleEmulator();
    toProd = await startRecordingProxy(prod.baseUrl);
    t = await createTestCore();
  });
  afterEach(async () => {
    await t.cleanup();
    await toProd.close();
    await toPartner?.close();
    await prod.close();
    await partner.close();
  });

  async function setUp(): Promise<{ secret: string; value: string }> {
    await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: toProd.baseUrl, token: prod.adminToken });
    await t.core.tokens.sync();
    const made = prod.issueToken({ kind: 'organization', name: 'prod-console', permissions: [] as never });
    const id = made.token.id;
    const copy = partner.issueToken({ kind: 'organization', name: 'partner-copy', permissions: [] as never });
    partner.state.tokens.delete(copy.token.id);
    copy.token.id = id;
    partner.state.tokens.set(id, copy.token);
    // Partner says yes to any secret with that id.
    const own = `${id}~${copy.secret.split('~')[1]}`;
    toPartner = await startRecordingProxy(partner.baseUrl, (h) =>
      h.authorization?.startsWith(`Bearer ${id}~`) ? { ...h, authorization: `Bearer ${own}` } : h,
    );
    const partnerAccount = await t.core.accounts.add({ provider: 'logscale', label: 'Partner', baseUrl: toPartner.baseUrl, token: partner.adminToken });
    await t.core.tokens.sync([partnerAccount.id]);
    return { secret: made.secret.split('~')[1]!, value: made.secret };
  }

  it('revoke: with another LogScale account, a value matched by id alone goes to no server', async () => {
    const { secret, value } = await setUp();
    const check = await t.core.leak.check(value);
    expect(check.found).toBe(true);
    if (!check.found) return;
    expect(check.match.matchedBy).toBe('logscale-token-id');
    await expect(t.core.leak.revoke(check.caseId, 'partner-copy')).rejects.toThrow(/another server .*Prod.* sent the pasted value to no server/);
    expect(toPartner!.saw(secret)).toBe(false);
    expect(toProd.saw(secret)).toBe(false);
    expect(partner.state.tokens.size).toBeGreaterThan(0);
  });

  it('prove: the same rule before the value is presented', async () => {
    const { secret, value } = await setUp();
    const check = await t.core.leak.check(value);
    if (!check.found) throw new Error('expected a match');
    await expect(t.core.leak.prove(check.caseId)).rejects.toThrow(/sent the pasted value to no server/);
    expect(toPartner!.saw(secret)).toBe(false);
  });

  it('an account that cannot be read stops it too: the value goes nowhere', async () => {
    const { secret, value } = await setUp();
    await toProd.close(); // Prod unreachable now
    const check = await t.core.leak.check(value);
    if (!check.found) throw new Error('expected a match');
    await expect(t.core.leak.revoke(check.caseId, 'partner-copy')).rejects.toThrow(/sent the pasted value to no server/);
    expect(toPartner!.saw(secret)).toBe(false);
  });

  it("another user's personal token (never listed by any account) is no exception: the value goes nowhere", async () => {
    await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: toProd.baseUrl, token: prod.adminToken });
    await t.core.tokens.sync();
    const alice = prod.state.addUser('alice', false);
    const made = prod.state.issue({
      kind: 'personal',
      name: 'Personal token (alice)',
      expireAt: null,
      ipFilterId: null,
      permissions: [],
      viewIds: [],
      userId: alice.id,
    });
    const copy = partner.issueToken({ kind: 'organization', name: 'partner-copy', permissions: [] as never });
    partner.state.tokens.delete(copy.token.id);
    copy.token.id = made.token.id;
    partner.state.tokens.set(made.token.id, copy.token);
    toPartner = await startRecordingProxy(partner.baseUrl);
    const partnerAccount = await t.core.accounts.add({ provider: 'logscale', label: 'Partner', baseUrl: toPartner.baseUrl, token: partner.adminToken });
    await t.core.tokens.sync([partnerAccount.id]);
    const check = await t.core.leak.check(made.secret);
    if (!check.found) throw new Error('expected a match');
    await expect(t.core.leak.revoke(check.caseId, 'partner-copy')).rejects.toThrow(/sent the pasted value to no server/);
    expect(toPartner.saw(made.secret.split('~')[1]!)).toBe(false);
  });
});
