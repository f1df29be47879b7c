/**
 * LogScale ingest tokens through the token service, against the emulator: listed per repository
 * with their parser, values kept in the vault at sync (and read again when lost), created with a
 * parser, parser changed, rotated (successor first, old one removed when the admin says so),
 * revoked, copied, and a leaked one recognised by fingerprint, revoked and proven dead by one event
 * sent to the ingest API. A repository without ChangeIngestTokens is one sync note, not an error.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/core';
import { startLogScaleEmulator, type LogScaleEmulator } from '../../emulators/logscale';
import { createRecordingPlatform } from '../../harness/recording-platform';
import { createTestCore, type TestCore } from '../../support/core';

describe('LogScale ingest tokens through the token service', () => {
  let emulator: LogScaleEmulator;
  let t: TestCore;
  let accountId: string;
  const ingestStatus = async (value: string): Promise<number> =>
    (
      await fetch(`${emulator.baseUrl}/api/v1/ingest/humio-structured`, {
        method: 'POST',
        headers: { authorization: `Bearer ${value}`, 'content-type': 'application/json' },
        body: '[{"events":[]}]',
      })
    ).status;
  const byName = (name: string) => t.core.tokens.list().find((x) => x.name === name);

  beforeEach(async () => {
    emulator = await startLogScaleEmulator();
    t = await createTestCore();
    accountId = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: emulator.baseUrl, token: emulator.adminToken })).id;
  });
  afterEach(async () => {
    await t.cleanup();
    await emulator.close();
  });

  it('a sync lists each repository’s ingest tokens with their parser, and keeps their values in the vault', async () => {
    const made = emulator.issueIngestToken('sandbox', 'fluent-bit', 'accesslog');
    await t.core.tokens.sync();
    const token = byName('fluent-bit');
    expect(token).toMatchObject({
      provider: 'logscale',
      kind: 'ingest',
      scope: 'repository sandbox · parser accesslog',
      hasSecret: true,
      expiresAt: null,
      status: 'active',
    });
    expect(await t.secret(`token:${token!.id}`)).toBe(made.token);
    await t.core.tokens.copy(token!.id);
    expect(t.platform.clipboardText()).toBe(made.token);
    expect(JSON.stringify(t.core.tokens.list())).not.toContain(made.token);
  });

  it('creates one with a parser from the repository (the value is not shown once), then changes and removes its parser', async () => {
    const options = await t.core.tokens.createOptions(accountId);
    expect(options).toMatchObject({ provider: 'logscale', repositories: [{ name: 'sandbox', parsers: expect.arrayContaining(['accesslog', 'kv']) }] });
    const created = await t.core.tokens.create(accountId, { provider: 'logscale', kind: 'ingest', repository: 'sandbox', name: 'vector-edge', parser: 'kv' });
    expect(created).toMatchObject({ stored: true, token: { kind: 'ingest', name: 'vector-edge', scope: 'repository sandbox · parser kv', hasSecret: true } });
    expect(await ingestStatus(created.secret)).toBe(200);

    expect(await t.core.tokens.setParser(created.token!.id, 'json')).toMatchObject({ scope: 'repository sandbox · parser json' });
    expect(emulator.operations('AssignIngestTokenParser').at(-1)?.variables).toEqual({ repositoryName: 'sandbox', tokenName: 'vector-edge', parser: 'json' });
    expect(await t.core.tokens.setParser(created.token!.id, null)).toMatchObject({ scope: 'repository sandbox · no parser', hasSecret: true });
    expect((await t.core.audit.entries()).at(-1)).toMatchObject({ action: 'token-parser-changed', tokenName: 'vector-edge', note: 'parser removed' });
    // An API token has no parser: refused, nothing sent.
    const system = await t.core.tokens.create(accountId, {
      provider: 'logscale',
      kind: 'system',
      name: 'ci',
      permissions: ['ReadHealthCheck'],
      expiry: { kind: 'never' },
    });
    await expect(t.core.tokens.setParser(system.token!.id, 'kv')).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it("repositories that cannot be read: the create options say why, with LogScale's answer, instead of an empty list", async () => {
    emulator.queueFaults(...Array.from({ length: 8 }, () => ({ kind: 'malformed-json' as const, operation: 'ListRepositories' })));
    const options = await t.core.tokens.createOptions(accountId);
    expect(options).toMatchObject({
      provider: 'logscale',
      repositories: [],
      unreadable: { repositories: { message: expect.stringContaining('list repositories') } },
    });
    // The rest of the form is still offered: only the ingest kind is affected.
    expect(options).not.toHaveProperty('unreadable.views');
  });

  it('rotate creates a successor with the same parser; the old token works until the admin revokes it', async () => {
    const old = await t.core.tokens.create(accountId, { provider: 'logscale', kind: 'ingest', repository: 'sandbox', name: 'filebeat', parser: 'syslog' });
    const rotated = await t.core.tokens.rotate(old.token!.id);
    expect(rotated).toMatchObject({
      previous: { id: old.token!.id, stillValid: true },
      token: { name: expect.stringMatching(/^filebeat-rotated-\d{12}$/), scope: 'repository sandbox · parser syslog' },
    });
    expect(await ingestStatus(old.secret)).toBe(200);
    expect(await ingestStatus(rotated.secret)).toBe(200);
    const revoked = await t.core.tokens.revoke(old.token!.id, 'filebeat');
    expect(revoked.token.status).toBe('revoked');
    expect(await ingestStatus(old.secret)).toBe(401);
    expect(emulator.operations('RemoveIngestToken').at(-1)?.variables).toEqual({ repositoryName: 'sandbox', name: 'filebeat' });
    expect(await t.secret(`token:${old.token!.id}`)).toBeNull();
  });

  it('a leaked ingest token is recognised by fingerprint, revoked on confirmation, and proven dead by one event to the ingest API', async () => {
    const made = emulator.issueIngestToken('sandbox', 'collector-prod');
    await t.core.tokens.sync();
    const check = await t.core.leak.check(`sink:\n  type: humio_logs\n  token: "${made.token}"\n`);
    expect(check).toMatchObject({ found: true, match: { matchedBy: 'fingerprint', state: 'live', token: { name: 'collector-prod', kind: 'ingest' } } });
    if (!check.found) throw new Error('unreachable');
    const result = await t.core.leak.revoke(check.caseId, 'collector-prod');
    expect(result).toMatchObject({ proof: 'dead', token: { status: 'revoked' } });
    expect(emulator.requests.filter((r) => r.path === '/api/v1/ingest/humio-structured').map((r) => r.status)).toEqual([401]);
    // Later the same value leaks again: named as revoked, and still proven dead.
    const again = await t.core.leak.check(made.token);
    expect(again).toMatchObject({ found: true, match: { state: 'revoked' } });
  });

  it('a repository without ChangeIngestTokens is explained in one note; its known tokens are kept, not marked gone', async () => {
    emulator.state.addSearchDomain('payments', 'Repository');
    emulator.state.addSearchDomain('audit', 'Repository');
    emulator.issueIngestToken('payments', 'pay-shipper');
    await t.core.tokens.sync();
    expect(byName('pay-shipper')?.status).toBe('active');

    emulator.state.ingestDenied.add('payments');
    emulator.state.ingestDenied.add('audit');
    await t.core.tokens.sync();
    const state = t.core.syncStates.get(accountId);
    expect(state).toMatchObject({ state: 'ok' });
    expect(state?.notes).toEqual([
      expect.objectContaining({ level: 'info', message: expect.stringMatching(/2 repositories are not listed \(audit, payments\).*ChangeIngestTokens/) }),
    ]);
    expect(byName('pay-shipper')).toMatchObject({ status: 'active', hasSecret: true });
  });

  it('values lost with the vault key come back at the next sync', async () => {
    const made = emulator.issueIngestToken('sandbox', 'shipper');
    await t.core.tokens.sync();
    const id = byName('shipper')!.id;
    await t.core.shutdown();
    for (const item of await t.keychain.keys()) await t.keychain.delete(item); // a reset keyring
    const reopened = await createCore({
      profileDir: t.dataDir,
      keychain: t.keychain,
      platform: createRecordingPlatform(),
      version: 'test',
      runtime: 'harness',
    });
    try {
      expect(reopened.profile.info().vault.lostValues).toEqual(
        expect.arrayContaining([{ tokenId: id, name: 'shipper', accountLabel: 'Prod', comesBack: true }]),
      );
      await reopened.accounts.stored.replaceCredentials(accountId, { token: emulator.adminToken });
      await reopened.tokens.sync([accountId]);
      expect((await reopened.tokens.reveal(id)).value).toBe(made.token);
    } finally {
      await reopened.shutdown();
    }
  });
});
