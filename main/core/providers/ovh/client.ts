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
 *    name, running operations, the token itself) and reports what really happened;
 *  - 403 Busy (one operation at a time per service) -> wait and send again, bounded;
 *  - IAM-enabled services: told apart and explained, remembered, and never asked again for
 *    legacy tokens (IAM cannot be switched off, so the memory never goes stale).
 */
import { setMaxListeners } from 'node:events';
import * as v from 'valibot';
import { AppError, toErrorPayload, type ErrorPayload, type ProviderErrorInfo } from '../../errors';
import { systemClock, type Clock } from '../../net/clock';
import { createLimiter, DEFAULT_MAX_IN_FLIGHT } from '../../net/limiter';
import type { RetryPolicy } from '../../net/retry';
import { createConsumerKeyAuthorizer, createOAuth2Authorizer, type Authorizer } from './auth';
import { apiRootUrl, resolveEndpoint, seg, type OvhEndpoint, type ResolvedEndpoint } from './endpoints';
import { hasOvhCode, IAM_EXPLANATION, OvhRequestError, withNote } from './errors';
import { createOvhIamClient, type OvhIamClient } from './iam';
import { requestOAuth2Token } from './oauth2';
import { DEFAULT_POLLING, isOperationFinished, waitForOperation, type OperationProgress, type PollingPolicy } from './operations';
import { createTransport, type OvhAnswer, type OvhCall, type Transport } from './transport';
import {
  ClusterSchema,
  CredentialInfoSchema,
  OperationSchema,
  ServerTime,
  ServiceSchema,
  StringList,
  TokenSchema,
  UrlListSchema,
  type OvhCluster,
  type OvhCredentialInfo,
  type OvhOperation,
  type OvhService,
  type OvhServiceUrl,
  type OvhToken,
} from './types';
import { verifyIamToken, verifyLdpToken, type TokenVerification, type VerifyTokenInput } from './verify';

export type OvhAuth =
  | { mode: 'consumer-key'; applicationKey: string; applicationSecret: string; consumerKey: string }
  | { mode: 'oauth2'; clientId: string; clientSecret: string; tokenUrl?: string };

export interface BusyPolicy {
  /** First wait after a 403 Busy; doubles up to maxDelayMs, with jitter. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Give up (code 'busy') once this much time was spent waiting. */
  maxWaitMs: number;
}

export const DEFAULT_BUSY: BusyPolicy = { initialDelayMs: 1_000, maxDelayMs: 5_000, maxWaitMs: 60_000 };

