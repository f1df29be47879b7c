/**
 * How a request to the OVHcloud API is authenticated. Two ways:
 *
 *  - consumer key (AK/AS/CK): `X-Ovh-Application`, `X-Ovh-Consumer`, `X-Ovh-Timestamp`,
 *    `X-Ovh-Signature`, where the signature is (the same code in the three official SDKs)
 *
 *      "$1$" + hex(SHA1(AS + "+" + CK + "+" + METHOD + "+" + FULL_URL + "+" + BODY + "+" + TIMESTAMP))
 *
 *    over the exact URL and the exact body sent, and the timestamp is taken from the server's
 *    clock (`GET /auth/time` gives the delta). Unlike the SDKs, the delta is read again when the
 *    local clock jumped (sleep/resume, manual change) and once after an INVALID_SIGNATURE (or
 *    QUERY_TIME_OUT) answer, and then the request is sent again once;
 *  - OAuth2 service account: `Authorization: Bearer <access token>`, asked for with the
 *    client-credentials grant, reused until a minute before it expires, and asked for again once
 *    after a 401 / INVALID_CREDENTIAL.
 *
 * `prepare()` runs before a request takes an in-flight slot (it may itself need a request);
 * `sign()` runs inside the slot so the timestamp is fresh.
 */
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { describeDuration } from '../../durations';
import { AppError } from '../../errors';
import type { ProviderErrorInfo } from '../../model';
import { AnswerRefusedError, boundedFetch, ExchangeDeadlineError } from '../../net/bounded-fetch';
import type { Clock } from '../../net/clock';
import { isHttpsOrLoopbackHttp } from '../../net/https-or-loopback';
import { isRetryableStatus, parseRetryAfter } from '../../net/http';
import type { Limiter } from '../../net/limiter';
import { withRetry, type RetryPolicy } from '../../net/retry';
import { excerpt, networkDetail, OvhRequestError, redact } from './errors';
import { ovhRefusedError } from './refused-answer';
import { OAuth2TokenSchema } from './types';

// ---------------------------------------------------------------- the consumer-key signature

export interface SignatureInput {
  applicationSecret: string;
  consumerKey: string;
  method: string;
  url: string;
  body: string;
  timestamp: number | string;
}

export function signOvhRequest(input: SignatureInput): string {
  const text = [input.applicationSecret, input.consumerKey, input.method.toUpperCase(), input.url, input.body, String(input.timestamp)].join('+');
  return `$1$${createHash('sha1').update(text, 'utf8').digest('hex')}`;
}

/**
 * The body as sent and signed: compact JSON with every character >= U+0080 escaped as \uXXXX, as
 * node-ovh does before signing. Choice: the body on the wire is then plain ASCII, so the signed
 * text and the received bytes cannot differ by an encoding step anywhere between us and the API.
 */
export function toWireJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// ---------------------------------------------------------------- authorizers

export interface Authorizer {
  prepare(signal?: AbortSignal): Promise<void>;
  /** Headers for this exact request, and the generation of the clock delta / access token used. */
  sign(method: string, url: string, body: string): { headers: Record<string, string>; generation: number };
  /**
   * After an authentication refusal of a request signed with `generation`: refresh what may be
   * stale (unless another request already did since), and say whether one more try makes sense.
   * Many requests failing together thus cause one refresh, not one each.
   */
  recover(error: OvhRequestError, generation: number, signal?: AbortSignal): Promise<boolean>;
  /** Values to scrub from any text we keep. */
  secrets(): string[];
}

/** Wall clock vs monotonic clock disagreeing by more than this means the machine slept or the clock was changed. */
export const CLOCK_JUMP_MS = 5_000;

/** Shares one in-progress refresh between concurrent callers. */
function singleFlight<T>(run: (signal?: AbortSignal) => Promise<T>): (signal?: AbortSignal) => Promise<T> {
  let current: Promise<T> | undefined;
  return (signal) => {
    current ??= run(signal).finally(() => {
      current = undefined;
    });
    return current;
  };
}

export interface ConsumerKeyAuthOptions {
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
  clock: Clock;
  /** `GET /auth/time`, unauthenticated: the server's Unix time in seconds. */
  fetchServerTime: (signal?: AbortSignal) => Promise<number>;
}

export function createConsumerKeyAuthorizer(o: ConsumerKeyAuthOptions): Authorizer {
  let delta: number | undefined; // server seconds - local seconds
  let generation = 0;
  let syncedWall = 0;
  let syncedMono = 0;
  const sync = singleFlight(async (signal) => {
    const server = await o.fetchServerTime(signal);
    syncedWall = o.clock.now();
    syncedMono = o.clock.monotonic();
    delta = server - Math.floor(syncedWall / 1000);
    generation += 1;
  });
  const jumped = (): boolean => Math.abs(o.clock.now() - syncedWall - (o.clock.monotonic() - syncedMono)) > CLOCK_JUMP_MS;
  return {
    async prepare(signal) {
      if (delta === undefined || jumped()) await sync(signal);
    },
    sign(method, url, body) {
      const timestamp = String(Math.floor(o.clock.now() / 1000) + (delta ?? 0));
      const headers = {
        'X-Ovh-Application': o.applicationKey,
        'X-Ovh-Consumer': o.consumerKey,
        'X-Ovh-Timestamp': timestamp,
        'X-Ovh-Signature': signOvhRequest({ applicationSecret: o.applicationSecret, consumerKey: o.consumerKey, method, url, body, timestamp }),
      };
      return { headers, generation };
    },
    async recover(error, signedWith, signal) {
      // QUERY_TIME_OUT is not documented (unverified name for a stale timestamp); resyncing on it is harmless.
      if (error.ovhCode !== 'INVALID_SIGNATURE' && error.ovhCode !== 'QUERY_TIME_OUT') return false;
      if (signedWith === generation) await sync(signal);
      return true;
    },
    secrets: () => [o.applicationSecret, o.consumerKey],
  };
}

