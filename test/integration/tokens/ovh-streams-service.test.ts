/**
 * OVHcloud LDP stream write tokens (the X-OVH-TOKEN value shippers send) through the token service,
 * against the emulator: read from each stream's routing rule, kept in the vault, copied, matched
 * when leaked; read-only (revoke and rotate refused with the reason, nothing sent); a consumer key
 * without the stream routes is one note and never hides the service's LDP tokens.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOvhEmulator, type OvhEmulator } from '../../emulators/ovh';
import { createTestCore, type TestCore } from '../../support/core';

describe('LDP stream write tokens through the token service', () => {
  let ovh: OvhEmulator;
  let t: TestCore;

  const addAccount = async (consumerKey = ovh.credentials.consumerKey) => {
    const c = ovh.credentials;
    return (
      await t.core.accounts.add({
        provider: 'ovh',
        label: `OVH ${consumerKey.slice(0, 4)}`,
        endpoint: 'custom',
        customBaseUrl: ovh.baseUrl,
        auth: { mode: 'consumer-key', applicationKey: c.applicationKey, applicationSecret: c.applicationSecret, consumerKey },
      })
    ).id;
  };
  const streams = () => t.core.tokens.list().filter((x) => x.kind === 'ldp-stream');

  beforeEach(async () => {
    ovh = await startOvhEmulator({ knobs: { operationDelayMs: 20 } });
    t = await createTestCore();
  });
  afterEach(async () => {
    await t.cleanup();
    await ovh.close();
  });

  it('lists each stream’s write token (legacy and IAM-enabled services), keeps it in the vault, and copies it', async () => {
    const legacy = ovh.addService({ displayName: 'Production logs', tokens: 1 });
    const iam = ovh.addService({ displayName: 'Security logs', isIamEnabled: true, tokens: 0 });
    const web = ovh.addStream(legacy.serviceName, { title: 'web-frontend' });
    ovh.addStream(legacy.serviceName, { title: 'no-token', writeToken: null });
    const audit = ovh.addStream(iam.serviceName, { title: 'audit' });
    await addAccount();
    await t.core.tokens.sync();

    expect(
      streams()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['audit', 'web-frontend']);
    const token = streams().find((s) => s.name === 'web-frontend')!;
    expect(token).toMatchObject({ provider: 'ovh', scope: 'stream web-frontend · Production logs', hasSecret: true, expiresAt: null, status: 'active' });
    const value = web.rules.find((r) => r.field === 'X-OVH-TOKEN')!.value;
    expect(await t.secret(`token:${token.id}`)).toBe(value);
    await t.core.tokens.copy(token.id);
    expect(t.platform.clipboardText()).toBe(value);
    expect(JSON.stringify(t.core.tokens.list())).not.toContain(value);
    expect(t.core.tokens.list().filter((x) => x.kind === 'ldp')).toHaveLength(1); // the service's LDP token is still there
    expect(streams().find((s) => s.name === 'audit')?.scope).toBe(`stream audit · Security logs`);
    void audit;
  });

  it('a second sync lists stream ids only: the streams it knows are not read again', async () => {
    const service = ovh.addService({ tokens: 0 });
    ovh.addStream(service.serviceName, { title: 'one' });
    ovh.addStream(service.serviceName, { title: 'two' });
    await addAccount();
    await t.core.tokens.sync();
    ovh.clearLog();
    await t.core.tokens.sync();
    expect(ovh.apiRequests({ path: `/dbaas/logs/${service.serviceName}/output/graylog/stream` })).toHaveLength(1);
    expect(ovh.apiRequests({ path: `/dbaas/logs/${service.serviceName}/output/graylog/stream/*` })).toHaveLength(0);
    expect(streams()).toHaveLength(2);
  });

  it('is read-only: revoke and rotate are refused with the reason, and nothing is sent', async () => {
    const service = ovh.addService({ tokens: 0 });
    ovh.addStream(service.serviceName, { title: 'shippers' });
    await addAccount();
    await t.core.tokens.sync();
    const token = streams()[0]!;
    ovh.clearLog();
    await expect(t.core.tokens.revoke(token.id, 'shippers')).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('cannot be created, rotated or revoked through the OVHcloud API'),
    });
    await expect(t.core.tokens.rotate(token.id)).rejects.toMatchObject({ code: 'invalid-input' });
    expect(ovh.apiRequests().filter((r) => r.method !== 'GET')).toHaveLength(0);
    expect(t.core.tokens.summary(token.id)).toMatchObject({ status: 'active', hasSecret: true });
  });

  it('a leaked write token is named by fingerprint', async () => {
    const service = ovh.addService({ tokens: 0 });
    const stream = ovh.addStream(service.serviceName, { title: 'payments' });
    await addAccount();
    await t.core.tokens.sync();
    const value = stream.rules.find((r) => r.field === 'X-OVH-TOKEN')!.value;
    const check = await t.core.leak.check(`{"version":"1.1","short_message":"hi","_X-OVH-TOKEN":"${value}"}`);
    expect(check).toMatchObject({ found: true, match: { matchedBy: 'fingerprint', state: 'live', token: { kind: 'ldp-stream', name: 'payments' } } });
  });

  it('a consumer key without the stream routes gets one note; the service’s LDP tokens are listed all the same', async () => {
    // Rules read one path segment per `*` (the emulator's other reading of OVHcloud's undocumented wildcard).
    ovh.setKnobs({ ruleWildcard: 'segment' });
    const service = ovh.addService({ tokens: 2 });
    ovh.addStream(service.serviceName, { title: 'unseen' });
    // A key made before Tokendesk asked for the stream routes.
    const narrow = ovh.addConsumerKey({
      rules: [
        '/dbaas/logs',
        '/dbaas/logs/*',
        '/dbaas/logs/*/cluster',
        '/dbaas/logs/*/cluster/*',
        '/dbaas/logs/*/url',
        '/dbaas/logs/*/token',
        '/dbaas/logs/*/token/*',
      ].map((path) => ({ method: 'GET' as const, path })),
    });
    const account = await addAccount(narrow);
    await t.core.tokens.sync([account]);
    const state = t.core.syncStates.get(account);
    expect(state).toMatchObject({ state: 'ok' });
    expect(state?.notes).toEqual([
      expect.objectContaining({ level: 'info', message: expect.stringContaining('Stream write tokens (X-OVH-TOKEN) are not listed') }),
    ]);
    expect(t.core.tokens.list().filter((x) => x.kind === 'ldp')).toHaveLength(2);
    expect(streams()).toHaveLength(0);
  });
});
