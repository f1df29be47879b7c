/**
 * The OVH client's IAM part (`client.iam`) against the emulator over real HTTP: local users, their
 * personal access tokens, IAM policies on API v2 with cursor paging, who reaches which service,
 * faults on POST / DELETE, the access rules requested at onboarding, and the Graylog / OpenSearch
 * checks with Bearer and `pat_jwt_` Basic. Assertions are what the API received or what a caller
 * gets back.
 */
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../main/core/errors';
import { createOvhClient, OVH_ACCESS_RULES, type OvhClient } from '../../../main/core/providers/ovh';
import type { OvhEmulator } from '../../emulators/ovh';
import { consumerKeyClient, failure, FAST, oauth2Client, useEmulator } from './helpers';

const emulator = useEmulator();
const bearer = (value: string) => ({ Authorization: `Bearer ${value}` });
const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const body = (emu: OvhEmulator, method: string, path: string) => emu.apiRequests({ method, path }).map((r) => JSON.parse(r.body) as unknown);

describe('OVH IAM: local users', () => {
  it('lists the logins and reads each user with its URN; an unknown user is a clear 404', async () => {
    const emu = await emulator.start();
    emu.addIamUser({ login: 'alice', group: 'LDP_READERS', description: 'Shipper' });
    emu.addIamUser({ login: 'bob' });
    const ovh = consumerKeyClient(emu);
    expect(await ovh.iam.listUserLogins()).toEqual(['alice', 'bob']);
    const alice = await ovh.iam.getUser('alice');
    expect(alice).toMatchObject({
      login: 'alice',
      urn: 'urn:v1:eu:identity:user:xx1111-ovh/alice',
      group: 'LDP_READERS',
      description: 'Shipper',
      status: 'OK',
      type: 'USER',
    });
    expect((await ovh.iam.listUsers()).map((u) => u.urn)).toEqual([emu.userUrn('alice'), emu.userUrn('bob')]);

    const error = await failure<AppError>(ovh.iam.getUser('mallory'));
    expect(error.code).toBe('not-found');
    expect(error.message).toMatch(/^The local user mallory does not exist on this OVHcloud account/);
    expect(error.provider).toMatchObject({ status: 404, path: 'GET /me/identity/user/mallory', requestId: expect.stringMatching(/^EU\.emu/) });
  });
});