export interface OAuth2AuthOptions {
  clientSecret: string;
  clock: Clock;
  fetchToken: (signal?: AbortSignal) => Promise<OAuth2Grant>;
}

/** Refresh this long before the announced expiry. */
const EXPIRY_MARGIN_MS = 60_000;
/** Choice (unverified): when the server does not say how long a token lives, assume 10 minutes. */
const DEFAULT_TOKEN_LIFETIME_MS = 600_000;

export function createOAuth2Authorizer(o: OAuth2AuthOptions): Authorizer {
  let token: { value: string; refreshAtMono: number } | undefined;
  let generation = 0;
  const refresh = singleFlight(async (signal) => {
    const grant = await o.fetchToken(signal);
    generation += 1;
    const lifetime = grant.expiresInSec !== undefined ? grant.expiresInSec * 1000 : DEFAULT_TOKEN_LIFETIME_MS;
    token = { value: grant.accessToken, refreshAtMono: o.clock.monotonic() + Math.max(0, lifetime - EXPIRY_MARGIN_MS) };
  });
  return {
    async prepare(signal) {
      if (!token || o.clock.monotonic() >= token.refreshAtMono) await refresh(signal);
    },
    sign() {
      const headers: Record<string, string> = token ? { Authorization: `Bearer ${token.value}` } : {};
      return { headers, generation };
    },
    async recover(error, signedWith, signal) {
      const expired = error.provider?.status === 401 || error.ovhCode === 'INVALID_CREDENTIAL';
      if (!expired) return false;
      if (signedWith === generation) {
        token = undefined;
        await refresh(signal);
      }
      return true;
    },
    secrets: () => [o.clientSecret, ...(token ? [token.value] : [])],
  };
}

// ---------------------------------------------------------------- the OAuth2 access token request

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

/**
 * One form POST to the region's token endpoint with `grant_type=client_credentials`, `client_id`,
 * `client_secret`, `scope=all`; the answer's `access_token` is sent as `Authorization: Bearer`
 * until `expires_in`. Asking for a token changes nothing on the server, so, unlike other POSTs,
 * this one is retried on network errors, 5xx and 429.
 */
export async function requestOAuth2Token(req: OAuth2Request): Promise<OAuth2Grant> {
  const host = new URL(req.tokenUrl).host;
  if (!isHttpsOrLoopbackHttp(req.tokenUrl))
    throw new AppError(
      'invalid-input',
      `The OVHcloud OAuth2 token URL (${host}) must start with https:// (http:// only for a server on this machine): the client secret is not sent unencrypted.`,
    );
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: req.clientId, client_secret: req.clientSecret, scope: 'all' });
  const secrets = [req.clientSecret];
  const once = async (): Promise<OAuth2Grant> => {
    let status = 0;
    let text = '';
    let requestId: string | undefined;
    let retryAfter: string | null = null;
    try {
      // The client secret goes to the token endpoint only: no redirect, one deadline with the body, a bounded body.
      const res = await boundedFetch(
        req.fetch,
        req.tokenUrl,
        { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: form.toString() },
        { peer: 'The OVHcloud OAuth2 endpoint', timeoutMs: req.timeoutMs, signal: req.signal, provider: { provider: 'ovh', path: 'POST oauth2/token' } },
      );
      status = res.status;
      requestId = res.headers.get('x-ovh-queryid') ?? undefined;
      retryAfter = res.headers.get('retry-after');
      text = res.text;
    } catch (error) {
      if (req.signal?.aborted) throw req.signal.reason;
      if (error instanceof AnswerRefusedError) throw ovhRefusedError(error);
      const timedOut = error instanceof ExchangeDeadlineError;
      const detail = timedOut ? `no answer within ${describeDuration(req.timeoutMs)}` : networkDetail(error);
      throw new OvhRequestError(
        'unreachable',
        `Could not reach the OVHcloud OAuth2 endpoint at ${host} (${detail}). Check the network connection and try again.`,
        {
          kind: timedOut ? 'timeout' : 'network',
          provider: { provider: 'ovh', path: 'POST oauth2/token', message: detail },
          mayHaveBeenApplied: true,
          cause: error,
        },
      );
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
    const errorClass =
      typeof o.error === 'string' ? o.error : typeof o.errorCode === 'string' ? o.errorCode : typeof o.class === 'string' ? o.class : undefined;
    const said =
      typeof o.error_description === 'string'
        ? o.error_description
        : typeof o.message === 'string'
          ? o.message
          : body === undefined
            ? excerpt(text)
            : undefined;
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
    throw new AppError('auth', `OVHcloud refused the service account's client id or secret. Check them in the OVHcloud console (service accounts).${tail}`, {
      provider,
    });
  };
  return withRetry(
    () => req.limiter.run(once, req.signal),
    (error) => {
      if (!(error instanceof OvhRequestError) || error.cause instanceof AnswerRefusedError) return { retry: false }; // a redirect or a huge answer will not change
      if (error.retryAfterMs !== undefined) return { retry: true, retryAfterMs: error.retryAfterMs };
      return { retry: true };
    },
    { policy: req.retry, sleep: req.clock.sleep, random: req.random, signal: req.signal },
  );
}
