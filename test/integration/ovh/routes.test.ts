import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { IAM_EXPLANATION } from '../../../main/core/providers/ovh';
import { consumerKeyClient, failure, oauth2Client, useEmulator } from './helpers';

const emulator = useEmulator({ knobs: { operationDelayMs: 30 } });

describe('OVH client: every read route, against the emulator over HTTP', () => {
  it('lists services with the documented fields and nullability', async () => {
    const emu = await emulator.start();
    const a = emu.addService({ displayName: null, plan: 'ENTERPRISE' });
    const b = emu.addService({ isIamEnabled: true });
    const client = consumerKeyClient(emu);

    expect(await client.listServiceNames()).toEqual([a.serviceName, b.serviceName]);
    const services = await client.listServices();
    expect(services.map((s) => s.serviceName)).toEqual([a.serviceName, b.serviceName]);
    const [first, second] = services;
    expect(Object.keys(first!).sort()).toEqual(
      ['createdAt', 'displayName', 'iam', 'isClusterOwner', 'isIamEnabled', 'plan', 'serviceName', 'state', 'updatedAt', 'username'].sort(),
    );
    expect(first).toMatchObject({
      displayName: null,
      updatedAt: null,
      iam: null,
      plan: 'ENTERPRISE',
      state: 'ENABLED',
      isIamEnabled: false,
      username: a.username,
    });
    expect(first!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(second).toMatchObject({ isIamEnabled: true, iam: { urn: `urn:v1:eu:resource:ldp:${b.serviceName}` } });
    expect(emu.apiRequests({ method: 'GET', path: '/dbaas/logs*' }).map((r) => r.path)).toEqual([
      '/dbaas/logs',
      '/dbaas/logs',
      `/dbaas/logs/${a.serviceName}`,
      `/dbaas/logs/${b.serviceName}`,
    ]);
  });

  it('reads clusters (default one included) and the service URLs', async () => {
    const emu = await emulator.start();
    const service = emu.addService({ clusters: 2 });
    const client = consumerKeyClient(emu);
    const clusters = await client.listClusters(service.serviceName);
    expect(clusters.map((c) => c.clusterId)).toEqual(service.clusters.map((c) => c.clusterId));
    expect(clusters.filter((c) => c.isDefault)).toHaveLength(1);
    expect(clusters[0]).toMatchObject({ hostname: service.clusters[0]!.hostname, isDefault: true, clusterType: 'SHARED', region: 'GRA' });

    const urls = await client.getUrls(service.serviceName);
    expect(urls).toContainEqual({ type: 'GRAYLOG_API', address: `${emu.graylogUrl}/api` });
    expect(urls).toContainEqual({ type: 'OPENSEARCH_API', address: emu.opensearchUrl });

    expect(await client.tokenEndpoints(service.serviceName)).toEqual({ graylogUrl: `${emu.graylogUrl}/api`, opensearchUrl: emu.opensearchUrl });
    expect(await client.tokenEndpoints(service.serviceName, service.clusters[0]!.clusterId)).toEqual({
      graylogUrl: `${emu.graylogUrl}/api`,
      opensearchUrl: emu.opensearchUrl,
    });
    const other = service.clusters[1]!;
    expect(await client.tokenEndpoints(service.serviceName, other.clusterId)).toEqual({
      graylogUrl: `https://${other.hostname}/api`,
      opensearchUrl: `https://${other.hostname}:9200`,
    });
  });

  it('lists token ids (with namePattern) and reads tokens with their value', async () => {
    const emu = await emulator.start();
    const service = emu.addService({ tokens: 0 });
    const ci = emu.addToken(service.serviceName, { name: 'ci-reader' });
    const other = emu.addToken(service.serviceName, { name: 'grafana', clusterId: null });
    const client = consumerKeyClient(emu);

    expect(await client.listTokenIds(service.serviceName)).toEqual([ci.tokenId, other.tokenId]);
    expect(await client.listTokenIds(service.serviceName, { namePattern: 'ci' })).toEqual([ci.tokenId]);
    expect(emu.apiRequests({ path: `/dbaas/logs/${service.serviceName}/token` }).at(-1)!.path).toBe(`/dbaas/logs/${service.serviceName}/token?namePattern=ci`);

    const token = await client.getToken(service.serviceName, ci.tokenId);
    expect(token).toEqual({
      tokenId: ci.tokenId,
      name: 'ci-reader',
      value: ci.value,
      clusterId: service.clusters[0]!.clusterId,
      createdAt: ci.createdAt,
      updatedAt: null,
    });
    expect(token.value).toMatch(/^[a-z0-9]{51}$/);

    const listing = await client.listTokens(service.serviceName);
    expect(listing.status).toBe('ok');
    expect(listing.status === 'ok' && listing.tokens.map((t) => [t.name, t.clusterId])).toEqual([
      ['ci-reader', service.clusters[0]!.clusterId],
      ['grafana', null],
    ]);
  });

  it('skips a token deleted by someone else between the id list and its read', async () => {
    const emu = await emulator.start();
    const service = emu.addService({ tokens: 3 });
    const [gone] = [...service.tokens.keys()];
    // Another admin deletes a token right after our id list was answered.
    const racingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (String(input).endsWith(`/dbaas/logs/${service.serviceName}/token`)) service.tokens.delete(gone!);
      return res;
    };
    const listing = await consumerKeyClient(emu, { fetch: racingFetch }).listTokens(service.serviceName);
    expect(listing.status === 'ok' && listing.tokens.map((t) => t.tokenId)).toEqual([...service.tokens.keys()]);
    expect(emu.apiRequests({ path: `/dbaas/logs/${service.serviceName}/token/${gone}` }).map((r) => r.status)).toEqual([404]);
  });

  it('lists operations and reads one', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    const client = consumerKeyClient(emu);
    const token = await client.createToken(service.serviceName, { name: 'ci' });
    const [operationId] = await client.listOperationIds(service.serviceName);
    const op = await client.getOperation(service.serviceName, operationId!);
    expect(op).toMatchObject({ operationId, serviceName: service.serviceName, state: 'SUCCESS', tokenId: token.tokenId });
  });

  it('lists a whole account; IAM-enabled services are explained and never asked for legacy tokens', async () => {
    const emu = await emulator.start();
    const names = emu.seedMany({ services: 3, tokensPerService: 4, iamServices: 1 });
    const client = consumerKeyClient(emu);
    const all = await client.listAccountTokens();
    expect(all.map((s) => [s.serviceName, s.status])).toEqual([
      [names[0], 'iam-enabled'],
      [names[1], 'ok'],
      [names[2], 'ok'],
    ]);
    expect(all[0]!.status === 'iam-enabled' && all[0]!.explanation).toBe(IAM_EXPLANATION);
    expect(all[1]!.status === 'ok' && all[1]!.tokens).toHaveLength(4);
    expect(emu.apiRequests({ path: `/dbaas/logs/${names[0]}/token*` })).toHaveLength(0);
    expect(client.isIamEnabled(names[0]!)).toBe(true);
  });

  it('learns IAM from one 403, then answers from memory without asking again', async () => {
    const emu = await emulator.start();
    const service = emu.addService({ isIamEnabled: true });
    const client = consumerKeyClient(emu);
    expect(client.isIamEnabled(service.serviceName)).toBeUndefined();

    const first = await client.listTokens(service.serviceName);
    expect(first).toEqual({ status: 'iam-enabled', serviceName: service.serviceName, explanation: IAM_EXPLANATION });
    const refused = emu.apiRequests({ path: `/dbaas/logs/${service.serviceName}/token` });
    expect(refused.map((r) => r.status)).toEqual([403]);

    expect(await client.listTokens(service.serviceName)).toEqual(first);
    const create = await failure<AppError>(client.createToken(service.serviceName, { name: 'ci' }));
    const remove = await failure<AppError>(client.deleteToken(service.serviceName, '0b2c6f8e-8f2a-4d0e-9a55-7e0c1a2b3c4d'));
    for (const error of [create, remove]) {
      expect(error.code).toBe('forbidden');
      expect(error.message).toBe(IAM_EXPLANATION);
      // The 403 that taught the client is what support sees.
      expect(error.provider).toMatchObject({ errorClass: 'Client::Forbidden::IAMService', status: 403, requestId: refused[0]!.queryId });
    }
    expect(emu.apiRequests({ path: `/dbaas/logs/${service.serviceName}/token*` })).toHaveLength(1);
  });

  it('maps not-found and invalid ids to clear errors that keep class, status and query id', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    const client = consumerKeyClient(emu);
    const missing = '0b2c6f8e-8f2a-4d0e-9a55-7e0c1a2b3c4d';
    const cases = [
      [() => client.getService('ldp-zz-00000'), 'not-found', 'Client::NotFound::ServiceNotFound', 404],
      [() => client.listTokenIds('ldp-zz-00000'), 'not-found', 'Client::NotFound::ServiceDoesNotExists', 404],
      [() => client.getToken(service.serviceName, missing), 'not-found', 'Client::NotFound::TokenDoesNotExists', 404],
      [() => client.getCluster(service.serviceName, missing), 'not-found', 'Client::NotFound::ClusterDoesNotExists', 404],
      [() => client.getOperation(service.serviceName, missing), 'not-found', 'Client::NotFound::OperationDoesNotExists', 404],
    ] as const;
    for (const [run, code, errorClass, status] of cases) {
      const error = await failure<AppError>(run());
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe(code);
      expect(error.provider).toMatchObject({ provider: 'ovh', errorClass, status });
      const received = emu.requestLog.find((r) => r.queryId === error.provider?.requestId);
      expect(received?.status).toBe(status); // the query id is the one the API sent for that request
    }
  });

  it('serves the same routes to an OAuth2 service account', async () => {
    const emu = await emulator.start();
    const [name] = emu.seedMany({ services: 1, tokensPerService: 3 });
    const client = oauth2Client(emu);
    const listing = await client.listTokens(name!);
    expect(listing.status === 'ok' && listing.tokens).toHaveLength(3);
    expect((await client.listClusters(name!)).length).toBe(2);
  });

  it('refuses a service name, id or login that would change the route, naming the field, and sends nothing', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    const client = consumerKeyClient(emu);
    const sn = service.serviceName;
    const id = '0b2c6f8e-8f2a-4d0e-9a55-7e0c1a2b3c4d';
    const cases: Array<[string, () => Promise<unknown>, string]> = [
      // `..` would turn the create into POST /1.0/dbaas/token.
      ['create on ..', () => client.createToken('..', { name: 'ci' }), 'serviceName: must look like ldp-ab-12345'],
      ['delete on .', () => client.deleteToken('.', id), 'serviceName: must look like ldp-ab-12345'],
      ['service with a slash', () => client.getService(`${sn}/token`), 'serviceName: must look like ldp-ab-12345'],
      ['service with ?', () => client.listTokenIds(`${sn}?x=1`), 'serviceName: must look like ldp-ab-12345'],
      ['service with #', () => client.listClusterIds(`${sn}#x`), 'serviceName: must look like ldp-ab-12345'],
      ['service with %', () => client.getUrls('ldp%2F..'), 'serviceName: must look like ldp-ab-12345'],
      ['token id ..', () => client.getToken(sn, '..'), 'tokenId: must be a UUID'],
      ['token id not a UUID', () => client.deleteToken(sn, 'not-a-uuid'), 'tokenId: must be a UUID'],
      ['cluster id', () => client.getCluster(sn, '../..'), 'clusterId: must be a UUID'],
      ['operation id', () => client.getOperation(sn, `${id}/..`), 'operationId: must be a UUID'],
      ['user ..', () => client.iam.getUser('..'), 'user: cannot be . or .., nor contain / \\ ? # % or control characters'],
      [
        'user with its account id',
        () => client.iam.listTokenNames('xx1111-ovh/alice'),
        'user: must be the login without the account id (the part after the /)',
      ],
      ['PAT name ..', () => client.iam.deleteToken('alice', '..'), 'name: cannot be . or .., nor contain / \\ ? # % or control characters'],
      ['PAT name with ?', () => client.iam.getToken('alice', 'ci?x=1'), 'name: cannot be . or .., nor contain / \\ ? # % or control characters'],
    ];
    for (const [what, run, issue] of cases) {
      const error = await failure<AppError>(run());
      expect(error, what).toBeInstanceOf(AppError);
      expect(error.code, what).toBe('invalid-input');
      expect(error.issues, what).toEqual([issue]);
      expect(error.message, what).toMatch(/^(serviceName|tokenId|clusterId|operationId|user|name) /);
    }
    expect(emu.apiRequests()).toEqual([]);
  });
});
