/**
 * Checks that an LDP token works where it is used: HTTP Basic auth with
 * user `token` and the token value as password, against the cluster's Graylog API and its
 * OpenSearch API (port 9200). Each endpoint is reported as ok / rejected (401) / unreachable /
 * error, with a copyable curl command whose credentials come from an environment variable (the
 * value itself is never printed, only its last 4 characters as a hint).
 *
 * Unverified choices (OVHcloud documents no endpoint known to be open to token users):
 *  - Graylog: `GET <GRAYLOG_API>/streams` (a third-party client uses it with token auth);
 *  - OpenSearch: `GET <OPENSEARCH_API>/_cluster/health`;
 *  - a 403 counts as ok: Graylog and OpenSearch answer 401 to unknown credentials and 403 to
 *    known credentials lacking a permission, so a 403 proves the token was accepted;
 *  - the `address` strings of `/url` may or may not end with `/api` (unverified); both forms work.
 *
 * OVHcloud IAM personal access tokens are checked with
 * `Authorization: Bearer <token>` on both endpoints, and with the "hybrid" Basic auth for tools
 * without Bearer support (username starting with `pat_jwt_`, the token as password) on OpenSearch
 * only: every documented hybrid example targets port 9200, and whether Graylog's /api accepts it
 * is unverified. What LDP answers to a bad, expired or deleted PAT is unverified too: 401 reads as
 * "rejected" and 403 as "accepted, not allowed here", as for LDP tokens.
 *
 * The addresses come from the OVHcloud API, so they are hostile input like any answer: a value is
 * sent over https, or over plain http only to this machine (net/https-or-loopback.ts, the rule for
 * account URLs too), never along a redirect, and the answer is bounded (net/bounded-fetch.ts).
 */
import { describeDuration } from '../../durations';
import { AnswerRefusedError, boundedFetch, ExchangeDeadlineError } from '../../net/bounded-fetch';
import { isHttpsOrLoopbackHttp } from '../../net/https-or-loopback';
import { networkDetail } from './errors';

export type VerificationOutcome = 'ok' | 'rejected' | 'unreachable' | 'error';

/** How the value is presented: LDP Basic `token:<value>`, IAM Bearer, or IAM hybrid Basic `pat_jwt_<suffix>:<value>`. */
export type VerifyAuth = { kind: 'ldp-basic' } | { kind: 'bearer' } | { kind: 'pat-basic'; user: string };

export interface EndpointVerification {
  api: 'graylog' | 'opensearch';
  /** Absent for LDP Basic (the historical default). */
  auth?: VerifyAuth['kind'];
  url: string;
  outcome: VerificationOutcome;
  status?: number;
  /** One sentence for the admin. */
  detail: string;
  /** e.g. curl -sS -u "token:$LDP_TOKEN" 'https://gra2.logs.ovh.com/api/streams'   # LDP_TOKEN = the token value (…f58q) */
  curl: string;
}

export interface TokenVerification {
  /** True when every checked endpoint accepted the token. */
  ok: boolean;
  endpoints: EndpointVerification[];
}

export interface VerifyTokenInput {
  graylogUrl?: string | undefined;
  opensearchUrl?: string | undefined;
  value: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** `…f58q`: enough to tell tokens apart, never enough to use one. */
export function maskTokenValue(value: string): string {
  return value.length >= 12 ? `…${value.slice(-4)}` : '…';
}

function withScheme(address: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `https://${address}`;
}

/** `<graylog>/api/streams`, whether the address already ends with `/api` or not. */
export function graylogCheckUrl(address: string): string {
  const base = withScheme(address.trim()).replace(/\/+$/, '');
  return `${/\/api$/i.test(base) ? base : `${base}/api`}/streams`;
}

export function opensearchCheckUrl(address: string): string {
  return `${withScheme(address.trim()).replace(/\/+$/, '')}/_cluster/health`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an unreadable address';
  }
}

const quoted = (url: string): string => `'${url.replace(/'/g, "'\\''")}'`;

export function curlExample(url: string, value: string, auth: VerifyAuth = { kind: 'ldp-basic' }): string {
  if (auth.kind === 'bearer')
    return `curl -sS -H "Authorization: Bearer $OVH_PAT" ${quoted(url)}   # OVH_PAT = the personal access token (${maskTokenValue(value)})`;
  if (auth.kind === 'pat-basic') return `curl -sS -u "${auth.user}:$OVH_PAT" ${quoted(url)}   # OVH_PAT = the personal access token (${maskTokenValue(value)})`;
  return `curl -sS -u "token:$LDP_TOKEN" ${quoted(url)}   # LDP_TOKEN = the token value (${maskTokenValue(value)})`;
}

/** `pat_jwt_<login>` when the login is plain ASCII (the form OVHcloud's token guide shows), else `pat_jwt_tokendesk` (its OpenSearch guide: any suffix works). */
export function patBasicUser(login: string | undefined): string {
  return login && /^[A-Za-z0-9._-]{1,64}$/.test(login) ? `pat_jwt_${login}` : 'pat_jwt_tokendesk';
}

