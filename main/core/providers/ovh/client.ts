/**
 * The OVHcloud Logs Data Platform client: one per account. Plain Node (`fetch`), no Electron.
 *
 *   const ovh = createOvhClient({ endpoint: 'ovh-eu', auth: { mode: 'consumer-key', applicationKey, applicationSecret, consumerKey } });
 *   const all = await ovh.listAccountTokens();
 *   const token = await ovh.createToken('ldp-ab-12345', { name: 'ci-reader' });
 *
 * Rules it keeps (details in docs/providers/ovh.md):
 *  - at most `maxInFlight` requests in flight (default 8), retries only for GET (transport.ts);
 *  - create / delete are POST / DELETE, never re-sent blindly. When their outcome is unknown
 *    (connection lost, 5xx, 429, unreadable answer) the client re-reads the service (token by
 *    name, running operations, the token itself) and reports what really happened (token-recovery.ts);
 *  - 403 Busy (one operation at a time per service) -> wait and send again, bounded (busy.ts);
 *  - IAM-enabled services: told apart and explained, remembered, and never asked again for
 *    legacy tokens (IAM cannot be switched off, so the memory never goes stale; known-iam-services.ts).
 *
 * This file wires one account's transports, authorizer and policies, and assembles the client
 * from its parts: service-reads.ts, token-reads.ts, token-changes.ts. Its types: client-types.ts.
 */
import type * as v from 'valibot';
import { systemClock } from '../../net/clock';
import { createLimiter, DEFAULT_MAX_IN_FLIGHT } from '../../net/limiter';
import { createConsumerKeyAuthorizer, createOAuth2Authorizer, requestOAuth2Token, type Authorizer } from './signing';
import type { ClientContext } from './client-context';
import type { OvhClient, OvhClientOptions } from './client-types';
import { apiRootUrl, requireText, resolveEndpoint } from './endpoints';
import { createOvhIamClient } from './iam';
import { createKnownIamServices } from './known-iam-services';
import { DEFAULT_POLLING, type PollingPolicy } from './operations';
import { createServiceReads } from './service-reads';
import { createTokenChanges } from './token-changes';
import { createTokenReads } from './token-reads';
import { createTransport, DEFAULT_BUSY, type BusyPolicy, type OvhAnswer, type OvhCall, type Transport } from './transport';
import { ServerTime } from './types';
import { verifyIamToken, verifyLdpToken } from './verify';

export function createOvhClient(options: OvhClientOptions): OvhClient {
  const auth = options.auth;
  const endpoint = resolveEndpoint(options.endpoint, auth.mode === 'oauth2' ? auth.tokenUrl : undefined);
  const clock = options.clock ?? systemClock;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const limiter = createLimiter({ maxInFlight: options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT, clock });
  const polling: PollingPolicy = { ...DEFAULT_POLLING, ...options.polling };
  const busy: BusyPolicy = { ...DEFAULT_BUSY, ...options.busy };
  const random = options.random ?? Math.random;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;

  const base = { baseUrl: endpoint.baseUrl, fetch: fetchImpl, clock, limiter, retry: options.retry, random, requestTimeoutMs };
  const plain = createTransport(base);
  const serverTime = async (signal?: AbortSignal): Promise<number> =>
    (await plain.request({ method: 'GET', path: '/auth/time', schema: ServerTime, auth: 'none', signal })).data;

  let authorizer: Authorizer;
  if (auth.mode === 'consumer-key') {
    requireText(auth.applicationKey, 'applicationKey');
    requireText(auth.applicationSecret, 'applicationSecret');
    requireText(auth.consumerKey, 'consumerKey');
    authorizer = createConsumerKeyAuthorizer({ ...auth, clock, fetchServerTime: serverTime });
  } else {
    requireText(auth.clientId, 'clientId');
    requireText(auth.clientSecret, 'clientSecret');
    authorizer = createOAuth2Authorizer({
      clientSecret: auth.clientSecret,
      clock,
      fetchToken: (signal) =>
        requestOAuth2Token({ tokenUrl: endpoint.oauth2TokenUrl, clientId: auth.clientId, clientSecret: auth.clientSecret, fetch: fetchImpl, clock, limiter, timeoutMs: requestTimeoutMs, retry: options.retry, random, ...(signal ? { signal } : {}) }),
    });
  }
  const api: Transport = createTransport({ ...base, authorizer });
  // API v2 (`/v2/iam/...`): same account, same signer, same cap; the base loses its `/1.0` (reference §1.1).
  const apiRoot: Transport = createTransport({ ...base, baseUrl: apiRootUrl(endpoint.baseUrl), authorizer });
  const call = <T>(c: OvhCall<T>): Promise<OvhAnswer<T>> => api.request(c);
  const get = async <T>(path: string, schema: v.GenericSchema<unknown, T>, signal?: AbortSignal, query?: Record<string, string | undefined>): Promise<T> =>
    (await call({ method: 'GET', path, schema, signal, ...(query ? { query } : {}) })).data;

  const iamServices = createKnownIamServices();
  const ctx: ClientContext = { call, get, clock, random, polling, busy, iamServices, self: () => client };
  const reads = createServiceReads(ctx);
  const tokenReads = createTokenReads(ctx);
  const changes = createTokenChanges(ctx);

  const client: OvhClient = {
    endpoint,
    authMode: auth.mode,
    serverTime,

    currentCredential: reads.currentCredential,
    listServiceNames: reads.listServiceNames,
    getService: reads.getService,
    listServices: reads.listServices,
    listClusterIds: reads.listClusterIds,
    getCluster: reads.getCluster,
    listClusters: reads.listClusters,
    getUrls: reads.getUrls,
    tokenEndpoints: reads.tokenEndpoints,

    listTokenIds: tokenReads.listTokenIds,
    getToken: tokenReads.getToken,
    listTokens: tokenReads.listTokens,
    listAccountTokens: tokenReads.listAccountTokens,

    listOperationIds: reads.listOperationIds,
    getOperation: reads.getOperation,

    createToken: changes.createToken,
    deleteToken: changes.deleteToken,

    verifyToken: (input) => verifyLdpToken(input, fetchImpl),

    iam: createOvhIamClient({ v1: api, root: apiRoot, now: () => clock.now(), ...(options.iamPolicyPageSize ? { policyPageSize: options.iamPolicyPageSize } : {}) }),
    verifyIamToken: (input) => verifyIamToken(input, fetchImpl),

    isIamEnabled: (serviceName) => iamServices.isEnabled(serviceName),
  };

  return client;
}
