/**
 * Checks that an LDP token works where it is used (reference §3.1, §3.2): HTTP Basic auth with
 * user `token` and the token value as password, against the cluster's Graylog API and its
 * OpenSearch API (port 9200). Each endpoint is reported as ok / rejected (401) / unreachable /
 * error, with a copyable curl command whose credentials come from an environment variable (the
 * value itself is never printed, only its last 4 characters as a hint).
 *
 * Unverified choices (reference §3.2 gives no endpoint known to be open to token users):
 *  - Graylog: `GET <GRAYLOG_API>/streams` (a third-party client uses it with token auth);
 *  - OpenSearch: `GET <OPENSEARCH_API>/_cluster/health`;
 *  - a 403 counts as ok: Graylog and OpenSearch answer 401 to unknown credentials and 403 to
 *    known credentials lacking a permission, so a 403 proves the token was accepted;
 *  - the `address` strings of `/url` may or may not end with `/api` (unverified); both forms work.
 */
import { TimeoutError, withTimeout } from '../../net/timeout';
import { networkDetail } from './errors';

export type VerificationOutcome = 'ok' | 'rejected' | 'unreachable' | 'error';

export interface EndpointVerification {
  api: 'graylog' | 'opensearch';
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

export function curlExample(url: string, value: string): string {
  return `curl -sS -u "token:$LDP_TOKEN" '${url.replace(/'/g, "'\\''")}'   # LDP_TOKEN = the token value (${maskTokenValue(value)})`;
}

async function check(api: EndpointVerification['api'], url: string, input: VerifyTokenInput, fetchImpl: typeof fetch): Promise<EndpointVerification> {
  const curl = curlExample(url, input.value);
  const timeoutMs = input.timeoutMs ?? 10_000;
  const name = api === 'graylog' ? 'The Graylog API' : 'The OpenSearch API';
  let status: number;
  try {
    status = await withTimeout(
      timeoutMs,
      async (signal) => {
        const res = await fetchImpl(url, {
          headers: { Authorization: `Basic ${Buffer.from(`token:${input.value}`).toString('base64')}`, Accept: 'application/json' },
          signal,
        });
        await res.arrayBuffer().catch(() => undefined);
        return res.status;
      },
      input.signal,
    );
  } catch (error) {
    if (input.signal?.aborted) throw input.signal.reason;
    const detail = error instanceof TimeoutError ? `no answer within ${Math.round(timeoutMs / 1000)} s` : networkDetail(error);
    return { api, url, outcome: 'unreachable', detail: `${name} could not be reached (${detail}).`, curl };
  }
  if (status >= 200 && status < 300) return { api, url, outcome: 'ok', status, detail: `${name} accepted the token.`, curl };
  if (status === 403) return { api, url, outcome: 'ok', status, detail: `${name} accepted the token, but this endpoint is not allowed for it (HTTP 403).`, curl };
  if (status === 401) return { api, url, outcome: 'rejected', status, detail: `${name} refused the token (HTTP 401): it is wrong, deleted, or not valid on this cluster.`, curl };
  return { api, url, outcome: 'error', status, detail: `${name} answered HTTP ${status}; the token could not be checked.`, curl };
}

export async function verifyLdpToken(input: VerifyTokenInput, fetchImpl: typeof fetch = fetch): Promise<TokenVerification> {
  const checks: Promise<EndpointVerification>[] = [];
  if (input.graylogUrl) checks.push(check('graylog', graylogCheckUrl(input.graylogUrl), input, fetchImpl));
  if (input.opensearchUrl) checks.push(check('opensearch', opensearchCheckUrl(input.opensearchUrl), input, fetchImpl));
  const endpoints = await Promise.all(checks);
  return { ok: endpoints.length > 0 && endpoints.every((e) => e.outcome === 'ok'), endpoints };
}
