/**
 * The OVHcloud Logs Data Platform client: one per account. Plain Node (`fetch`), no Electron.
 *
 *   const ovh = createOvhClient({ endpoint: 'ovh-eu', auth: { mode: 'consumer-key', applicationKey, applicationSecret, consumerKey } });
 *   const all = await ovh.listAccountTokens();
 *   const token = await ovh.createToken('ldp-ab-12345', { name: 'ci-reader' });
 *
 * Rules it keeps (details in docs/providers/ovh.md):
 *  - at most `maxInFlight` requests in flight (default 8), retries only for GET (transport.ts);
 *  - create / delete are POST / DELETE, never re-sent blindly: when their outcome is unknown the
 *    client re-reads the service and reports what really happened (ldp-tokens.ts);
 *  - 403 Busy (one operation at a time per service) -> wait and send again, bounded (transport.ts);
 *  - IAM-enabled services: told apart and explained, remembered, and never asked again for
 *    legacy tokens (services.ts).
 *
 * This file holds the client's options and shape, and builds one account's parts bottom-up:
 * transports (API v1 and the API root for `/v2`) with their authorizer, then the service reads,
 * the operations, the LDP tokens and the streams' write tokens, each handed what it uses; IAM routes
 * on the same transports.
 */
import { systemClock, type Clock } from '../../net/clock';
import { createLimiter, DEFAULT_MAX_IN_FLIGHT } from '../../net/limiter';
import type { RetryPolicy } from '../../net/retry';
import { apiRootUrl, requireText, resolveEndpoint, type OvhApiTarget, type ResolvedEndpoint } from './endpoints';
import { createOvhIamClient, type OvhIamClient } from './iam';
import { createLdpTokens, type LdpTokens } from './ldp-tokens';
import { createOperations, DEFAULT_POLLING, type OperationReads, type PollingPolicy } from './operations';
import { createKnownIamServices, createServiceReads, type ServiceReads } from './services';
import { createStreamReads, type StreamReads } from './streams';
import { createConsumerKeyAuthorizer, createOAuth2Authorizer, requestOAuth2Token, type Authorizer } from './signing';
import { createTransport, DEFAULT_BUSY, type BusyPolicy } from './transport';
import { ServerTime } from './types';
import { verifyIamToken, verifyLdpToken, type TokenVerification, type VerifyTokenInput } from './verify';

export type OvhAuth =
  | { mode: 'consumer-key'; applicationKey: string; applicationSecret: string; consumerKey: string }
  | { mode: 'oauth2'; clientId: string; clientSecret: string; tokenUrl?: string };

export interface OvhClientOptions {
  endpoint: OvhApiTarget;
  auth: OvhAuth;
  /** Politeness cap for this account (default 8). */
  /** Requests in flight at most: a number, or a function read at each request (the live setting). */
  maxInFlight?: number | (() => number);
  fetch?: typeof fetch;
  clock?: Clock;
  /** 0 <= x < 1, for backoff jitter. */
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Per request, headers and body included (default 30 s). */
  requestTimeoutMs?: number;
  polling?: Partial<PollingPolicy>;
  busy?: Partial<BusyPolicy>;
  /** `X-Pagination-Size` for IAM policy listings; not sent by default (the maximum is unverified). */
  iamPolicyPageSize?: number;
}

export interface OvhClient extends ServiceReads, OperationReads, LdpTokens, StreamReads {
  readonly endpoint: ResolvedEndpoint;
  readonly authMode: OvhAuth['mode'];
  /** `GET /auth/time`: the server's Unix time in seconds. */
  serverTime(signal?: AbortSignal): Promise<number>;
  verifyToken(input: VerifyTokenInput): Promise<TokenVerification>;
  /** OVHcloud IAM: local users, their personal access tokens, IAM policies (`/v2`), who reaches which service. */
  readonly iam: OvhIamClient;
  /** A personal access token: Bearer on Graylog and OpenSearch, hybrid `pat_jwt_` Basic on OpenSearch. */
  verifyIamToken(input: VerifyTokenInput & { patUser?: string }): Promise<TokenVerification>;
  /** True / false once known (from the service or a 403 IAMService), undefined before. */
  isIamEnabled(serviceName: string): boolean | undefined;
}

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
        requestOAuth2Token({
          tokenUrl: endpoint.oauth2TokenUrl,
          clientId: auth.clientId,
          clientSecret: auth.clientSecret,
          fetch: fetchImpl,
          clock,
          limiter,
          timeoutMs: requestTimeoutMs,
          retry: options.retry,
          random,
          ...(signal ? { signal } : {}),
        }),
    });
  }
  const api = createTransport({ ...base, authorizer });
  // API v2 (`/v2/iam/...`): same account, same signer, same cap; the base loses its `/1.0`.
  const apiRoot = createTransport({ ...base, baseUrl: apiRootUrl(endpoint.baseUrl), authorizer });

  const iamServices = createKnownIamServices();
  const services = createServiceReads(api, iamServices);
  const operations = createOperations(api, { clock, policy: polling });
  const tokens = createLdpTokens({ api, services, operations, iamServices, clock, random, busy });

  return {
    endpoint,
    authMode: auth.mode,
    serverTime,
    ...services,
    listOperationIds: operations.listOperationIds,
    getOperation: operations.getOperation,
    ...tokens,
    ...createStreamReads(api),
    verifyToken: (input) => verifyLdpToken(input, fetchImpl),
    iam: createOvhIamClient({
      v1: api,
      root: apiRoot,
      now: () => clock.now(),
      ...(options.iamPolicyPageSize ? { policyPageSize: options.iamPolicyPageSize } : {}),
    }),
    verifyIamToken: (input) => verifyIamToken(input, fetchImpl),
    isIamEnabled: (serviceName) => iamServices.isEnabled(serviceName),
  };
}
