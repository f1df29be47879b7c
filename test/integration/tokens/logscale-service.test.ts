/**
 * The token service end to end against the LogScale emulator: real HTTP, the real keychain, the
 * real store and audit files. Each test asserts what the admin would see (the list, the clipboard,
 * the audit log) or what LogScale received / now accepts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLogScaleEmulator, type LogScaleEmulator } from '../../emulators/logscale';
import { createTestCore, type TestCore } from '../../support/core';
import type { CreateRequest } from '../../../main/core/model';

const systemToken = (name: string): CreateRequest => ({
  provider: 'logscale',
  kind: 'system',
  name,
  permissions: ['ReadHealthCheck'],
  expiry: { kind: 'duration', amount: 30, unit: 'days' },
});

describe('token service over LogScale', () => {
  let emulator: LogScaleEmulator;
  let t: TestCore;
  let accountId: string;
  const bearerWorks = async (secret: string): Promise<number> =>
    (
      await fetch(`${emulator.baseUrl}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ viewer { id } }' }),
      })
    ).status;

  beforeEach(async () => {
    emulator = await startLogScaleEmulator();
    t = await createTestCore();
    accountId = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod LogScale', baseUrl: emulator.baseUrl, token: emulator.adminToken })).id;
  });
  afterEach(async () => {
    await t.cleanup();
    await emulator.close();
  });

  it('syncs every token kind into one list, with names, scopes and expiry', async () => {
    emulator.issueToken({ kind: 'system', name: 'ops-automation', permissions: ['ReadHealthCheck', 'ManageCluster'] as never });
    emulator.seedTokens(3);
    await t.core.tokens.sync();
    const list = t.core.tokens.list();
    expect(list.find((x) => x.name === 'ops-automation')).toMatchObject({
      provider: 'logscale',
      kind: 'system',
      status: 'active',
      hasSecret: false,
      scope: '2 permissions',
    });
    expect(list.some((x) => x.kind === 'personal')).toBe(true); // the admin's own token
    expect(list.length).toBe(emulator.state.tokens.size);
    expect(t.core.syncStates.get(accountId)).toMatchObject({ state: 'ok' });
  });

  it('create: the secret is in the keychain before the caller gets it, LogScale accepts it, the audit names it by fingerprint', async () => {
    const created = await t.core.tokens.create(accountId, systemToken('ci-reader'));
    expect(created).toMatchObject({ stored: true, token: { name: 'ci-reader', kind: 'system', hasSecret: true, status: 'active' } });
    expect(await t.secret(`token:${created.token!.id}`)).toBe(created.secret);
    expect(await bearerWorks(created.secret)).toBe(200);
    const audit = await t.core.audit.entries();
    expect(audit.at(-1)).toMatchObject({ action: 'token-created', tokenName: 'ci-reader', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(audit)).not.toContain(created.secret);
    expect((await t.snapshot()).store).not.toContain(created.secret.split('~')[1]);
  });

  it('create with a vault that refuses (disk full): the secret still comes back once, with a loud warning', async () => {
    const broken = await createTestCore();
    try {
      // The account must exist first (a working vault), then the vault starts refusing.
      const id = (await broken.core.accounts.add({ provider: 'logscale', label: 'P', baseUrl: emulator.baseUrl, token: emulator.adminToken })).id;
      broken.failSecretWrites(true);
      const created = await broken.core.tokens.create(id, systemToken('unstored'));
      expect(created).toMatchObject({ stored: false, warning: expect.stringContaining('only time it is shown') });
      expect(created.secret).toMatch(/~/);
      expect(await bearerWorks(created.secret)).toBe(200);
      expect(broken.core.tokens.list().find((x) => x.name === 'unstored')?.hasSecret).toBe(false);
    } finally {
      await broken.cleanup();
    }
  });

  it('copy puts the value on the clipboard, concealed, and the renderer-facing list never carries it', async () => {
    const created = await t.core.tokens.create(accountId, systemToken('copy-me'));
    const { clearsAt } = await t.core.tokens.copy(created.token!.id);
    expect(t.platform.clipboardText()).toBe(created.secret);
    expect(t.platform.recorded.clipboardWrites).toEqual([{ concealed: true }]);
    expect(Date.parse(clearsAt) - Date.now()).toBeGreaterThan(25_000);
    expect(JSON.stringify(t.core.tokens.list())).not.toContain(created.secret);
    await t.core.shutdown();
    expect(t.platform.clipboardText()).toBe('');
  });

  it('revoke needs the exact name; then LogScale forgets the token, the secret leaves the keychain, the list says revoked', async () => {
    const created = await t.core.tokens.create(accountId, systemToken('leaky'));
    const before = await t.snapshot();
    await expect(t.core.tokens.revoke(created.token!.id, 'leaky ')).rejects.toMatchObject({ code: 'invalid-input' });
    expect(await t.snapshot()).toEqual(before);
    expect(await bearerWorks(created.secret)).toBe(200);

    const revoked = await t.core.tokens.revoke(created.token!.id, 'leaky');
    expect(revoked.token.status).toBe('revoked');
    expect(await bearerWorks(created.secret)).toBe(401);
    expect(await t.secret(`token:${created.token!.id}`)).toBeNull();
    expect(emulator.operations('DeleteToken')).toHaveLength(1);
    expect((await t.core.audit.entries()).map((e) => e.action).slice(-2)).toEqual(['revoke-requested', 'token-revoked']);
  });

  it('a failed revoke keeps the token listed as it was, with the provider message', async () => {
    const created = await t.core.tokens.create(accountId, systemToken('stays'));
    emulator.state.delete(
      emulator.state.tokens.get(created.token!.id) ? created.token!.id : [...emulator.state.tokens.values()].find((x) => x.name === 'stays')!.id,
    );
    const error = await t.core.tokens.revoke(created.token!.id, 'stays').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not-found', provider: { provider: 'logscale' } });
    expect(t.core.tokens.summary(created.token!.id)).toMatchObject({ status: 'active', hasSecret: true });
    expect((await t.core.audit.entries()).at(-1)).toMatchObject({ action: 'revoke-failed', outcome: 'failed' });
  });

  it('rotate gives a new id and secret, stores it, and retires the old record', async () => {
    const created = await t.core.tokens.create(accountId, systemToken('rotating'));
    const rotated = await t.core.tokens.rotate(created.token!.id);
    expect(rotated.token!.id).not.toBe(created.token!.id);
    expect(rotated.previous).toEqual({ id: created.token!.id, stillValid: false });
    expect(await bearerWorks(created.secret)).toBe(401);
    expect(await bearerWorks(rotated.secret)).toBe(200);
    expect(await t.secret(`token:${rotated.token!.id}`)).toBe(rotated.secret);
    expect(await t.secret(`token:${created.token!.id}`)).toBeNull();
    expect(t.core.tokens.summary(created.token!.id).status).toBe('revoked');
  });

  it('sync marks a token deleted elsewhere as gone, keeps its value, and lets the value go only when a later sync finds it gone again', async () => {
    const created = await t.core.tokens.create(accountId, systemToken('deleted-elsewhere'));
    const remote = [...emulator.state.tokens.values()].find((x) => x.name === 'deleted-elsewhere')!;
    emulator.state.delete(remote.id);
    await t.core.tokens.sync();
    // The first finding is not the last word: the value shown once stays, marked by the record's status.
    expect(t.core.tokens.summary(created.token!.id)).toMatchObject({ status: 'gone', hasSecret: true });
    expect(await t.secret(`token:${created.token!.id}`)).toBe(created.secret);
    await t.core.tokens.sync();
    expect(t.core.tokens.summary(created.token!.id)).toMatchObject({ status: 'gone', hasSecret: false });
    expect(await t.secret(`token:${created.token!.id}`)).toBeNull();
  });

  it('leak: a pasted secret we hold is matched by fingerprint, revoked on confirmation, then proven dead', async () => {
    const created = await t.core.tokens.create(accountId, systemToken('leaked-in-chat'));
    const check = await t.core.leak.check(`curl -H "Authorization: Bearer ${created.secret}" ${emulator.baseUrl}/graphql`);
    expect(check).toMatchObject({ found: true, match: { matchedBy: 'fingerprint', token: { name: 'leaked-in-chat' }, account: { label: 'Prod LogScale' } } });
    if (!check.found) throw new Error('unreachable');
    expect(JSON.stringify(check)).not.toContain(created.secret);
    const result = await t.core.leak.revoke(check.caseId, 'leaked-in-chat');
    expect(result).toMatchObject({ proof: 'dead', token: { status: 'revoked' } });
    expect(await bearerWorks(created.secret)).toBe(401);
    const actions = (await t.core.audit.entries()).map((e) => e.action);
    expect(actions.slice(-4)).toEqual(['leak-matched', 'revoke-requested', 'token-revoked', 'leak-verified-dead']);
  });

  it('leak: a LogScale token this app never held is identified by its <id>~ prefix', async () => {
    const { secret } = emulator.issueToken({ kind: 'organization', name: 'made-in-the-console', permissions: [] as never });
    await t.core.tokens.sync();
    const check = await t.core.leak.check(`"${secret}"`);
    expect(check).toMatchObject({ found: true, match: { matchedBy: 'logscale-token-id', token: { name: 'made-in-the-console', hasSecret: false } } });
  });

  // A token id is not secret (the console, the API and our audit log show it): `<id>~anything` must
  // not get a live token revoked.
  it('leak: the id of a token we hold with another secret after it is no working copy: nothing to revoke, and it says why', async () => {
    const created = await t.core.tokens.create(accountId, systemToken('held-and-forged'));
    const forged = `${created.secret.split('~')[0]}~${'A'.repeat(44)}`;
    const check = await t.core.leak.check(`found in a pastebin: ${forged}`);
    expect(check).toMatchObject({ found: false, caseId: null });
    if (check.found) throw new Error('unreachable');
    expect(check.message).toContain('Not a working token');
    expect(check.message).toContain('“held-and-forged” of Prod LogScale');
    expect((await t.core.audit.entries()).at(-1)).toMatchObject({
      action: 'leak-reported',
      outcome: 'failed',
      tokenName: 'held-and-forged',
      note: 'id-of-ours-other-secret',
    });
    // The real value is still named, and the token is untouched.
    expect(await t.core.leak.check(created.secret)).toMatchObject({
      found: true,
      match: { matchedBy: 'fingerprint', token: { name: 'held-and-forged', status: 'active' } },
    });
    expect(await bearerWorks(created.secret)).toBe(200);
  });

  it('leak: a token never held, matched by its id, is not revoked on a value LogScale already refuses', async () => {
    const { secret } = emulator.issueToken({ kind: 'organization', name: 'made-in-the-console', permissions: [] as never });
    await t.core.tokens.sync();
    const forged = `${secret.split('~')[0]}~${'B'.repeat(44)}`;
    const check = await t.core.leak.check(forged);
    expect(check).toMatchObject({ found: true, match: { matchedBy: 'logscale-token-id', state: 'live', token: { name: 'made-in-the-console' } } });
    if (!check.found) throw new Error('unreachable');
    await expect(t.core.leak.revoke(check.caseId, 'made-in-the-console')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('LogScale already refuses the pasted value'),
    });
    expect(t.core.tokens.list().find((x) => x.name === 'made-in-the-console')).toMatchObject({ status: 'active' });
    expect(await bearerWorks(secret)).toBe(200);
    expect((await t.core.audit.entries()).at(-1)).toMatchObject({
      action: 'leak-verified-dead',
      tokenName: 'made-in-the-console',
      note: 'refused-before-revoke not-revoked',
    });
    // The real value, pasted, is revoked and proven dead.
    const real = await t.core.leak.check(secret);
    if (!real.found) throw new Error('the real value must be named');
    expect(await t.core.leak.revoke(real.caseId, 'made-in-the-console')).toMatchObject({ proof: 'dead', token: { status: 'revoked' } });
    expect(await bearerWorks(secret)).toBe(401);
  });

  it('leak: a check of the pasted value that cannot be made stops a revoke on an id alone (one 503 must not revoke a live token)', async () => {
    const { secret } = emulator.issueToken({ kind: 'system', name: 'console-made-2', permissions: [] as never });
    await t.core.tokens.sync();
    const check = await t.core.leak.check(`${secret.split('~')[0]}~${'C'.repeat(44)}`);
    if (!check.found) throw new Error('the id must name the token');
    emulator.queueFaults({ kind: 'server-error', status: 503, operation: 'CheckCredentials' });
    await expect(t.core.leak.revoke(check.caseId, 'console-made-2')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('could not check with LogScale that the pasted value works'),
    });
    expect(emulator.operations('DeleteToken')).toEqual([]);
    expect(await bearerWorks(secret)).toBe(200);
  });

  it('leak: in one paste, a value known by its fingerprint comes before made-up ones matched by id', async () => {
    const held = await t.core.tokens.create(accountId, systemToken('really-leaked'));
    const { secret: consoleMade } = emulator.issueToken({ kind: 'system', name: 'decoy-target', permissions: [] as never });
    await t.core.tokens.sync();
    const paste = [`${held.secret.split('~')[0]}~${'E'.repeat(44)}`, `${consoleMade.split('~')[0]}~${'F'.repeat(44)}`, held.secret].join('\n');
    expect(await t.core.leak.check(paste)).toMatchObject({ found: true, match: { matchedBy: 'fingerprint', token: { name: 'really-leaked' } } });
  });

  it('leak: a token that is not ours says so, and what it looks like', async () => {
    const check = await t.core.leak.check('AbCdEfGhIjKlMnOpQrStUvWx~0123456789abcdefghijABCDEFGHIJklmnopqrstUV');
    expect(check).toMatchObject({
      found: false,
      message: expect.stringContaining('Not one of ours'),
      looksLike: expect.stringContaining('LogScale API token'),
    });
    expect((await t.core.audit.entries()).at(-1)).toMatchObject({ action: 'leak-reported', note: 'not-ours' });
  });

  it('one failing account never blocks the others, and its error is shown on that account', async () => {
    const broken = (await t.core.accounts.add({ provider: 'logscale', label: 'Down', baseUrl: 'http://127.0.0.1:9', token: 'whatever-token' })).id;
    emulator.issueToken({ kind: 'system', name: 'still-synced', permissions: [] as never });
    await t.core.tokens.sync();
    expect(t.core.syncStates.get(broken)).toMatchObject({ state: 'error', error: { code: 'unreachable' } });
    expect(t.core.syncStates.get(accountId)).toMatchObject({ state: 'ok' });
    expect(t.core.tokens.list().some((x) => x.name === 'still-synced')).toBe(true);
  });

  it('rotating the personal token the account signs in with moves the account to the new secret', async () => {
    await t.core.tokens.sync();
    const personal = t.core.tokens.list().find((x) => x.kind === 'personal')!;
    const rotated = await t.core.tokens.rotate(personal.id);
    expect(JSON.parse((await t.secret(`account:${accountId}`))!)).toEqual({ token: rotated.secret });
    await t.core.tokens.sync(); // still works with the new credential
    expect(t.core.syncStates.get(accountId)).toMatchObject({ state: 'ok' });
  });
});