export interface OvhClientOptions {
  endpoint: OvhEndpoint;
  auth: OvhAuth;
  /** Politeness cap for this account (default 8). */
  maxInFlight?: number;
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

export interface TokenInput {
  name: string;
  /** Cluster to attach the token to; the service's default cluster when omitted. */
  clusterId?: string | null;
}

export interface OperationOptions {
  onProgress?: (progress: OperationProgress) => void;
  /** The service answered 403 Busy; the client waits `waitMs` and sends again (attempt = 1, 2, …). */
  onBusy?: (info: { attempt: number; waitMs: number }) => void;
  signal?: AbortSignal;
}

export type OvhTokenListing =
  | { status: 'ok'; serviceName: string; tokens: OvhToken[] }
  | { status: 'iam-enabled'; serviceName: string; explanation: string };

export type OvhServiceTokens =
  | { status: 'ok'; serviceName: string; service: OvhService; tokens: OvhToken[] }
  | { status: 'iam-enabled'; serviceName: string; service: OvhService; explanation: string }
  | { status: 'error'; serviceName: string; service: OvhService | null; error: ErrorPayload };

export interface OvhDeleteResult {
  tokenId: string;
  /** The delete operation, or null when the answer was lost and a re-read showed the token gone. */
  operationId: string | null;
}

export interface OvhTokenEndpoints {
  graylogUrl: string | undefined;
  opensearchUrl: string | undefined;
}

export interface OvhClient {
  readonly endpoint: ResolvedEndpoint;
  readonly authMode: OvhAuth['mode'];
  /** `GET /auth/time`: the server's Unix time in seconds. */
  serverTime(signal?: AbortSignal): Promise<number>;
  /** `GET /auth/currentCredential` (consumer-key mode). */
  currentCredential(options?: { signal?: AbortSignal; recoverAuth?: boolean }): Promise<OvhCredentialInfo>;
  listServiceNames(signal?: AbortSignal): Promise<string[]>;
  getService(serviceName: string, signal?: AbortSignal): Promise<OvhService>;
  /** Names, then every service in parallel (within the cap). */
  listServices(signal?: AbortSignal): Promise<OvhService[]>;
  listClusterIds(serviceName: string, signal?: AbortSignal): Promise<string[]>;
  getCluster(serviceName: string, clusterId: string, signal?: AbortSignal): Promise<OvhCluster>;
  listClusters(serviceName: string, signal?: AbortSignal): Promise<OvhCluster[]>;
  /** `GET /dbaas/logs/{service}/url`: the API's own list of the service's endpoints. */
  getUrls(serviceName: string, signal?: AbortSignal): Promise<OvhServiceUrl[]>;
  /** Graylog API and OpenSearch API addresses to verify a token of that cluster against. */
  tokenEndpoints(serviceName: string, clusterId?: string | null, signal?: AbortSignal): Promise<OvhTokenEndpoints>;
  listTokenIds(serviceName: string, options?: { namePattern?: string; signal?: AbortSignal }): Promise<string[]>;
  /** The token, its secret value included. */
  getToken(serviceName: string, tokenId: string, signal?: AbortSignal): Promise<OvhToken>;
  /** Ids, then every token in parallel (within the cap). An IAM-enabled service gives `status: 'iam-enabled'`. */
  listTokens(serviceName: string, signal?: AbortSignal): Promise<OvhTokenListing>;
  /** Every service of the account with its tokens; one failing service does not hide the others. */
  listAccountTokens(signal?: AbortSignal): Promise<OvhServiceTokens[]>;
  listOperationIds(serviceName: string, signal?: AbortSignal): Promise<string[]>;
  getOperation(serviceName: string, operationId: string, signal?: AbortSignal): Promise<OvhOperation>;
  /** POST, wait for the operation, read `tokenId` from the finished operation, GET the token. */
  createToken(serviceName: string, input: TokenInput, options?: OperationOptions): Promise<OvhToken>;
  /** DELETE, wait for the operation. */
  deleteToken(serviceName: string, tokenId: string, options?: OperationOptions): Promise<OvhDeleteResult>;
  verifyToken(input: VerifyTokenInput): Promise<TokenVerification>;
  /** OVHcloud IAM: local users, their personal access tokens, IAM policies (`/v2`), who reaches which service. */
  readonly iam: OvhIamClient;
  /** A personal access token: Bearer on Graylog and OpenSearch, hybrid `pat_jwt_` Basic on OpenSearch. */
  verifyIamToken(input: VerifyTokenInput & { patUser?: string }): Promise<TokenVerification>;
  /** True / false once known (from the service or a 403 IAMService), undefined before. */
  isIamEnabled(serviceName: string): boolean | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Choice: on an unknown create outcome, look at no more than the last 100 operations of the service. */
const RECOVERY_OPERATION_LOOKBACK = 100;

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new AppError('invalid-input', `${field} is required.`, { issues: [`${field}: is required`] });
  return value;
}

function requireUuid(value: unknown, field: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw new AppError('invalid-input', `${field} must be a UUID.`, { issues: [`${field}: must be a UUID`] });
  return value;
}

/**
 * A signal for many parallel requests (each of which listens to it): no listener limit, follows
 * the caller's signal, and can be aborted on its own (to cancel the rest after a failure).
 */
function fanOut(parent?: AbortSignal): { signal: AbortSignal; abort(reason: unknown): void; done(): void } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const forward = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) forward();
  else parent?.addEventListener('abort', forward, { once: true });
  return { signal: controller.signal, abort: (reason) => controller.abort(reason), done: () => parent?.removeEventListener('abort', forward) };
}

/** Runs `each` on every item in parallel (within the cap); the first failure cancels the rest and is thrown. */
async function allOrFirstError<I, T>(items: readonly I[], each: (item: I, signal: AbortSignal) => Promise<T>, parent?: AbortSignal): Promise<T[]> {
  const fan = fanOut(parent);
  let failure: { error: unknown } | undefined;
  try {
    const results = await Promise.allSettled(
      items.map((item) =>
        each(item, fan.signal).catch((error: unknown) => {
          if (!failure) {
            failure = { error };
            fan.abort(error);
          }
          throw error;
        }),
      ),
    );
    if (parent?.aborted) throw parent.reason;
    if (failure) throw failure.error;
    return results.map((r) => (r as PromiseFulfilledResult<T>).value);
  } finally {
    fan.done();
  }
}

