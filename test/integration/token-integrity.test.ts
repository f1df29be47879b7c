/**
 * Integrity of a token's state (issue 13, items 1, 3, 4, 6), with the real core, vault and
 * Secret Service, against the emulators:
 *
 *  #1 a revoke the provider confirmed stays a revoke, whatever fails after it;
 *  #3 a token Tokendesk revoked, rotated or saw vanish is still named by the leak panel ("revoked
 *     on …", "rotated on …; its successor is …"), and can be proven dead; past the retention
 *     setting its fingerprint is forgotten;
 *  #4 the token an account signs in with is not revoked without saying so, and the account's
 *     credential can be replaced without removing the account;
 *  #6 cutting lines off the end of the audit log is reported, even when what is left chains.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../main/core/objects';
import { createHandlers, type Handlers } from '../../main/ipc/handlers';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { startOvhEmulator, type OvhEmulator } from '../emulators/ovh';
import { createTestCore, type TestCore } from '../support/core';

const DAY = 86_400_000;
const systemToken = (name: string) => ({
  provider: 'logscale' as const,
  kind: 'system' as const,
  name,
  permissions: ['ReadHealthCheck'],
  expiry: { kind: 'never' as const },
});

describe('token integrity', () => {
  let ls: LogScaleEmulator;
  let ovh: OvhEmulator;
  let t: TestCore;
  let handlers: Handlers;
  let clock: number;
  let lsId: string;
  let ovhId: string;
  /** What LogScale answers a value now: 200 while it works, 401 once revoked. */
  const accepted = async (secret: string): Promise<number> =>
    (
      await fetch(`${ls.baseUrl}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: '{"query":"{ viewer { id } }"}',
      })
    ).status;

  beforeEach(async () => {
    ls = await startLogScaleEmulator();
    ovh = await startOvhEmulator({ knobs: { operationDelayMs: 10 } });
    clock = Date.parse('2026-11-30T12:00:00Z');
    t = await createTestCore({ now: () => clock });
    handlers = createHandlers(t.core, t.platform);
    lsId = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: ls.baseUrl, token: ls.adminToken })).id;
    ovhId = (await t.core.accounts.add({ provider: 'ovh', label: 'OVH EU', endpoint: 'custom', customBaseUrl: ovh.baseUrl, auth: ovh.consumerKeyAuth() })).id;
  });
  afterEach(async () => {
    await t.cleanup();
    await ls.close();
    await ovh.close();
  });

  it('#1 a revoke the provider confirmed is shown as revoked even when the vault cannot be written after it', async () => {
    const created = await t.core.tokens.create(lsId, systemToken('revoked-anyway'));
    t.failSecretWrites(true); // the purge of the value fails (a full disk)
    const result = await handlers['tokens:revoke']({ id: created.token!.id, confirmName: 'revoked-anyway' });
    t.failSecretWrites(false);
    expect(result).toMatchObject({
      ok: true,
      value: { token: { id: created.token!.id, status: 'revoked' }, warning: expect.stringContaining('could not be deleted from the vault') },
    });
    expect(t.core.tokens.summary(created.token!.id)).toMatchObject({ status: 'revoked', hasSecret: false, statusSince: new Date(clock).toISOString() });
    expect(await accepted(created.secret)).toBe(401);
    expect((await t.core.audit.entries()).map((e) => e.action)).toContain('token-revoked');
  });

  it('#3 a rotated LogScale token: the old value is named as rotated, with its successor, and proven dead', async () => {
    const created = await t.core.tokens.create(lsId, systemToken('ci-reader'));
    clock += DAY;
    const rotated = await t.core.tokens.rotate(created.token!.id);
    const check = await handlers['leak:check']({ text: `found in a chat: ${created.secret}` });
    expect(check).toMatchObject({
      ok: true,
      value: {
        found: true,
        match: {
          state: 'rotated',
          token: { id: created.token!.id, status: 'revoked' },
          successor: { id: rotated.token!.id, name: rotated.token!.name },
          message: `This is “ci-reader” of Prod, rotated on 2026-12-01; its successor is “${rotated.token!.name}”.`,
        },
      },
    });
    if (!check.ok || !check.value.found) throw new Error('no match');
    // It is not revoked a second time: it is proven dead.
    expect(await handlers['leak:revoke']({ caseId: check.value.caseId, confirmName: 'ci-reader' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await handlers['leak:prove']({ caseId: check.value.caseId })).toMatchObject({ ok: true, value: { proof: 'dead' } });
  });

  it('#3 a revoked LDP token and a token gone from the provider are named as such, with their dates', async () => {
    const service = ovh.addService({ clusters: 1 });
    const revoked = await t.core.tokens.create(ovhId, { provider: 'ovh', serviceName: service.serviceName, name: 'old-shipper' });
    const vanishing = await t.core.tokens.create(ovhId, { provider: 'ovh', serviceName: service.serviceName, name: 'vanishing' });
    clock += 2 * DAY;
    await t.core.tokens.revoke(revoked.token!.id, 'old-shipper');
    clock += DAY;
    const tokens = ovh.state.services.get(service.serviceName)!.tokens;
    tokens.delete([...tokens.values()].find((x) => x.name === 'vanishing')!.tokenId); // deleted outside Tokendesk
    await t.core.tokens.sync([ovhId]);
    expect(t.core.tokens.summary(vanishing.token!.id)).toMatchObject({ status: 'gone', statusSince: '2026-12-03T12:00:00.000Z' });

    expect(await t.core.leak.check(`curl -u token:${revoked.secret} https://x`)).toMatchObject({
      found: true,
      match: { state: 'revoked', message: 'This is “old-shipper” of OVH EU, revoked on 2026-12-02.' },
    });
    const gone = await t.core.leak.check(vanishing.secret);
    expect(gone).toMatchObject({ found: true, match: { state: 'gone', message: 'This is “vanishing” of OVH EU, gone from the provider since 2026-12-03.' } });
    if (!gone.found) throw new Error('no match');
    expect((await t.core.leak.prove(gone.caseId)).proof).toBe('dead');
  });

  it('#3 an LDP token rotated (the old value stays valid), then revoked days later: both are said', async () => {
    const service = ovh.addService({ clusters: 1 });
    const old = await t.core.tokens.create(ovhId, { provider: 'ovh', serviceName: service.serviceName, name: 'shipper' });
    clock += DAY;
    const rotated = await t.core.tokens.rotate(old.token!.id);
    expect((await t.core.leak.check(old.secret)) as unknown).toMatchObject({
      match: { state: 'live', message: expect.stringContaining('and still valid until it is revoked') },
    });
    clock += 2 * DAY;
    await t.core.tokens.revoke(old.token!.id, t.core.tokens.summary(old.token!.id).confirmText);
    expect(await t.core.leak.check(old.secret)).toMatchObject({
      found: true,
      match: {
        state: 'rotated',
        message: `This is “shipper” of OVH EU, rotated on 2026-12-01; its successor is “${rotated.token!.name}”, then revoked on 2026-12-03.`,
      },
    });
  });

  it("#3 past the retention setting, an ended token's fingerprint is forgotten (never before)", async () => {
    await t.core.settings.update({ fingerprintRetentionDays: 30 });
    const created = await t.core.tokens.create(lsId, systemToken('short-memory'));
    await t.core.tokens.revoke(created.token!.id, 'short-memory');
    clock += 29 * DAY;
    await t.core.tokens.sync([lsId]);
    expect(await t.core.leak.check(created.secret)).toMatchObject({ found: true, match: { matchedBy: 'fingerprint', state: 'revoked' } });
    clock += 2 * DAY;
    await t.core.tokens.sync([lsId]);
    // LogScale's token id still names a token of ours; what was forgotten is the value's fingerprint.
    expect(await t.core.leak.check(created.secret)).toMatchObject({ found: true, match: { matchedBy: 'logscale-token-id', state: 'revoked' } });
    expect(readFileSync(t.storePath, 'utf8')).not.toContain(`"fingerprint":"`);
  });

  it('#4 the token the account signs in with is not revoked without saying so; its credential is replaced in place', async () => {
    const own = await t.core.tokens.create(lsId, systemToken('account-sign-in'));
    await t.core.accounts.stored.replaceCredentials(lsId, { token: own.secret }); // the account now signs in with it
    expect(t.core.tokens.summary(own.token!.id).signsInAccount).toBe(true);

    const refused = await handlers['tokens:revoke']({ id: own.token!.id, confirmName: 'account-sign-in' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('is the token the account “Prod” signs in with') },
    });
    expect(await accepted(own.secret)).toBe(200);

    // The admin replaces the account's credential first (no remove and add), then revokes.
    await t.core.accounts.stored.replaceCredentials(lsId, { token: ls.adminToken });
    expect(t.core.tokens.summary(own.token!.id).signsInAccount).toBe(false);
    expect(await handlers['tokens:revoke']({ id: own.token!.id, confirmName: 'account-sign-in' })).toMatchObject({ ok: true });
    await t.core.tokens.sync([lsId]);
    expect(t.core.syncStates.get(lsId).state).toBe('ok');
  });

  it('#4 revoked anyway (it leaked), the account says what is wrong at its next sync', async () => {
    // A personal token created for the account's own user replaces the credential it signs in with.
    const own = await t.core.tokens.create(lsId, { provider: 'logscale', kind: 'personal', permissions: [], expiry: { kind: 'never' } });
    expect(own.token).toMatchObject({ kind: 'personal', signsInAccount: true });
    const name = own.token!.confirmText;
    expect(await handlers['tokens:revoke']({ id: own.token!.id, confirmName: name })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await handlers['tokens:revoke']({ id: own.token!.id, confirmName: name, revokeAccountCredential: true })).toMatchObject({
      ok: true,
      value: { token: { status: 'revoked' } },
    });
    expect(await accepted(own.secret)).toBe(401);
    await t.core.tokens.sync([lsId]);
    expect(t.core.syncStates.get(lsId)).toMatchObject({ state: 'error', error: { code: 'auth' } });
  });

  it('#6 lines cut off the end of the audit log are reported, even when the rest is made to chain', async () => {
    for (let i = 0; i < 5; i += 1) await t.core.audit.append({ action: 'token-copied', outcome: 'ok', note: `seq ${i}` });
    const path = join(t.dataDir, 'audit.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    expect(await t.core.audit.verify()).toEqual({ ok: true, entries: lines.length });

    writeFileSync(path, `${lines.slice(0, -2).join('\n')}\n`); // the last two lines deleted
    expect(await t.core.audit.verify()).toMatchObject({ ok: false, line: lines.length - 1, reason: expect.stringContaining('the last 2 lines were removed') });

    // Two forged lines that chain on what is left: the count is whole again, the anchored line is not.
    const forged = [...lines.slice(0, -2)];
    for (const note of ['forged 1', 'forged 2'])
      forged.push(
        JSON.stringify({ ts: new Date(clock).toISOString(), actor: 'mallory', action: 'token-copied', outcome: 'ok', note, prev: sha256Hex(forged.at(-1)!) }),
      );
    writeFileSync(path, `${forged.join('\n')}\n`);
    expect(await t.core.audit.verify()).toMatchObject({ ok: false, line: lines.length, reason: expect.stringContaining('not the one written there') });
  });
});