describe('OVH IAM: personal access tokens', () => {
  it('creates a PAT whose secret comes back once: the POST answer has it, every later read does not', async () => {
    const emu = await emulator.start();
    emu.addIamUser({ login: 'alice' });
    const ovh = consumerKeyClient(emu);
    const created = await ovh.iam.createToken('alice', { name: 'ci-reader', description: 'CI reads logs', expiresIn: 3600 });
    expect(created).toMatchObject({
      name: 'ci-reader',
      description: 'CI reads logs',
      lastUsed: null,
      token: expect.stringMatching(/^eyJhbGciOiJFZER[\w-]*\.[\w-]+\.[\w-]+$/),
    });
    expect(Date.parse(created.expiresAt!) - Date.now()).toBeGreaterThan(3_500_000);
    expect(created.creation).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    // Exactly the fields set (TF sends the expiry only when set).
    expect(body(emu, 'POST', '/me/identity/user/alice/token')).toEqual([{ name: 'ci-reader', description: 'CI reads logs', expiresIn: 3600 }]);

    expect(await ovh.iam.listTokenNames('alice')).toEqual(['ci-reader']);
    const read = await ovh.iam.getToken('alice', 'ci-reader');
    expect(read).toEqual({ name: 'ci-reader', description: 'CI reads logs', creation: created.creation, expiresAt: created.expiresAt, lastUsed: null });
    expect(JSON.stringify(await ovh.iam.listTokens('alice'))).not.toContain(created.token);
    const raw = emu.apiRequests({ method: 'GET', path: '/me/identity/user/alice/token/ci-reader' });
    expect(raw.every((r) => r.status === 200)).toBe(true);
  });

  it("creates with an expiry date, or with none (OVHcloud's default: never expires)", async () => {
    const emu = await emulator.start();
    emu.addIamUser({ login: 'alice' });
    const ovh = consumerKeyClient(emu);
    const at = new Date(Date.now() + 90 * 86_400_000).toISOString();
    expect((await ovh.iam.createToken('alice', { name: 'dated', description: 'd', expiresAt: at })).expiresAt).toBe(at);
    expect((await ovh.iam.createToken('alice', { name: 'forever', description: 'd' })).expiresAt).toBeNull();
    expect(body(emu, 'POST', '/me/identity/user/alice/token')).toEqual([
      { name: 'dated', description: 'd', expiresAt: at },
      { name: 'forever', description: 'd' },
    ]);
  });

  it('refuses both expiry fields before sending anything, and reports a duplicate name as a conflict', async () => {
    const emu = await emulator.start();
    emu.addIamUser({ login: 'alice' });
    emu.addPat('alice', { name: 'taken' });
    const ovh = consumerKeyClient(emu);
    const both = await failure<AppError>(ovh.iam.createToken('alice', { name: 'x', description: 'd', expiresIn: 60, expiresAt: '2031-01-01T00:00:00Z' }));
    expect(both.code).toBe('invalid-input');
    expect(emu.apiRequests({ method: 'POST' })).toHaveLength(0);
    const duplicate = await failure<AppError>(ovh.iam.createToken('alice', { name: 'taken', description: 'd' }));
    expect(duplicate.code).toBe('conflict');
    expect(duplicate.message).toMatch(/^The local user alice already has a personal access token with this name/);
    expect(duplicate.provider).toMatchObject({ status: 409, errorClass: 'Client::Conflict' });
  });

  it('edits description and expiry with PUT (name and secret cannot change)', async () => {
    const emu = await emulator.start();
    emu.addIamUser({ login: 'alice' });
    const pat = emu.addPat('alice', { name: 'ci', description: 'old' });
    const ovh = consumerKeyClient(emu);
    const edited = await ovh.iam.updateToken('alice', 'ci', { description: 'new', expiresIn: 7200 });
    expect(edited).toMatchObject({ name: 'ci', description: 'new' });
    expect(Date.parse(edited.expiresAt!) - Date.now()).toBeGreaterThan(7_000_000);
    expect(body(emu, 'PUT', '/me/identity/user/alice/token/ci')).toEqual([{ description: 'new', expiresIn: 7200 }]);
    expect((await ovh.iam.updateToken('alice', 'ci', { expiresAt: null })).expiresAt).toBeNull();
    expect(pat.value).toBe(emu.state.iamUser('alice').tokens.get('ci')!.value);
  });

  it('deletes at once; a second delete is a 404 read as "already gone"; reading it is a clear not-found', async () => {
    const emu = await emulator.start();
    emu.addIamUser({ login: 'alice' });
    emu.addPat('alice', { name: 'ci reader' });
    const ovh = consumerKeyClient(emu);
    expect(await ovh.iam.deleteToken('alice', 'ci reader')).toEqual({ alreadyGone: false });
    expect(emu.state.iamUser('alice').tokens.size).toBe(0);
    expect(emu.apiRequests({ method: 'DELETE' })[0]!.path).toBe('/me/identity/user/alice/token/ci%20reader');
    expect(await ovh.iam.deleteToken('alice', 'ci reader')).toEqual({ alreadyGone: true });
    const error = await failure<AppError>(ovh.iam.getToken('alice', 'ci reader'));
    expect(error.code).toBe('not-found');
    expect(error.message).toMatch(/^The personal access token "ci reader" of the local user alice no longer exists/);
  });

  it('a POST applied but whose answer was lost: sent once, and the error says the secret is lost for good', async () => {
    const emu = await emulator.start();
    emu.addIamUser({ login: 'alice' });
    emu.injectFault({ kind: 'reset', phase: 'after', method: 'POST', path: '/me/identity/user/alice/token' });
    const error = await failure<AppError>(consumerKeyClient(emu).iam.createToken('alice', { name: 'lost', description: 'd' }));
    expect(error.code).toBe('provider');
    expect(error.message).toMatch(/^OVHcloud created the personal access token "lost" of alice, but its answer, which carries the secret, was lost/);
    expect(error.message).toContain('revoke this token and create another one');
    expect(emu.apiRequests({ method: 'POST' })).toHaveLength(1);
    expect(emu.state.iamUser('alice').tokens.has('lost')).toBe(true);
  });

  it('a POST lost before OVHcloud applied it: sent once, and the error says nothing was created', async () => {
    const emu = await emulator.start();
    emu.addIamUser({ login: 'alice' });
    emu.injectFault({ kind: 'status', status: 500, phase: 'before', method: 'POST', path: '/me/identity/user/alice/token' });
    const error = await failure<AppError>(consumerKeyClient(emu).iam.createToken('alice', { name: 'retry-me', description: 'd' }));
    expect(error.message).toContain(
      'Tokendesk checked: the local user alice has no personal access token named "retry-me", so nothing was created. You can try again.',
    );
    expect(emu.apiRequests({ method: 'POST' })).toHaveLength(1);
  });

  it('a DELETE applied but whose answer was lost: sent once, the re-read shows it gone', async () => {
    const emu = await emulator.start();
    emu.addIamUser({ login: 'alice' });
    emu.addPat('alice', { name: 'ci' });
    emu.injectFault({ kind: 'reset', phase: 'after', method: 'DELETE', path: '/me/identity/user/alice/token/ci' });
    expect(await consumerKeyClient(emu).iam.deleteToken('alice', 'ci')).toEqual({ alreadyGone: false });
    expect(emu.apiRequests({ method: 'DELETE' })).toHaveLength(1);
    expect(emu.state.iamUser('alice').tokens.has('ci')).toBe(false);
  });
});

