/**
 * The token service over OVHcloud IAM personal access tokens (PATs) of IAM-enabled LDP services,
 * end to end: signed requests to the emulator over real HTTP, the real keychain and store, the
 * Graylog / OpenSearch stubs that accept or refuse a PAT. Assertions are what the admin sees (the
 * list, the result of an action, the audit log) or what OVHcloud received / now accepts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OVH_ACCESS_RULES } from '../../../main/core/providers/ovh';
import type { CreateRequest } from '../../../main/core/model';
import { startOvhEmulator, type EmuService, type OvhEmulator } from '../../emulators/ovh';
import { createTestCore, type TestCore } from '../../support/core';

const DAY = 86_400_000;

describe('token service over OVHcloud IAM personal access tokens', () => {
  let ovh: OvhEmulator;
  let t: TestCore;
  let accountId: string;
  let secure: EmuService;

  const addAccount = async (core: TestCore, label = 'OVH EU', consumerKey = ovh.credentials.consumerKey) => {
    const c = ovh.credentials;
    return (
      await core.core.accounts.add({
        provider: 'ovh',
        label,
        endpoint: 'custom',
        customBaseUrl: ovh.baseUrl,
        auth: { mode: 'consumer-key', applicationKey: c.applicationKey, applicationSecret: c.applicationSecret, consumerKey },
      })
    ).id;
  };
  /** What the OpenSearch stub answers to this value sent as Bearer: 200 in, 403 known but not allowed, 401 dead. */
  const bearerStatus = async (value: string): Promise<number> =>
    (await fetch(`${ovh.opensearchUrl}/_cluster/health`, { headers: { Authorization: `Bearer ${value}` } })).status;
  const pat = (o: Partial<Extract<CreateRequest, { kind: 'iam-pat' }>> = {}): CreateRequest => ({
    provider: 'ovh',
    kind: 'iam-pat',
    serviceName: secure.serviceName,
    user: 'shipper',
    name: 'fluent-bit',
    description: 'Ships audit logs',
    expiresIn: 30 * 86_400,
    ...o,
  });
  const byName = (name: string) => t.core.tokens.list().find((x) => x.name === name);

  beforeEach(async () => {
    ovh = await startOvhEmulator();
    t = await createTestCore();
    accountId = await addAccount(t);
    secure = ovh.addService({ serviceName: 'ldp-sbg-secure-03', displayName: 'Security logs', isIamEnabled: true });
    ovh.grantLdpAccess({ login: 'shipper', services: [secure.serviceName] });
  });
  afterEach(async () => {
    await t.cleanup();
    await ovh.close();
  });

  describe('sync', () => {
    it('lists the PATs of the users that reach the service, with expiry, last use and the policy summary', async () => {
      const lastUsed = '2026-03-02T09:15:00.123456789Z';
      const expiresAt = new Date(Date.now() + 10 * DAY).toISOString();
      ovh.addPat('shipper', { name: 'fluent-bit', description: 'Ships audit logs', expiresAt, lastUsed });
      ovh.addPat('shipper', { name: 'forever' });
      ovh.addIamUser({ login: 'analyst', group: 'SOC' });
      ovh.addPolicy({
        name: 'soc-read',
        identities: [ovh.groupUrn('SOC')],
        resources: [`${ovh.serviceUrn(secure.serviceName)}/alias/*`],
        allow: ['ldp:opensearch:alias/read'],
      });
      ovh.addPat('analyst', { name: 'grafana' });
      await t.core.tokens.sync();

      const list = t.core.tokens.list();
      expect(list.map((x) => [x.name, x.kind, x.status, x.hasSecret]).sort()).toEqual([
        ['fluent-bit', 'iam-pat', 'expiring', false],
        ['forever', 'iam-pat', 'active', false],
        ['grafana', 'iam-pat', 'active', false],
      ]);
      expect(byName('fluent-bit')).toMatchObject({ expiresAt, scope: 'Security logs · IAM user shipper · 1 policy · last used 2026-03-02' });
      expect(byName('forever')).toMatchObject({ expiresAt: null, scope: 'Security logs · IAM user shipper · 1 policy · never used' });
      const record = t.core.tokens.require(byName('grafana')!.id);
      expect(record).toMatchObject({ container: 'iam-user:analyst', remoteId: 'grafana' });
      expect(record.scope.iam).toEqual({
        user: 'analyst',
        description: '',
        lastUsed: null,
        services: [secure.serviceName],
        policies: [{ id: expect.any(String), name: 'soc-read', actions: ['ldp:opensearch:alias/read'], permissionsGroups: [], services: [secure.serviceName] }],
      });
    });

    it('a PAT reachable from two services is listed once, naming both', async () => {
      const second = ovh.addService({ serviceName: 'ldp-gra-audit-04', displayName: 'Audit logs', isIamEnabled: true });
      ovh.addPolicy({
        name: 'shipper-audit',
        identities: [ovh.userUrn('shipper')],
        resources: [ovh.serviceUrn(second.serviceName)],
        allow: ['ldp:opensearch:index/write'],
      });
      ovh.addPat('shipper', { name: 'fluent-bit' });
      await t.core.tokens.sync();
      const pats = t.core.tokens.list().filter((x) => x.kind === 'iam-pat');
      expect(pats).toHaveLength(1);
      expect(pats[0]!.scope).toBe('Security logs, Audit logs · IAM user shipper · 2 policies · never used');
      expect(t.core.tokens.require(pats[0]!.id).scope.iam!.services).toEqual([secure.serviceName, second.serviceName]);
    });

    it('refreshes what changed at OVHcloud, and a PAT deleted there becomes "gone"', async () => {
      ovh.addPat('shipper', { name: 'fluent-bit', description: 'v1' });
      ovh.addPat('shipper', { name: 'deleted-in-console' });
      await t.core.tokens.sync();
      const emuPat = ovh.state.iamUser('shipper').tokens.get('fluent-bit')!;
      emuPat.description = 'v2';
      emuPat.lastUsed = '2026-04-01T00:00:00.000000000Z';
      emuPat.expiresAt = new Date(Date.now() + 3 * DAY).toISOString();
      ovh.state.iamUser('shipper').tokens.delete('deleted-in-console');
      await t.core.tokens.sync();
      expect(byName('fluent-bit')).toMatchObject({ status: 'expiring', expiresAt: emuPat.expiresAt, scope: expect.stringContaining('last used 2026-04-01') });
      expect(t.core.tokens.require(byName('fluent-bit')!.id).scope.iam!.description).toBe('v2');
      expect(byName('deleted-in-console')!.status).toBe('gone');
    });

    it('a PAT Tokendesk holds stays listed (secret kept) when its user loses access, saying it reaches no service', async () => {
      const created = await t.core.tokens.create(accountId, pat());
      for (const p of [...ovh.state.policies.values()]) ovh.state.policies.delete(p.id);
      await t.core.tokens.sync();
      expect(t.core.tokens.summary(created.token!.id)).toMatchObject({
        status: 'active',
        hasSecret: true,
        scope: 'reaches no IAM-enabled LDP service · IAM user shipper · never used',
      });
      expect(await t.secret(`token:${created.token!.id}`)).toBe(created.secret);
      expect(t.core.syncStates.get(accountId).notes).toEqual([expect.objectContaining({ container: secure.serviceName, level: 'info' })]);
    });

    it('a consumer key without the IAM access rules keeps the legacy tokens and the known PATs, and says why', async () => {
      const legacy = ovh.addService({ displayName: 'Production logs', tokens: 2 });
      const created = await t.core.tokens.create(accountId, pat());
      const oldKey = ovh.addConsumerKey({ rules: OVH_ACCESS_RULES.filter((r) => r.path.startsWith('/dbaas') || r.path.startsWith('/auth')) });
      const other = await createTestCore();
      try {
        const id = await addAccount(other, 'Old key', oldKey);
        await other.core.tokens.sync();
        expect(other.core.tokens.list().map((x) => x.kind)).toEqual(['ldp', 'ldp']);
        const state = other.core.syncStates.get(id);
        expect(state.state).toBe('ok');
        expect(state.notes).toEqual([
          expect.objectContaining({
            container: secure.serviceName,
            level: 'error',
            message: expect.stringContaining("could not read the account's IAM users or policies"),
            error: expect.objectContaining({ code: 'forbidden', message: expect.stringContaining('not granted the call GET /me/identity/user') }),
          }),
        ]);
      } finally {
        await other.cleanup();
      }
      // And on an account that holds a PAT: the record is left as it was, not marked gone.
      ovh.state.credentials.get(ovh.credentials.consumerKey)!.rules = OVH_ACCESS_RULES.filter((r) => !r.path.startsWith('/me'));
      await t.core.tokens.sync();
      expect(t.core.tokens.summary(created.token!.id)).toMatchObject({ status: 'active', hasSecret: true });
      expect(t.core.tokens.list().filter((x) => x.scope.startsWith('Production logs'))).toHaveLength(2);
      expect(legacy.tokens.size).toBe(2);
    });
  });

  describe('create', () => {
    it('the secret is in the keychain before the caller gets it, shown once, and OpenSearch accepts it', async () => {
      const created = await t.core.tokens.create(accountId, pat());
      expect(created).toMatchObject({
        stored: true,
        token: { name: 'fluent-bit', kind: 'iam-pat', hasSecret: true, status: 'active', scope: 'Security logs · IAM user shipper · 1 policy · never used' },
      });
      expect(created.warning).toBeUndefined();
      expect(created.secret).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(await t.secret(`token:${created.token!.id}`)).toBe(created.secret);
      expect(Date.parse(created.token!.expiresAt!) - Date.now()).toBeGreaterThan(29 * DAY);
      expect(ovh.apiRequests({ method: 'POST', path: '/me/identity/user/shipper/token' }).map((r) => JSON.parse(r.body) as unknown)).toEqual([
        { name: 'fluent-bit', description: 'Ships audit logs', expiresIn: 2_592_000 },
      ]);
      expect(await bearerStatus(created.secret)).toBe(200);
      expect((await t.core.audit.entries()).at(-1)).toMatchObject({
        action: 'token-created',
        tokenName: 'fluent-bit',
        remoteId: 'fluent-bit',
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      // OVHcloud never gives it again: reveal and copy come from the keychain.
      expect(await t.core.tokens.reveal(created.token!.id)).toEqual({ value: created.secret });
      const snapshot = await t.snapshot();
      expect(snapshot.store).not.toContain(created.secret);
      expect(snapshot.audit).not.toContain(created.secret);
    });

    it('with a vault that refuses (disk full): the secret still comes back once, with a loud warning, and it works', async () => {
      const broken = await createTestCore();
      try {
        const id = await addAccount(broken);
        broken.failSecretWrites(true);
        const created = await broken.core.tokens.create(id, pat({ name: 'unstored' }));
        expect(created).toMatchObject({ stored: false, warning: expect.stringContaining('only time it is shown') });
        expect(await bearerStatus(created.secret)).toBe(200);
        expect(broken.core.tokens.list().find((x) => x.name === 'unstored')).toMatchObject({ kind: 'iam-pat', hasSecret: false });
      } finally {
        await broken.cleanup();
      }
    });

    it('a description left empty gets a default (OVHcloud requires one); an expiry date is sent as given', async () => {
      const expiresAt = new Date(Date.now() + 60 * DAY).toISOString();
      await t.core.tokens.create(accountId, pat({ name: 'dated', description: '  ', expiresIn: undefined, expiresAt }));
      expect(ovh.apiRequests({ method: 'POST' }).map((r) => JSON.parse(r.body) as unknown)).toEqual([
        { name: 'dated', description: 'Created with Tokendesk', expiresAt },
      ]);
      expect(byName('dated')!.expiresAt).toBe(expiresAt);
    });

    it('is refused, with nothing sent, for a user without access, an unknown user, a past date or a legacy service', async () => {
      ovh.addIamUser({ login: 'accountant' });
      const legacy = ovh.addService({ displayName: 'Production logs' });
      const before = await t.snapshot();
      await expect(t.core.tokens.create(accountId, pat({ user: 'accountant' }))).rejects.toMatchObject({
        code: 'policy',
        message: expect.stringContaining('No IAM policy gives the local user accountant Graylog or OpenSearch access to ldp-sbg-secure-03'),
      });
      await expect(t.core.tokens.create(accountId, pat({ user: 'nobody' }))).rejects.toMatchObject({
        code: 'not-found',
        message: 'The local user nobody does not exist on this OVHcloud account.',
      });
      await expect(t.core.tokens.create(accountId, pat({ expiresIn: undefined, expiresAt: '2020-01-01T00:00:00Z' }))).rejects.toMatchObject({
        code: 'invalid-input',
      });
      await expect(t.core.tokens.create(accountId, pat({ serviceName: legacy.serviceName }))).rejects.toMatchObject({
        code: 'invalid-input',
        message: expect.stringContaining('does not use OVHcloud IAM'),
      });
      expect(ovh.apiRequests({ method: 'POST' })).toHaveLength(0);
      expect(await t.snapshot()).toEqual(before);
    });

    it('a duplicate name is refused by OVHcloud with a sentence naming the user', async () => {
      ovh.addPat('shipper', { name: 'fluent-bit' });
      await expect(t.core.tokens.create(accountId, pat())).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('The local user shipper already has a personal access token with this name'),
      });
    });

    it('create options list, per IAM-enabled service, the users that reach it and through which policies', async () => {
      ovh.addIamUser({ login: 'accountant' });
      const legacy = ovh.addService({ displayName: 'Production logs', clusters: 1 });
      const options = await t.core.tokens.createOptions(accountId);
      if (options.provider !== 'ovh') throw new Error('expected OVH options');
      expect(options.iamUsersError).toBeUndefined();
      expect(options.services.find((s) => s.serviceName === secure.serviceName)).toMatchObject({
        iamEnabled: true,
        clusters: [],
        iamUsers: [
          {
            login: 'shipper',
            status: 'OK',
            group: 'UNPRIVILEGED',
            description: '',
            policies: [{ name: 'ldp-access-shipper', actions: ['ldp:graylog:stream/read', 'ldp:opensearch:alias/read'], permissionsGroups: [] }],
          },
        ],
      });
      expect(options.services.find((s) => s.serviceName === legacy.serviceName)).not.toHaveProperty('iamUsers');
    });

    it('create options say why no user is offered when the IAM routes are refused', async () => {
      ovh.state.credentials.get(ovh.credentials.consumerKey)!.rules = OVH_ACCESS_RULES.filter((r) => !r.path.startsWith('/me'));
      const options = await t.core.tokens.createOptions(accountId);
      if (options.provider !== 'ovh') throw new Error('expected OVH options');
      expect(options.iamUsersError).toMatchObject({ code: 'forbidden', provider: { errorClass: 'NOT_GRANTED_CALL' } });
      expect(options.services[0]).toMatchObject({ serviceName: secure.serviceName, iamEnabled: true });
      expect(options.services[0]).not.toHaveProperty('iamUsers');
    });
  });

  describe('rotate, revoke, verify', () => {
    it('rotates: a new PAT with the same description and lifetime; the old one works until the admin revokes it', async () => {
      const created = await t.core.tokens.create(accountId, pat({ expiresIn: 45 * 86_400 }));
      const rotated = await t.core.tokens.rotate(created.token!.id);
      expect(rotated.previous).toEqual({ id: created.token!.id, stillValid: true });
      expect(rotated).toMatchObject({ stored: true, token: { kind: 'iam-pat', name: expect.stringMatching(/^fluent-bit-rotated-\d{12}$/), hasSecret: true } });
      expect(await t.secret(`token:${rotated.token!.id}`)).toBe(rotated.secret);
      const [, second] = ovh.apiRequests({ method: 'POST', path: '/me/identity/user/shipper/token' }).map((r) => JSON.parse(r.body) as Record<string, unknown>);
      expect(second).toMatchObject({ description: 'Ships audit logs' });
      expect(Math.abs((second!.expiresIn as number) - 45 * 86_400)).toBeLessThanOrEqual(1);
      expect(await bearerStatus(created.secret)).toBe(200);
      expect(await bearerStatus(rotated.secret)).toBe(200);
      expect(t.core.tokens.summary(created.token!.id).status).toBe('active');

      await t.core.tokens.revoke(created.token!.id, 'fluent-bit');
      expect(await bearerStatus(created.secret)).toBe(401);
      expect(await bearerStatus(rotated.secret)).toBe(200);
    });

    it('revokes with DELETE: the secret leaves the keychain, OVHcloud forgets it, the cluster refuses it', async () => {
      const created = await t.core.tokens.create(accountId, pat());
      const revoked = await t.core.tokens.revoke(created.token!.id, 'fluent-bit');
      expect(revoked.token).toMatchObject({ status: 'revoked', hasSecret: false });
      expect(ovh.apiRequests({ method: 'DELETE' }).map((r) => r.path)).toEqual(['/me/identity/user/shipper/token/fluent-bit']);
      expect(ovh.state.iamUser('shipper').tokens.has('fluent-bit')).toBe(false);
      expect(await t.secret(`token:${created.token!.id}`)).toBeNull();
      expect(await bearerStatus(created.secret)).toBe(401);
      expect((await t.core.audit.entries()).map((e) => e.action).slice(-2)).toEqual(['revoke-requested', 'token-revoked']);
    });

    it('revoking a PAT already deleted in the console ends revoked too (404 = gone)', async () => {
      ovh.addPat('shipper', { name: 'console-made' });
      await t.core.tokens.sync();
      ovh.state.iamUser('shipper').tokens.delete('console-made');
      const revoked = await t.core.tokens.revoke(byName('console-made')!.id, 'console-made');
      expect(revoked.token.status).toBe('revoked');
    });

    it("a refused revoke keeps the token listed as it was, with OVHcloud's words", async () => {
      const created = await t.core.tokens.create(accountId, pat());
      const credential = ovh.state.credentials.get(ovh.credentials.consumerKey)!;
      credential.rules = OVH_ACCESS_RULES.filter((r) => r.method !== 'DELETE');
      const error = await t.core.tokens.revoke(created.token!.id, 'fluent-bit').catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'forbidden',
        provider: { provider: 'ovh', status: 403, errorClass: 'NOT_GRANTED_CALL', requestId: expect.any(String) },
      });
      expect(t.core.tokens.summary(created.token!.id)).toMatchObject({ status: 'active', hasSecret: true });
      expect(ovh.apiRequests({ method: 'DELETE' })).toHaveLength(1);
      expect(ovh.state.iamUser('shipper').tokens.has('fluent-bit')).toBe(true);
    });

    it('verifies with Bearer on Graylog and OpenSearch and with pat_jwt_ Basic on OpenSearch, per endpoint', async () => {
      const created = await t.core.tokens.create(accountId, pat());
      const report = await t.core.tokens.verify(created.token!.id);
      expect(report.checks.map((c) => [c.endpoint, c.outcome, c.status])).toEqual([
        ['Graylog API (Bearer)', 'ok', 200],
        ['OpenSearch API (Bearer)', 'ok', 200],
        ['OpenSearch API (Basic pat_jwt_shipper)', 'ok', 200],
      ]);
      expect(report.example).toMatch(/^curl -sS -H "Authorization: Bearer \$OVH_PAT" 'http:\/\/127\.0\.0\.1:\d+\/api\/streams'/);
      expect(JSON.stringify(report)).not.toContain(created.secret);
      const sent = ovh.requestLog.filter((r) => r.server === 'opensearch').map((r) => r.headers.authorization);
      expect(sent).toContain(`Basic ${Buffer.from(`pat_jwt_shipper:${created.secret}`).toString('base64')}`);

      // The user loses its policy: the token is still valid, but not allowed (403) on the backends.
      for (const p of [...ovh.state.policies.values()]) ovh.state.policies.delete(p.id);
      const denied = await t.core.tokens.verify(created.token!.id);
      expect(denied.checks.map((c) => [c.outcome, c.status])).toEqual([
        ['ok', 403],
        ['ok', 403],
        ['ok', 403],
      ]);
      expect(denied.checks[0]!.detail).toContain('not allowed');
      // Deleted in the console: every endpoint refuses it.
      ovh.state.iamUser('shipper').tokens.delete('fluent-bit');
      expect((await t.core.tokens.verify(created.token!.id)).checks.map((c) => c.outcome)).toEqual(['rejected', 'rejected', 'rejected']);
    });
  });

  describe('leak', () => {
    it.each([
      ['curl -u pat_jwt_<user>:<PAT>', (s: string) => `curl -u pat_jwt_shipper:${s} https://gra1.logs.ovh.com:9200/_cluster/health`],
      ['Authorization: Bearer <PAT>', (s: string) => `curl -H "Authorization: Bearer ${s}" https://gra1.logs.ovh.com/api/streams`],
      ['Basic base64(pat_jwt_x:<PAT>)', (s: string) => `Authorization: Basic ${Buffer.from(`pat_jwt_x:${s}`).toString('base64')}`],
    ])('%s is matched by fingerprint, revoked on confirmation, then proven dead on the cluster', async (_form, paste) => {
      const created = await t.core.tokens.create(accountId, pat());
      const check = await t.core.leak.check(paste(created.secret));
      expect(check).toMatchObject({
        found: true,
        match: { matchedBy: 'fingerprint', token: { name: 'fluent-bit', kind: 'iam-pat' }, account: { label: 'OVH EU' } },
      });
      if (!check.found) throw new Error('unreachable');
      expect(JSON.stringify(check)).not.toContain(created.secret);
      const result = await t.core.leak.revoke(check.caseId, 'fluent-bit');
      expect(result).toMatchObject({ proof: 'dead', token: { status: 'revoked' } });
      expect(ovh.state.iamUser('shipper').tokens.has('fluent-bit')).toBe(false);
      expect(await bearerStatus(created.secret)).toBe(401);
      expect((await t.core.audit.entries()).map((e) => e.action).slice(-4)).toEqual([
        'leak-matched',
        'revoke-requested',
        'token-revoked',
        'leak-verified-dead',
      ]);
    });

    it('a PAT Tokendesk does not hold is not ours, and is described as an OVHcloud IAM PAT without its claims', async () => {
      const foreign = ovh.addPat('shipper', { name: 'made-in-console' });
      await t.core.tokens.sync();
      const check = await t.core.leak.check(`curl -u pat_jwt_x:${foreign.value} https://gra1.logs.ovh.com:9200/`);
      expect(check).toMatchObject({
        found: false,
        message: expect.stringContaining('Not one of ours'),
        looksLike: expect.stringMatching(
          /^It looks like an OVHcloud IAM personal access token \(it was sent with a pat_jwt_ username\) that Tokendesk does not hold \(issuer ovhcloud-iam-emulator, subject urn:v1:eu:identity:user:xx1111-ovh\/shipper\)\.$/,
        ),
      });
      const bare = await t.core.leak.check(foreign.value);
      expect(bare).toMatchObject({ found: false, looksLike: expect.stringContaining('perhaps an OVHcloud IAM personal access token') });
    });
  });
});
