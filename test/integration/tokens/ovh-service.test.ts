/**
 * The token service end to end against the OVHcloud emulator: signed requests over real HTTP,
 * async operations, the real keychain and store. Assertions are what the admin sees or what the
 * API received.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOvhEmulator, type OvhEmulator } from '../../emulators/ovh';
import { createTestCore, type TestCore } from '../../support/core';

describe('token service over OVHcloud LDP', () => {
  let ovh: OvhEmulator;
  let t: TestCore;
  let accountId: string;

  const addConsumerKeyAccount = async (label = 'OVH EU') => {
    const c = ovh.credentials;
    return (
      await t.core.accounts.add({
        provider: 'ovh',
        label,
        endpoint: 'custom',
        customBaseUrl: ovh.baseUrl,
        auth: { mode: 'consumer-key', applicationKey: c.applicationKey, applicationSecret: c.applicationSecret, consumerKey: c.consumerKey },
      })
    ).id;
  };

  beforeEach(async () => {
    ovh = await startOvhEmulator({ knobs: { operationDelayMs: 50 } });
    t = await createTestCore();
    accountId = await addConsumerKeyAccount();
  });
  afterEach(async () => {
    await t.cleanup();
    await ovh.close();
  });

  it('A legacy service and an IAM-enabled service of the same account appear side by side in the list, each with the tokens it really uses', async () => {
    const legacy = ovh.addService({ displayName: 'Production logs', tokens: 3 });
    const iam = ovh.addService({ displayName: 'Security logs', isIamEnabled: true, tokens: 0 });
    ovh.grantLdpAccess({
      login: 'shipper',
      services: [iam.serviceName],
      pats: [{ name: 'fluent-bit', description: 'Ships audit logs', expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }],
    });
    ovh.addIamUser({ login: 'accountant' }); // a local user with no LDP policy: its tokens are not LDP tokens
    ovh.addPat('accountant', { name: 'billing-export' });
    await t.core.tokens.sync();
    const tokens = t.core.tokens.list();
    const ldp = tokens.filter((x) => x.kind === 'ldp');
    expect(ldp).toHaveLength(3);
    expect(ldp.every((x) => x.hasSecret && x.expiresAt === null && x.scope.startsWith('Production logs'))).toBe(true);
    const pats = tokens.filter((x) => x.kind === 'iam-pat');
    expect(pats).toEqual([
      expect.objectContaining({
        provider: 'ovh',
        name: 'fluent-bit',
        status: 'active',
        hasSecret: false,
        expiresAt: expect.any(String),
        scope: 'Security logs · IAM user shipper · 1 policy · never used',
      }),
    ]);
    const state = t.core.syncStates.get(accountId);
    expect(state).toMatchObject({ state: 'ok', notes: [] });
    expect(ovh.apiRequests({ method: 'GET', path: `/dbaas/logs/${iam.serviceName}/token` })).toHaveLength(0); // no error storm
    expect(ovh.apiRequests({ path: '/me/identity/user/accountant/token' })).toHaveLength(0); // users without access are not read
    // LDP answers the value on every read: it is kept in the vault, fingerprinted, never in the store or the keychain.
    const value = ovh.state.services.get(legacy.serviceName)!.tokens.values().next().value!.value;
    const snapshot = await t.snapshot();
    expect(snapshot.store).not.toContain(value);
    expect(Object.values(snapshot.vault)).toContain(value);
    expect(Object.values(snapshot.keychain)).not.toContain(value);
  });

  it('an IAM-enabled service no local user can reach is explained, not shown as an error', async () => {
    const iam = ovh.addService({ displayName: 'New IAM service', isIamEnabled: true, tokens: 0 });
    await t.core.tokens.sync();
    expect(t.core.tokens.list()).toEqual([]);
    const state = t.core.syncStates.get(accountId);
    expect(state.state).toBe('ok');
    expect(state.notes).toEqual([
      {
        container: iam.serviceName,
        level: 'info',
        message: expect.stringMatching(/^OVHcloud IAM is enabled on this LDP service.*No local user has an IAM policy/),
      },
    ]);
  });

  it('re-syncs incrementally: no token details are read again when nothing changed, and new ids are', async () => {
    const service = ovh.addService({ tokens: 4 });
    await t.core.tokens.sync();
    ovh.clearLog();
    await t.core.tokens.sync();
    expect(ovh.apiRequests({ method: 'GET', path: `/dbaas/logs/${service.serviceName}/token/*` })).toHaveLength(0);
    ovh.addToken(service.serviceName, { name: 'new-one' });
    await t.core.tokens.sync();
    expect(ovh.apiRequests({ method: 'GET', path: `/dbaas/logs/${service.serviceName}/token/*` })).toHaveLength(1);
    expect(t.core.tokens.list().map((x) => x.name)).toContain('new-one');
    // No IAM-enabled service and no PAT held: the IAM routes are never called (older consumer keys lack their rules).
    expect(ovh.apiRequests({ path: '/me/*' })).toHaveLength(0);
    expect(ovh.apiRequests({ path: '/v2/*' })).toHaveLength(0);
  });

  it('creates a token (waiting for the operation), verifies it on Graylog and OpenSearch, and revokes it', async () => {
    const service = ovh.addService({ clusters: 1 });
    const created = await t.core.tokens.create(accountId, { provider: 'ovh', serviceName: service.serviceName, name: 'shipper' });
    expect(created).toMatchObject({ stored: true, token: { name: 'shipper', kind: 'ldp', hasSecret: true } });
    expect(ovh.apiRequests({ method: 'POST', path: `/dbaas/logs/${service.serviceName}/token` })).toHaveLength(1);
    const report = await t.core.tokens.verify(created.token!.id);
    expect(report.checks.map((c) => [c.endpoint, c.outcome])).toEqual([
      ['Graylog API', 'ok'],
      ['OpenSearch API', 'ok'],
    ]);
    expect(report.example).toContain('curl');
    expect(report.example).not.toContain(created.secret);

    const revoked = await t.core.tokens.revoke(created.token!.id, 'shipper');
    expect(revoked.token.status).toBe('revoked');
    expect(ovh.state.services.get(service.serviceName)!.tokens.size).toBe(0);
    expect(await t.secret(`token:${created.token!.id}`)).toBeNull();
  });

  it('a service name of ".." is refused with the field named, and nothing reaches OVHcloud (it would have become POST /1.0/dbaas/token)', async () => {
    ovh.addService({ tokens: 1 });
    ovh.clearLog();
    for (const serviceName of ['..', '.', 'ldp-ab-12345/..']) {
      const error = await t.core.tokens.create(accountId, { provider: 'ovh', serviceName, name: 'shipper' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'invalid-input', issues: ['serviceName: must look like ldp-ab-12345'] });
    }
    expect(ovh.apiRequests()).toEqual([]);
    expect(t.core.tokens.list()).toEqual([]);
  });

  it("a failed delete operation keeps the token listed and reports OVHcloud's words", async () => {
    const service = ovh.addService({ tokens: 1 });
    await t.core.tokens.sync();
    const [token] = t.core.tokens.list();
    ovh.failNextOperations(1, 'FAILURE');
    const error = await t.core.tokens.revoke(token!.id, token!.name).catch((e: unknown) => e);
    expect(error).toMatchObject({ provider: { provider: 'ovh' } });
    expect(t.core.tokens.summary(token!.id)).toMatchObject({ status: 'active', hasSecret: true });
    expect(ovh.state.services.get(service.serviceName)!.tokens.size).toBe(1);
  });

  it('an LDP value the vault refused at create is read again and kept at the next sync', async () => {
    const service = ovh.addService({ clusters: 1 });
    t.failSecretWrites(true);
    const created = await t.core.tokens.create(accountId, { provider: 'ovh', serviceName: service.serviceName, name: 'unkept' });
    expect(created).toMatchObject({ stored: false, token: { hasSecret: false } });
    t.failSecretWrites(false);
    await t.core.tokens.sync();
    expect(t.core.tokens.summary(created.token!.id)).toMatchObject({ hasSecret: true });
    expect(await t.secret(`token:${created.token!.id}`)).toBe(created.secret);
  });

  it('rotates by creating a successor; the old token keeps working until the admin revokes it', async () => {
    const service = ovh.addService({ tokens: 1 });
    await t.core.tokens.sync();
    const [old] = t.core.tokens.list();
    const rotated = await t.core.tokens.rotate(old!.id);
    expect(rotated.previous).toEqual({ id: old!.id, stillValid: true });
    expect(rotated.token!.name).toMatch(new RegExp(`^${old!.name}-rotated-\\d{12}$`));
    expect(t.core.tokens.summary(old!.id).status).toBe('active');
    expect(ovh.state.services.get(service.serviceName)!.tokens.size).toBe(2);
  });

  it('leak: `curl -u token:…` is matched, revoked on confirmation, and proven dead on the cluster', async () => {
    const service = ovh.addService({ tokens: 2 });
    await t.core.tokens.sync();
    const leakedValue = [...ovh.state.services.get(service.serviceName)!.tokens.values()][0]!;
    const check = await t.core.leak.check(`curl -u token:${leakedValue.value} https://gra1.logs.ovh.com/api/streams`);
    expect(check).toMatchObject({ found: true, match: { matchedBy: 'fingerprint', token: { name: leakedValue.name }, account: { label: 'OVH EU' } } });
    if (!check.found) throw new Error('unreachable');
    const result = await t.core.leak.revoke(check.caseId, leakedValue.name);
    expect(result.proof).toBe('dead');
    expect(ovh.state.services.get(service.serviceName)!.tokens.has(leakedValue.tokenId)).toBe(false);
  });

  it('a service account (OAuth2) syncs like a consumer key', async () => {
    ovh.addService({ tokens: 2 });
    const oauth = ovh.credentials;
    const id = (
      await t.core.accounts.add({
        provider: 'ovh',
        label: 'Service account',
        endpoint: 'custom',
        customBaseUrl: ovh.baseUrl,
        auth: { mode: 'oauth2', clientId: oauth.clientId, clientSecret: oauth.clientSecret },
      })
    ).id;
    await t.core.tokens.sync([id]);
    expect(t.core.syncStates.get(id)).toMatchObject({ state: 'ok' });
    expect(t.core.tokens.list().filter((x) => x.accountId === id)).toHaveLength(2);
    expect(await t.core.accounts.test(id)).toEqual({ detail: expect.stringContaining('Connected with the service account') });
  });

  it("guided consumer key: returns the validation page (a custom endpoint's is not opened), waits for the admin, then stores the account", async () => {
    const c = ovh.credentials;
    const { pendingId, validationUrl, opened } = await t.core.ovhOnboarding.start({
      label: 'Guided',
      endpoint: 'custom',
      customBaseUrl: ovh.baseUrl,
      applicationKey: c.applicationKey,
      applicationSecret: c.applicationSecret,
    });
    expect(opened).toBe(false);
    expect(t.platform.recorded.opened).toEqual([]);
    expect(new URL(validationUrl).origin).toBe(ovh.origin);
    const [request] = ovh.apiRequests({ method: 'POST', path: '/auth/credential' });
    const pendingCk = [...ovh.state.credentials.values()].find((k) => k.state === 'pendingValidation')!.consumerKey;
    expect(JSON.parse(request!.body).accessRules).toContainEqual({ method: 'DELETE', path: '/dbaas/logs/*/token/*' });
    const finishing = t.core.ovhOnboarding.finish(pendingId, { intervalMs: 20 });
    expect((await t.core.accounts.list()).some((a) => a.label === 'Guided')).toBe(false); // not before the admin says yes
    ovh.validateConsumerKey(pendingCk);
    const account = await finishing;
    expect(account).toMatchObject({ label: 'Guided', hasCredentials: true });
    expect(JSON.parse((await t.secret(`account:${account.id}`))!)).toEqual({
      mode: 'consumer-key',
      applicationSecret: c.applicationSecret,
      consumerKey: pendingCk,
    });
    expect(await t.core.accounts.test(account.id)).toEqual({ detail: expect.stringContaining('consumer key validated') });
  });
});