describe('OVH IAM: policies on API v2', () => {
  it('reads /v2/iam/policy (signed like v1) through every page of cursors, one filter value per request', async () => {
    const emu = await emulator.start({ knobs: { policyPageSize: 25 } });
    const service = emu.addService({ isIamEnabled: true });
    emu.addIamUser({ login: 'alice' });
    for (let i = 0; i < 60; i += 1)
      emu.addPolicy({
        name: `p${i}`,
        identities: [emu.userUrn(i % 2 ? 'alice' : 'bob')],
        resources: [emu.serviceUrn(service.serviceName)],
        allow: ['ldp:graylog:stream/read'],
      });
    const ovh = consumerKeyClient(emu);
    const all = await ovh.iam.listPolicies();
    expect(all.map((p) => p.name)).toEqual(Array.from({ length: 60 }, (_, i) => `p${i}`));
    const pages = emu.apiRequests({ method: 'GET', path: '/v2/iam/policy' });
    expect(pages.map((r) => [r.status, r.headers['x-pagination-cursor'] !== undefined, r.headers['x-pagination-size']])).toEqual([
      [200, false, undefined],
      [200, true, undefined],
      [200, true, undefined],
    ]);
    expect(pages.every((r) => r.headers['x-ovh-signature']?.startsWith('$1$'))).toBe(true);

    emu.clearLog();
    const alices = await ovh.iam.listPolicies({ identity: emu.userUrn('alice') });
    expect(alices).toHaveLength(30);
    const [first] = emu.apiRequests({ method: 'GET', path: '/v2/iam/policy' });
    expect(new URL(`http://x${first!.path}`).searchParams.getAll('identity')).toEqual([emu.userUrn('alice')]);
    expect(alices[0]).toMatchObject({
      identities: [emu.userUrn('alice')],
      resources: [{ urn: emu.serviceUrn(service.serviceName) }],
      permissions: { allow: [{ action: 'ldp:graylog:stream/read' }], except: [], deny: [] },
    });

    const sized = createOvhClient({ endpoint: { baseUrl: emu.baseUrl }, auth: emu.consumerKeyAuth(), ...FAST, iamPolicyPageSize: 50 });
    emu.clearLog();
    expect(await sized.iam.listPolicies({ resourceURN: emu.serviceUrn(service.serviceName) })).toHaveLength(60);
    expect(emu.apiRequests({ path: '/v2/iam/policy' }).map((r) => r.headers['x-pagination-size'])).toEqual(['50', '50']);
  });

  it('works with an OAuth2 service account too', async () => {
    const emu = await emulator.start();
    emu.addIamUser({ login: 'alice' });
    emu.addPolicy({ name: 'p', identities: [emu.userUrn('alice')], resources: ['*'], allow: ['ldp:*'] });
    const ovh = oauth2Client(emu);
    expect(await ovh.iam.listUserLogins()).toEqual(['alice']);
    expect(await ovh.iam.listPolicies({ identity: emu.userUrn('alice') })).toHaveLength(1);
    expect(emu.apiRequests({ path: '/v2/iam/policy' })[0]!.headers.authorization).toMatch(/^Bearer /);
  });

  it('tells which users reach which IAM-enabled service, and through which policies', async () => {
    const emu = await emulator.start();
    const a = emu.addService({ serviceName: 'ldp-iam-a', isIamEnabled: true });
    const b = emu.addService({ serviceName: 'ldp-iam-b', isIamEnabled: true });
    emu.grantLdpAccess({ login: 'alice', services: [a.serviceName, b.serviceName] });
    emu.addIamUser({ login: 'bob', group: 'LDP_READERS' });
    emu.addPolicy({
      name: 'readers-b-alias',
      identities: [emu.groupUrn('LDP_READERS')],
      resources: [`${emu.serviceUrn(b.serviceName)}/alias/0b2c`],
      allow: ['ldp:opensearch:alias/read'],
    });
    emu.addIamUser({ login: 'carol' });
    emu.addPolicy({
      name: 'carol-grouped',
      identities: [emu.userUrn('carol')],
      resources: [emu.addResourceGroup([emu.serviceUrn(a.serviceName)])],
      allow: ['ldp:graylog:*'],
    });
    emu.addIamUser({ login: 'dave' });
    emu.addPolicy({ name: 'dave-panel-only', identities: [emu.userUrn('dave')], resources: [emu.serviceUrn(a.serviceName)], allow: ['ldp:apiovh:get'] });
    emu.addIamUser({ login: 'erin' });
    emu.addPolicy({
      name: 'erin-expired',
      identities: [emu.userUrn('erin')],
      resources: [emu.serviceUrn(a.serviceName)],
      allow: ['ldp:graylog:stream/read'],
      expiredAt: '2020-01-01T00:00:00Z',
    });

    const ovh = consumerKeyClient(emu);
    const refs = [a, b].map((s) => ({ serviceName: s.serviceName, urn: s.iam!.urn }));
    const { users, access } = await ovh.iam.serviceAccess(refs);
    expect(users.map((u) => u.login)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
    expect(
      Object.fromEntries(
        access.map((x) => [x.login, x.services.map((s) => `${s.serviceName}:${s.policies.map((p) => `${p.name}=${p.actions.join('+')}`).join(',')}`)]),
      ),
    ).toEqual({
      alice: [
        'ldp-iam-a:ldp-access-alice=ldp:graylog:stream/read+ldp:opensearch:alias/read',
        'ldp-iam-b:ldp-access-alice=ldp:graylog:stream/read+ldp:opensearch:alias/read',
      ],
      bob: ['ldp-iam-b:readers-b-alias=ldp:opensearch:alias/read'], // a sub-resource: found through the group's own listing
      carol: ['ldp-iam-a:carol-grouped=ldp:graylog:dashboard/read+ldp:graylog:dashboard/update+ldp:graylog:stream/read'], // a resource group: found through the service's listing
      dave: [],
      erin: [],
    });
    // One policy listing per service URN and per identity (users and their groups), nothing more.
    const filters = emu
      .apiRequests({ path: '/v2/iam/policy' })
      .map((r) => [...new URL(`http://x${r.path}`).searchParams.entries()].map(([k, v]) => `${k}=${v}`).join('&'));
    expect(filters.sort()).toEqual(
      [
        ...refs.map((r) => `resourceURN=${r.urn}`),
        ...['alice', 'bob', 'carol', 'dave', 'erin'].map((l) => `identity=${emu.userUrn(l)}`),
        `identity=${emu.groupUrn('UNPRIVILEGED')}`,
        `identity=${emu.groupUrn('LDP_READERS')}`,
      ].sort(),
    );
  });
});

describe('OVH IAM: politeness', () => {
  it("IAM reads (v1 and v2) share the account's cap of requests in flight", async () => {
    const emu = await emulator.start({ knobs: { latencyMs: 5, policyPageSize: 2 } });
    const service = emu.addService({ isIamEnabled: true });
    for (let i = 0; i < 12; i += 1) emu.grantLdpAccess({ login: `user${i}`, services: [service.serviceName], pats: [{ name: 'a' }, { name: 'b' }] });
    const ovh = consumerKeyClient(emu, { maxInFlight: 3 });
    const { access } = await ovh.iam.serviceAccess([{ serviceName: service.serviceName, urn: service.iam!.urn }]);
    expect(access.filter((a) => a.services.length === 1)).toHaveLength(12);
    await Promise.all(access.map((a) => ovh.iam.listTokens(a.login)));
    expect(emu.apiRequests({ path: '/v2/iam/policy' }).length).toBeGreaterThan(12);
    expect(emu.maxInFlight(emu.credentials.consumerKey)).toBe(3);
  });
});

describe('OVH IAM: the access rules requested at onboarding', () => {
  it.each([
    ['any', 'with-prefix'],
    ['any', 'without-prefix'],
    ['segment', 'with-prefix'],
    ['segment', 'without-prefix'],
  ] as const)('grant every IAM route the client calls (wildcard %s, /v2 rules written %s)', async (ruleWildcard, v2RulePath) => {
    const emu = await emulator.start({ knobs: { ruleWildcard, v2RulePath } });
    const service = emu.addService({ isIamEnabled: true });
    emu.grantLdpAccess({ login: 'alice', services: [service.serviceName], pats: [{ name: 'existing' }] });
    const consumerKey = emu.addConsumerKey({ rules: [...OVH_ACCESS_RULES] });
    const ovh: OvhClient = createOvhClient({ endpoint: { baseUrl: emu.baseUrl }, auth: { ...emu.consumerKeyAuth(), consumerKey }, ...FAST });
    const { access } = await ovh.iam.serviceAccess([{ serviceName: service.serviceName, urn: service.iam!.urn }]);
    expect(access[0]!.services).toHaveLength(1);
    expect(await ovh.iam.listTokens('alice')).toHaveLength(1);
    await ovh.iam.createToken('alice', { name: 'new', description: 'd' });
    await ovh.iam.updateToken('alice', 'new', { description: 'e' });
    await ovh.iam.deleteToken('alice', 'new');
    expect(emu.apiRequests().filter((r) => r.status !== 200)).toEqual([]);
  });

  it('a consumer key made before IAM support is refused the IAM routes, with a sentence that says what to do', async () => {
    const emu = await emulator.start();
    const legacyRules = OVH_ACCESS_RULES.filter((r) => r.path.startsWith('/dbaas') || r.path.startsWith('/auth'));
    const consumerKey = emu.addConsumerKey({ rules: legacyRules });
    const ovh = createOvhClient({ endpoint: { baseUrl: emu.baseUrl }, auth: { ...emu.consumerKeyAuth(), consumerKey }, ...FAST });
    const error = await failure<AppError>(ovh.iam.listUserLogins());
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(
      /^This consumer key was not granted the call GET \/me\/identity\/user\. Create a new consumer key with the access rules Tokendesk requests\./,
    );
  });
});

describe('OVH IAM: checking a PAT on Graylog and OpenSearch', () => {
  it('the stubs let a granted PAT in with Bearer (both) and pat_jwt_ Basic (OpenSearch), 403 an ungranted one, 401 a dead one', async () => {
    const emu = await emulator.start();
    const service = emu.addService({ isIamEnabled: true });
    const {
      pats: [granted],
    } = emu.grantLdpAccess({ login: 'alice', services: [service.serviceName], pats: [{ name: 'ok' }] });
    emu.addIamUser({ login: 'bob' });
    const ungranted = emu.addPat('bob', { name: 'no-policy' });
    const expired = emu.addPat('alice', { name: 'old', expiresAt: new Date(Date.now() - 1000).toISOString() });
    const status = async (url: string, headers: Record<string, string>) => (await fetch(url, { headers })).status;
    const gl = `${emu.graylogUrl}/api/streams`;
    const os = `${emu.opensearchUrl}/_cluster/health`;
    expect(await status(gl, bearer(granted!.value))).toBe(200);
    expect(await status(os, bearer(granted!.value))).toBe(200);
    expect(await status(os, basic('pat_jwt_anything', granted!.value))).toBe(200);
    expect(await status(gl, basic('pat_jwt_anything', granted!.value))).toBe(401); // unverified on Graylog: off by default
    expect(await status(os, bearer(ungranted.value))).toBe(403);
    expect(await status(os, bearer(expired.value))).toBe(401);
    expect(await status(os, basic('token', granted!.value))).toBe(401);
    expect(emu.state.iamUser('alice').tokens.get('ok')!.lastUsed).not.toBeNull();
    emu.setKnobs({ graylogPatBasic: true });
    expect(await status(gl, basic('pat_jwt_anything', granted!.value))).toBe(200);
    emu.state.iamUser('alice').tokens.delete('ok');
    expect(await status(gl, bearer(granted!.value))).toBe(401);
  });

  it('verifyIamToken reports each endpoint and each way of sending the token, with commands that hide it', async () => {
    const emu = await emulator.start();
    const service = emu.addService({ isIamEnabled: true });
    const {
      pats: [pat],
    } = emu.grantLdpAccess({ login: 'alice', services: [service.serviceName], pats: [{ name: 'ok' }] });
    const ovh = consumerKeyClient(emu);
    const endpoints = await ovh.tokenEndpoints(service.serviceName);
    const report = await ovh.verifyIamToken({ ...endpoints, value: pat!.value, patUser: 'pat_jwt_alice' });
    expect(report.ok).toBe(true);
    expect(report.endpoints.map((e) => [e.api, e.auth, e.outcome, e.status])).toEqual([
      ['graylog', 'bearer', 'ok', 200],
      ['opensearch', 'bearer', 'ok', 200],
      ['opensearch', 'pat-basic', 'ok', 200],
    ]);
    const sent = emu.requestLog.filter((r) => r.server !== 'api').map((r) => r.headers.authorization);
    expect(sent.sort()).toEqual(
      [`Basic ${Buffer.from(`pat_jwt_alice:${pat!.value}`).toString('base64')}`, `Bearer ${pat!.value}`, `Bearer ${pat!.value}`].sort(),
    );
    for (const e of report.endpoints) expect(e.curl).not.toContain(pat!.value.slice(0, 30));

    emu.state.iamUser('alice').tokens.delete('ok');
    const dead = await ovh.verifyIamToken({ ...endpoints, value: pat!.value });
    expect(dead.endpoints.map((e) => e.outcome)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(dead.endpoints[0]!.detail).toBe('The Graylog API refused the personal access token (Bearer) (HTTP 401): it is wrong, expired or deleted.');
  });
});