function authorization(auth: VerifyAuth, value: string): string {
  if (auth.kind === 'bearer') return `Bearer ${value}`;
  const user = auth.kind === 'pat-basic' ? auth.user : 'token';
  return `Basic ${Buffer.from(`${user}:${value}`).toString('base64')}`;
}

async function check(
  api: EndpointVerification['api'],
  url: string,
  input: VerifyTokenInput,
  fetchImpl: typeof fetch,
  auth: VerifyAuth = { kind: 'ldp-basic' },
): Promise<EndpointVerification> {
  const curl = curlExample(url, input.value, auth);
  const timeoutMs = input.timeoutMs ?? 10_000;
  const name = api === 'graylog' ? 'The Graylog API' : 'The OpenSearch API';
  const what =
    auth.kind === 'ldp-basic' ? 'the token' : auth.kind === 'bearer' ? 'the personal access token (Bearer)' : `the personal access token (Basic ${auth.user})`;
  const base = { api, ...(auth.kind === 'ldp-basic' ? {} : { auth: auth.kind }), url };
  if (!isHttpsOrLoopbackHttp(url))
    return {
      ...base,
      outcome: 'error',
      detail: `${name} is listed at ${hostOf(url)} without https, and that address is not this machine: Tokendesk does not send ${what} unencrypted.`,
      curl,
    };
  let status: number;
  try {
    // No redirect (the value goes to the listed address only), one deadline with the body, a bounded body.
    const peer = `${name} at ${hostOf(url)}`;
    const headers = { Authorization: authorization(auth, input.value), Accept: 'application/json' };
    status = (await boundedFetch(fetchImpl, url, { headers }, { peer, timeoutMs, signal: input.signal, provider: { provider: 'ovh', path: `GET ${url}` } }))
      .status;
  } catch (error) {
    if (input.signal?.aborted) throw input.signal.reason;
    if (error instanceof AnswerRefusedError)
      return { ...base, outcome: 'error', ...(error.provider?.status ? { status: error.provider.status } : {}), detail: error.message, curl };
    const detail = error instanceof ExchangeDeadlineError ? `no answer within ${describeDuration(timeoutMs)}` : networkDetail(error);
    return { ...base, outcome: 'unreachable', detail: `${name} could not be reached (${detail}).`, curl };
  }
  if (status >= 200 && status < 300) return { ...base, outcome: 'ok', status, detail: `${name} accepted ${what}.`, curl };
  if (status === 403) return { ...base, outcome: 'ok', status, detail: `${name} accepted ${what}, but this endpoint is not allowed for it (HTTP 403).`, curl };
  if (status === 401) {
    const why = auth.kind === 'ldp-basic' ? 'it is wrong, deleted, or not valid on this cluster' : 'it is wrong, expired or deleted';
    return { ...base, outcome: 'rejected', status, detail: `${name} refused ${what} (HTTP 401): ${why}.`, curl };
  }
  return { ...base, outcome: 'error', status, detail: `${name} answered HTTP ${status}; ${what} could not be checked.`, curl };
}

export async function verifyLdpToken(input: VerifyTokenInput, fetchImpl: typeof fetch = fetch): Promise<TokenVerification> {
  const checks: Promise<EndpointVerification>[] = [];
  if (input.graylogUrl) checks.push(check('graylog', graylogCheckUrl(input.graylogUrl), input, fetchImpl));
  if (input.opensearchUrl) checks.push(check('opensearch', opensearchCheckUrl(input.opensearchUrl), input, fetchImpl));
  const endpoints = await Promise.all(checks);
  return { ok: endpoints.length > 0 && endpoints.every((e) => e.outcome === 'ok'), endpoints };
}

/**
 * An OVHcloud IAM personal access token: Bearer on Graylog and OpenSearch, and the hybrid Basic
 * (`pat_jwt_…`) on OpenSearch for tools that cannot send Bearer. `patUser` is the Basic username.
 */
export async function verifyIamToken(input: VerifyTokenInput & { patUser?: string }, fetchImpl: typeof fetch = fetch): Promise<TokenVerification> {
  const checks: Promise<EndpointVerification>[] = [];
  const patBasic: VerifyAuth = { kind: 'pat-basic', user: input.patUser ?? patBasicUser(undefined) };
  if (input.graylogUrl) checks.push(check('graylog', graylogCheckUrl(input.graylogUrl), input, fetchImpl, { kind: 'bearer' }));
  if (input.opensearchUrl) {
    checks.push(check('opensearch', opensearchCheckUrl(input.opensearchUrl), input, fetchImpl, { kind: 'bearer' }));
    checks.push(check('opensearch', opensearchCheckUrl(input.opensearchUrl), input, fetchImpl, patBasic));
  }
  const endpoints = await Promise.all(checks);
  return { ok: endpoints.length > 0 && endpoints.every((e) => e.outcome === 'ok'), endpoints };
}