export function createOvhClient(options: OvhClientOptions): OvhClient {
  const auth = options.auth;
  const endpoint = resolveEndpoint(options.endpoint, auth.mode === 'oauth2' ? auth.tokenUrl : undefined);
  const clock = options.clock ?? systemClock;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const limiter = createLimiter({ maxInFlight: options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT, sleep: (ms) => clock.sleep(ms) });
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

  // ---- IAM-enabled services ------------------------------------------------------------------
  const iam = new Map<string, { enabled: boolean; provider?: ProviderErrorInfo }>();
  const learnIam = (error: unknown, serviceName: string): void => {
    if (hasOvhCode(error, 'Client::Forbidden::IAMService')) iam.set(serviceName, { enabled: true, ...((error as AppError).provider ? { provider: (error as AppError).provider! } : {}) });
  };
  const refuseIfIam = (serviceName: string): void => {
    const known = iam.get(serviceName);
    if (!known?.enabled) return;
    const provider: ProviderErrorInfo = known.provider ?? { provider: 'ovh', errorClass: 'Client::Forbidden::IAMService', message: 'isIamEnabled is true on this service' };
    throw new AppError('forbidden', IAM_EXPLANATION, { provider });
  };
  /** Runs a token route; a 403 IAMService teaches the client about the service. */
  const tokenRoute = async <T>(serviceName: string, run: () => Promise<T>): Promise<T> => {
    refuseIfIam(serviceName);
    try {
      return await run();
    } catch (error) {
      learnIam(error, serviceName);
      throw error;
    }
  };

  const svc = (serviceName: string): string => `/dbaas/logs/${seg(requireText(serviceName, 'serviceName'))}`;

  // ---- reads ----------------------------------------------------------------------------------
  const client: OvhClient = {
    endpoint,
    authMode: auth.mode,
    serverTime,

    async currentCredential(o = {}) {
      return (await call({ method: 'GET', path: '/auth/currentCredential', schema: CredentialInfoSchema, signal: o.signal, ...(o.recoverAuth === false ? { recoverAuth: false } : {}) })).data;
    },

    listServiceNames: (signal) => get('/dbaas/logs', StringList, signal),

    async getService(serviceName, signal) {
      const service = await get(svc(serviceName), ServiceSchema, signal);
      // IAM cannot be switched off (IAMNoRevert): never forget a service learned as IAM-enabled.
      const known = iam.get(serviceName);
      if (!known || (service.isIamEnabled && !known.enabled)) iam.set(serviceName, { enabled: service.isIamEnabled });
      return service;
    },

    async listServices(signal) {
      const names = await client.listServiceNames(signal);
      return allOrFirstError(names, (name, fan) => client.getService(name, fan), signal);
    },

    listClusterIds: (serviceName, signal) => get(`${svc(serviceName)}/cluster`, StringList, signal),
    getCluster: (serviceName, clusterId, signal) => get(`${svc(serviceName)}/cluster/${seg(requireText(clusterId, 'clusterId'))}`, ClusterSchema, signal),
    async listClusters(serviceName, signal) {
      const ids = await client.listClusterIds(serviceName, signal);
      return allOrFirstError(ids, (id, fan) => client.getCluster(serviceName, id, fan), signal);
    },
    getUrls: (serviceName, signal) => get(`${svc(serviceName)}/url`, UrlListSchema, signal),

    async tokenEndpoints(serviceName, clusterId, signal) {
      if (clusterId) {
        const cluster = await client.getCluster(serviceName, clusterId, signal);
        // Unverified: that `hostname` serves Graylog on 443 (/api) and OpenSearch on 9200 (reference §2.2).
        // Used only for a non-default cluster, for which `/url` (service-wide) may point elsewhere.
        if (!cluster.isDefault) return { graylogUrl: `https://${cluster.hostname}/api`, opensearchUrl: `https://${cluster.hostname}:9200` };
      }
      const urls = await client.getUrls(serviceName, signal);
      const find = (...types: string[]): string | undefined => types.map((t) => urls.find((u) => u.type === t)?.address).find(Boolean);
      return { graylogUrl: find('GRAYLOG_API'), opensearchUrl: find('OPENSEARCH_API', 'ELASTICSEARCH_API') };
    },

    listTokenIds(serviceName, o = {}) {
      return tokenRoute(serviceName, () => get(`${svc(serviceName)}/token`, StringList, o.signal, o.namePattern ? { namePattern: o.namePattern } : undefined));
    },

    getToken(serviceName, tokenId, signal) {
      return tokenRoute(serviceName, () => get(`${svc(serviceName)}/token/${seg(requireText(tokenId, 'tokenId'))}`, TokenSchema, signal));
    },

    async listTokens(serviceName, signal) {
      const iamListing = (): OvhTokenListing => ({ status: 'iam-enabled', serviceName, explanation: IAM_EXPLANATION });
      if (iam.get(serviceName)?.enabled) return iamListing();
      let ids: string[];
      try {
        ids = await client.listTokenIds(serviceName, signal ? { signal } : {});
      } catch (error) {
        if (hasOvhCode(error, 'Client::Forbidden::IAMService')) return iamListing();
        throw error;
      }
      // The first read that fails for good (after its own retries) cancels the others still queued:
      // a broken service costs a few requests, not every token times every attempt.
      const tokens = await allOrFirstError(
        ids,
        (id, fan) =>
          client.getToken(serviceName, id, fan).catch((error: unknown) => {
            // Deleted between the listing and this read: it is simply gone.
            if (hasOvhCode(error, 'Client::NotFound::TokenDoesNotExists')) return undefined;
            throw error;
          }),
        signal,
      );
      return { status: 'ok', serviceName, tokens: tokens.filter((t): t is OvhToken => t !== undefined) };
    },

    async listAccountTokens(parent) {
      const names = await client.listServiceNames(parent);
      const fan = fanOut(parent);
      const signal = fan.signal;
      return Promise.all(
        names.map(async (serviceName): Promise<OvhServiceTokens> => {
          let service: OvhService | null = null;
          try {
            service = await client.getService(serviceName, signal);
            if (service.isIamEnabled) return { status: 'iam-enabled', serviceName, service, explanation: IAM_EXPLANATION };
            const listing = await client.listTokens(serviceName, signal);
            if (listing.status === 'iam-enabled') return { status: 'iam-enabled', serviceName, service, explanation: listing.explanation };
            return { status: 'ok', serviceName, service, tokens: listing.tokens };
          } catch (error) {
            if (signal?.aborted) throw error;
            return { status: 'error', serviceName, service, error: toErrorPayload(error) };
          }
        }),
      ).finally(fan.done);
    },

    listOperationIds: (serviceName, signal) => get(`${svc(serviceName)}/operation`, StringList, signal),
    getOperation: (serviceName, operationId, signal) => get(`${svc(serviceName)}/operation/${seg(requireText(operationId, 'operationId'))}`, OperationSchema, signal),

    // ---- changes --------------------------------------------------------------------------------
    async createToken(serviceName, input, o = {}) {
      const name = requireText(input?.name, 'name');
      const clusterId = input.clusterId == null ? undefined : requireUuid(input.clusterId, 'clusterId');
      const what = `creating the token "${name}"`;
      const body = clusterId ? { name, clusterId } : { name }; // TF sends clusterId only when set
      let op: OvhAnswer<OvhOperation>;
      try {
        op = await tokenRoute(serviceName, () => whileBusy(() => call({ method: 'POST', path: `${svc(serviceName)}/token`, body, schema: OperationSchema, signal: o.signal }), o));
      } catch (error) {
        if (!(error instanceof OvhRequestError) || !error.mayHaveBeenApplied) throw error;
        // The POST may have been applied: never send it again; look at what the service has now.
        const found = await recoverCreate(serviceName, name, o).catch((reread: unknown) => {
          throw withNote(error, `Tokendesk could not check whether the token was created (${reread instanceof AppError ? reread.message : 'the check failed'}); refresh the list before trying again.`);
        });
        if (found) return found;
        throw withNote(error, `Tokendesk checked: no token named "${name}" exists on ${serviceName}, so nothing was created. You can try again.`);
      }
      const done = await waitOperation(serviceName, op.data.operationId, what, o);
      // TF: the created token's id is read from the finished operation.
      if (!done.tokenId) {
        throw new AppError('provider', `OVHcloud finished ${what} but did not say which token it created (operation ${done.operationId} has no tokenId). Refresh the list to see it.`, {
          provider: { provider: 'ovh', status: 200, message: 'a tokenId should be returned in operation but is missing', path: `GET ${svc(serviceName)}/operation/${done.operationId}` },
        });
      }
      return client.getToken(serviceName, done.tokenId, o.signal);
    },

    async deleteToken(serviceName, tokenId, o = {}) {
      requireText(tokenId, 'tokenId');
      let op: OvhAnswer<OvhOperation>;
      try {
        op = await tokenRoute(serviceName, () => whileBusy(() => call({ method: 'DELETE', path: `${svc(serviceName)}/token/${seg(tokenId)}`, schema: OperationSchema, signal: o.signal }), o));
      } catch (error) {
        if (!(error instanceof OvhRequestError) || !error.mayHaveBeenApplied) throw error;
        const gone = await recoverDelete(serviceName, tokenId, o).catch((reread: unknown) => {
          throw withNote(error, `Tokendesk could not check whether the token was deleted (${reread instanceof AppError ? reread.message : 'the check failed'}); refresh the list before trying again.`);
        });
        if (gone) return { tokenId, operationId: null };
        throw withNote(error, 'Tokendesk checked: the token still exists, so nothing was deleted. You can try again.');
      }
      await waitOperation(serviceName, op.data.operationId, 'deleting the token', o);
      return { tokenId, operationId: op.data.operationId };
    },

    verifyToken: (input) => verifyLdpToken(input, fetchImpl),

    iam: createOvhIamClient({ v1: api, root: apiRoot, now: () => clock.now(), ...(options.iamPolicyPageSize ? { policyPageSize: options.iamPolicyPageSize } : {}) }),
    verifyIamToken: (input) => verifyIamToken(input, fetchImpl),

    isIamEnabled: (serviceName) => iam.get(serviceName)?.enabled,
  };

  /** Sends again after 403 Busy (one operation at a time per service), with growing jittered waits, bounded. */
  async function whileBusy<T>(send: () => Promise<T>, o: OperationOptions): Promise<T> {
    const start = clock.monotonic();
    let delay = busy.initialDelayMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await send();
      } catch (error) {
        if (!hasOvhCode(error, 'Client::Forbidden::Busy')) throw error;
        const wait = Math.round(delay / 2 + random() * (delay / 2));
        if (clock.monotonic() - start + wait > busy.maxWaitMs) throw error;
        o.onBusy?.({ attempt, waitMs: wait });
        await clock.sleep(wait, o.signal);
        delay = Math.min(busy.maxDelayMs, delay * 2);
      }
    }
  }

  function waitOperation(serviceName: string, operationId: string, what: string, o: OperationOptions): Promise<OvhOperation> {
    return waitForOperation({
      serviceName,
      operationId,
      what,
      clock,
      policy: polling,
      onProgress: o.onProgress,
      signal: o.signal,
      poll: (signal) => call({ method: 'GET', path: `${svc(serviceName)}/operation/${seg(operationId)}`, schema: OperationSchema, signal }),
    });
  }

  /**
   * Choice (unverified `namePattern` semantics, "like"): with the exact name as pattern, every
   * plausible reading (SQL LIKE, substring, glob) returns a superset of the exact match, so we
   * filter on the exact name ourselves.
   */
  async function findTokenByName(serviceName: string, name: string, signal?: AbortSignal): Promise<OvhToken | undefined> {
    const ids = await client.listTokenIds(serviceName, { namePattern: name, ...(signal ? { signal } : {}) });
    for (const id of ids) {
      const token = await client.getToken(serviceName, id, signal).catch((error: unknown) => {
        if (hasOvhCode(error, 'Client::NotFound::TokenDoesNotExists')) return undefined;
        throw error;
      });
      if (token?.name === name) return token;
    }
    return undefined;
  }

  /** Operations of the service that have not finished (possibly the one our lost answer started). */
  async function runningOperations(serviceName: string, signal?: AbortSignal): Promise<OvhOperation[]> {
    const ids = (await client.listOperationIds(serviceName, signal)).slice(-RECOVERY_OPERATION_LOOKBACK);
    const ops = await allOrFirstError(ids, (id, fan) => client.getOperation(serviceName, id, fan), signal);
    return ops.filter((op) => !isOperationFinished(op.state));
  }

  async function recoverCreate(serviceName: string, name: string, o: OperationOptions): Promise<OvhToken | undefined> {
    const existing = await findTokenByName(serviceName, name, o.signal);
    if (existing) return existing;
    for (const op of await runningOperations(serviceName, o.signal)) {
      const done = await waitOperation(serviceName, op.operationId, `creating the token "${name}"`, o).catch(() => undefined);
      if (done?.tokenId) {
        const token = await client.getToken(serviceName, done.tokenId, o.signal).catch(() => undefined);
        if (token?.name === name) return token;
      }
    }
    return findTokenByName(serviceName, name, o.signal);
  }

  /** True when the token is gone (deleted by the request whose answer was lost, or by anyone). */
  async function recoverDelete(serviceName: string, tokenId: string, o: OperationOptions): Promise<boolean> {
    const exists = async (): Promise<boolean> =>
      client.getToken(serviceName, tokenId, o.signal).then(
        () => true,
        (error: unknown) => {
          if (hasOvhCode(error, 'Client::NotFound::TokenDoesNotExists')) return false;
          throw error;
        },
      );
    if (!(await exists())) return true;
    for (const op of await runningOperations(serviceName, o.signal)) {
      await waitOperation(serviceName, op.operationId, 'deleting the token', o).catch(() => undefined);
    }
    return !(await exists());
  }

  return client;
}
