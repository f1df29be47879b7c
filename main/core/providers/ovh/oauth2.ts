/**
 * OAuth2 client-credentials for OVHcloud service accounts (reference §1.5): one form POST to the
 * region's token endpoint with `grant_type=client_credentials`, `client_id`, `client_secret`,
 * `scope=all`; the answer's `access_token` is sent as `Authorization: Bearer` until `expires_in`.
 *
 * Asking for a token changes nothing on the server, so, unlike other POSTs, this one is retried on
 * network errors, 5xx and 429.
 */
import * as v from 'valibot';
import { AppError } from '../../errors';
import type { ProviderErrorInfo } from '../../model';
import type { Clock } from '../../net/clock';
import { isRetryableStatus, parseRetryAfter } from '../../net/http';
import type { Limiter } from '../../net/limiter';
import { withRetry, type RetryPolicy } from '../../net/retry';
import { excerpt, networkDetail, OvhRequestError, redact } from './errors';
import { OAuth2TokenSchema } from './types';

export interface OAuth2Grant {
  accessToken: string;
  /** Seconds of validity announced by the server (undefined if it did not say). */
  expiresInSec: number | undefined;
}

export interface OAuth2Request {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: typeof fetch;
  clock: Clock;
  limiter: Limiter;
  timeoutMs: number;
  retry?: Partial<RetryPolicy>;
  random?: () => number;
  signal?: AbortSignal;
}

export async function requestOAuth2Token(req: OAuth2Request): Promise<OAuth2Grant> {
  const host = new URL(req.tokenUrl).host;
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: req.clientId, client_secret: req.clientSecret, scope: 'all' });
  const secrets = [req.clientSecret];
  const once = async (): Promise<OAuth2Grant> => {
    let status = 0;
    let text = '';
    let requestId: string | undefined;
    let retryAfter: string | null = null;
    const deadline = AbortSignal.timeout(req.timeoutMs);
    try {
      const res = await req.fetch(req.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: form.toString(),
        signal: req.signal ? AbortSignal.any([req.signal, deadline]) : deadline,
      });
      status = res.status;
      requestId = res.headers.get('x-ovh-queryid') ?? undefined;
      retryAfter = res.headers.get('retry-after');
      text = await res.text();
    } catch (error) {
      if (req.signal?.aborted) throw req.signal.reason;
      const detail = deadline.aborted ? `no answer within ${Math.round(req.timeoutMs / 1000)} s` : networkDetail(error);
      throw new OvhRequestError('unreachable', `Could not reach the OVHcloud OAuth2 endpoint at ${host} (${detail}). Check the network connection and try again.`, {
        kind: deadline.aborted ? 'timeout' : 'network',
        provider: { provider: 'ovh', path: 'POST oauth2/token', message: detail },
        mayHaveBeenApplied: true,
        cause: error,
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const provider: ProviderErrorInfo = { provider: 'ovh', status, path: 'POST oauth2/token' };
    if (requestId) provider.requestId = requestId;
    if (status >= 200 && status < 300) {
      const parsed = v.safeParse(OAuth2TokenSchema, body);
      if (!parsed.success) {
        throw new OvhRequestError('provider', 'The OVHcloud OAuth2 endpoint answered without a readable access token.', {
          kind: 'malformed',
          provider: { ...provider, message: 'no access_token in the answer' },
          mayHaveBeenApplied: true,
        });
      }
      return { accessToken: parsed.output.access_token, expiresInSec: parsed.output.expires_in };
    }
    const o = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const errorClass = typeof o.error === 'string' ? o.error : typeof o.errorCode === 'string' ? o.errorCode : typeof o.class === 'string' ? o.class : undefined;
    const said = typeof o.error_description === 'string' ? o.error_description : typeof o.message === 'string' ? o.message : body === undefined ? excerpt(text) : undefined;
    if (errorClass) provider.errorClass = errorClass;
    if (said) provider.message = redact(said, secrets);
    const meta = `HTTP ${status}${requestId ? `, query id ${requestId}` : ''}`;
    const said2 = [errorClass, provider.message ? `"${provider.message}"` : undefined].filter(Boolean).join(': ');
    const tail = `${said2 ? ` OVHcloud said: ${said2}.` : ''} (${meta})`;
    if (isRetryableStatus(status)) {
      const retryAfterMs = parseRetryAfter(retryAfter, req.clock.now());
      throw new OvhRequestError(status === 429 ? 'rate-limited' : 'provider', `The OVHcloud OAuth2 endpoint could not give an access token right now.${tail}`, {
        kind: 'http',
        provider,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        mayHaveBeenApplied: true,
      });
    }
    throw new AppError('auth', `OVHcloud refused the service account's client id or secret. Check them in the OVHcloud console (service accounts).${tail}`, { provider });
  };
  return withRetry(
    () => req.limiter.run(once, req.signal),
    (error) => {
      if (!(error instanceof OvhRequestError)) return { retry: false };
      if (error.retryAfterMs !== undefined) return { retry: true, retryAfterMs: error.retryAfterMs };
      return { retry: true };
    },
    { policy: req.retry, sleep: req.clock.sleep, random: req.random, signal: req.signal },
  );
}
