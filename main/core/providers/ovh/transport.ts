/**
 * One OVHcloud API request, done politely and read carefully:
 *
 *  - every attempt takes a slot of the account's limiter (at most N in flight);
 *  - only GET is retried (network error, timeout, 5xx, 429 honouring Retry-After, unreadable
 *    body), with jittered backoff, bounded. POST and DELETE are sent once: the caller re-reads
 *    the state instead when the outcome is unknown (see ldp-tokens.ts);
 *  - a 429 pauses the whole account's limiter for the Retry-After time (at most 30 s by default);
 *  - an authentication refusal that a refresh can fix (stale clock, expired access token) is
 *    retried once, for any method: the server refused it, so it was not applied;
 *  - a 2xx body must be JSON (content type and syntax) and match the documented schema,
 *    otherwise the request fails as "unreadable answer" instead of passing garbage on;
 *  - no redirect is followed, one deadline covers headers and body, and a body is read up to
 *    MAX_ANSWER_BYTES (net/bounded-fetch.ts); a refused answer is not retried;
 *  - 403 Busy (an LDP service runs one operation at a time, so a create or delete sent while
 *    another runs is refused, and therefore not applied): `whileBusy` sends it again after
 *    growing jittered waits, bounded.
 */
import * as v from 'valibot';
import { AnswerRefusedError, boundedFetch, ExchangeDeadlineError } from '../../net/bounded-fetch';
import type { Clock } from '../../net/clock';
import { parseRetryAfter } from '../../net/http';
import type { Limiter } from '../../net/limiter';
import { backoffDelay, DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy, type RetryVerdict } from '../../net/retry';
import { toWireJson, type Authorizer } from './signing';
import { buildUrl } from './endpoints';
import { hasOvhCode, ovhHttpError, ovhMalformedError, ovhNetworkError, OvhRequestError } from './errors';
import { ovhRefusedError } from './refused-answer';
import type { HttpMethod } from './types';

export interface OvhCall<T> {
  method: HttpMethod;
  /** Path after the API base, starting with `/`; segments already encoded. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Extra request headers (not signed: the OVH signature covers method, URL, body and time only), e.g. X-Pagination-Cursor. */
  headers?: Record<string, string>;
  /** Answer headers to hand back (lower-case names), e.g. `x-pagination-cursor-next`. */
  readHeaders?: readonly string[];
  /**
   * A 2xx answer with an empty body is read as `null` instead of as an unreadable answer. For routes
   * documented as answering "200, no body" (DELETE of an IAM personal access token): OVHcloud
   * usually sends JSON `null`, but an empty body must not turn a success into an error.
   */
  allowEmpty?: boolean;
  schema: v.GenericSchema<unknown, T>;
  /** 'signed' (default): account credentials. 'application': X-Ovh-Application only. 'none'. */
  auth?: 'signed' | 'application' | 'none';
  /** Refresh + retry once after an authentication refusal (default true). */
  recoverAuth?: boolean;
  signal?: AbortSignal | undefined;
}

export interface OvhAnswer<T> {
  data: T;
  status: number;
  requestId: string | undefined;
  /** The headers asked for with `readHeaders` that the answer carried. */
  headers?: Record<string, string>;
}

export interface TransportOptions {
  baseUrl: string;
  fetch: typeof fetch;
  clock: Clock;
  limiter: Limiter;
  authorizer?: Authorizer;
  applicationKey?: string;
  retry?: Partial<RetryPolicy>;
  random?: () => number;
  requestTimeoutMs: number;
}

export interface Transport {
  request<T>(call: OvhCall<T>): Promise<OvhAnswer<T>>;
  /** A signed GET, its checked body. */
  get<T>(path: string, schema: v.GenericSchema<unknown, T>, signal?: AbortSignal, query?: Record<string, string | undefined>): Promise<T>;
}

/** Pause the account this long after a 429 that gave no Retry-After. */
const DEFAULT_429_PAUSE_MS = 1_000;

/** What one exchange brought back, before it is read. */
interface RawAnswer {
  status: number;
  text: string;
  contentType: string;
  requestId: string | undefined;
  retryAfter: string | null;
  /** The headers the call asked for with `readHeaders`. */
  read: Record<string, string>;
}

/** One request on the wire, signed as the call says; a network failure or a refused answer becomes an OvhRequestError. */
async function exchange<T>(o: TransportOptions, call: OvhCall<T>, url: string, body: string, stamp: { generation: number }): Promise<RawAnswer> {
  const path = url.slice(o.baseUrl.length);
  const headers: Record<string, string> = { ...call.headers, Accept: 'application/json' };
  if (body !== '') headers['Content-Type'] = 'application/json';
  const auth = call.auth ?? 'signed';
  if (auth === 'signed' && o.authorizer) {
    const signed = o.authorizer.sign(call.method, url, body);
    Object.assign(headers, signed.headers);
    stamp.generation = signed.generation;
  }
  if (auth === 'application' && o.applicationKey) headers['X-Ovh-Application'] = o.applicationKey;

  // The caller's cancel, the deadline for the whole exchange (body included), no redirect, a bounded body: net/bounded-fetch.ts.
  try {
    const res = await boundedFetch(
      o.fetch,
      url,
      { method: call.method, headers, ...(body !== '' ? { body } : {}) },
      {
        peer: 'OVHcloud',
        timeoutMs: o.requestTimeoutMs,
        signal: call.signal,
        provider: { provider: 'ovh', path: `${call.method} ${path}` },
      },
    );
    const read: Record<string, string> = {};
    for (const name of call.readHeaders ?? []) {
      const value = res.headers.get(name);
      if (value !== null) read[name.toLowerCase()] = value;
    }
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      requestId: res.headers.get('x-ovh-queryid') ?? undefined,
      retryAfter: res.headers.get('retry-after'),
      read,
      text: res.text,
    };
  } catch (error) {
    if (call.signal?.aborted) throw call.signal.reason;
    if (error instanceof AnswerRefusedError) throw ovhRefusedError(error);
    throw ovhNetworkError({
      method: call.method,
      path,
      host: new URL(o.baseUrl).host,
      ...(error instanceof ExchangeDeadlineError ? { timeoutMs: o.requestTimeoutMs } : {}),
      cause: error,
    });
  }
}

/** The answer checked: a non-2xx status is the provider's error, a 2xx body must be JSON matching the call's schema. */
function readAnswer<T>(o: TransportOptions, call: OvhCall<T>, path: string, answer: RawAnswer): OvhAnswer<T> {
  const { status, text, contentType, requestId, retryAfter, read } = answer;
  if (status < 200 || status > 299) {
    const retryAfterMs = parseRetryAfter(retryAfter, o.clock.now());
    throw ovhHttpError({
      status,
      method: call.method,
      path,
      text,
      requestId,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      secrets: o.authorizer?.secrets() ?? [],
    });
  }
  const malformed = (what: string): OvhRequestError => ovhMalformedError({ status, method: call.method, path, requestId, what });
  const extra = call.readHeaders ? { headers: read } : {};
  if (call.allowEmpty && text.trim() === '') {
    const empty = v.safeParse(call.schema, null);
    if (empty.success) return { data: empty.output, status, requestId, ...extra };
  }
  if (!/\bjson\b/i.test(contentType)) throw malformed(`HTTP ${status} with content type ${contentType || 'missing'} instead of JSON`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw malformed(`HTTP ${status} with a body that is not valid JSON`);
  }
  const parsed = v.safeParse(call.schema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue ? (v.getDotPath(issue) ?? 'body') : 'body';
    // Never the received value: it could be a secret in the wrong place.
    const problem = issue?.received === 'undefined' ? 'is missing' : issue?.expected ? `expected ${issue.expected}` : 'has an unexpected value';
    throw malformed(`HTTP ${status}; field ${where} ${problem}`);
  }
  return { data: parsed.output, status, requestId, ...extra };
}

/** One attempt: sent, then read (no retry here). */
async function sendOnce<T>(o: TransportOptions, call: OvhCall<T>, url: string, body: string, stamp: { generation: number }): Promise<OvhAnswer<T>> {
  const answer = await exchange(o, call, url, body, stamp);
  return readAnswer(o, call, url.slice(o.baseUrl.length), answer);
}

export function createTransport(o: TransportOptions): Transport {
  // A server asking for a very long pause gets at most this long from the whole account; the
  // request itself then fails at once with 'rate-limited' instead of hanging (retry.ts).
  const maxPauseMs = { ...DEFAULT_RETRY_POLICY, ...o.retry }.maxRetryAfterMs;

  /** `retry`: this is a second (or later) try of work already started: it goes to the front of the queue. */
  async function attempt<T>(call: OvhCall<T>, url: string, body: string, retry: boolean): Promise<OvhAnswer<T>> {
    const signed = (call.auth ?? 'signed') === 'signed' && o.authorizer !== undefined;
    let recovered = call.recoverAuth === false;
    let urgent = retry;
    for (;;) {
      if (signed) await o.authorizer!.prepare(call.signal);
      const stamp = { generation: 0 };
      try {
        return await o.limiter.run(() => sendOnce(o, call, url, body, stamp), call.signal, { urgent });
      } catch (error) {
        if (error instanceof OvhRequestError && error.provider?.status === 429)
          o.limiter.pauseFor(Math.min(maxPauseMs, error.retryAfterMs ?? DEFAULT_429_PAUSE_MS));
        if (
          !recovered &&
          signed &&
          error instanceof OvhRequestError &&
          error.kind === 'http' &&
          (await o.authorizer!.recover(error, stamp.generation, call.signal))
        ) {
          recovered = true;
          urgent = true;
          continue;
        }
        throw error;
      }
    }
  }

  function classify(error: unknown): RetryVerdict {
    if (!(error instanceof OvhRequestError) || error.cause instanceof AnswerRefusedError) return { retry: false }; // a redirect or a huge answer will not change
    if (error.kind !== 'http') return { retry: true }; // network, timeout, unreadable body
    const status = error.provider?.status ?? 0;
    if (status === 429) return error.retryAfterMs !== undefined ? { retry: true, retryAfterMs: error.retryAfterMs } : { retry: true };
    return { retry: status >= 500 };
  }

  async function request<T>(call: OvhCall<T>): Promise<OvhAnswer<T>> {
    const url = buildUrl(o.baseUrl, call.path, call.query);
    const body = call.body === undefined ? '' : toWireJson(call.body);
    if (call.method !== 'GET') return attempt(call, url, body, false); // never blindly re-sent: see ldp-tokens.ts
    return withRetry((n) => attempt(call, url, body, n > 1), classify, {
      policy: o.retry,
      sleep: o.clock.sleep,
      random: o.random,
      signal: call.signal,
    });
  }

  return {
    request,
    async get(path, schema, signal, query) {
      return (await request({ method: 'GET', path, schema, signal, ...(query ? { query } : {}) })).data;
    },
  };
}

// ---------------------------------------------------------------- 403 Busy

export interface BusyPolicy {
  /** First wait after a 403 Busy; doubles up to maxDelayMs, with jitter. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Give up (code 'busy') once this much time was spent waiting. */
  maxWaitMs: number;
}

export const DEFAULT_BUSY: BusyPolicy = { initialDelayMs: 1_000, maxDelayMs: 5_000, maxWaitMs: 60_000 };

export interface BusyOptions {
  /** The service answered 403 Busy; `waitMs` from now it is sent again (attempt = 1, 2, …). */
  onBusy?: ((info: { attempt: number; waitMs: number }) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** Sends again after 403 Busy, with the core's backoff (net/retry.ts) from `initialDelayMs`, until `maxWaitMs` is spent. */
export async function whileBusy<T>(send: () => Promise<T>, o: BusyOptions, deps: { clock: Clock; random: () => number; busy: BusyPolicy }): Promise<T> {
  const { clock, random, busy } = deps;
  const start = clock.monotonic();
  const steps = { baseDelayMs: busy.initialDelayMs, maxDelayMs: busy.maxDelayMs };
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (!hasOvhCode(error, 'Client::Forbidden::Busy')) throw error;
      const wait = backoffDelay(attempt - 1, steps, random);
      if (clock.monotonic() - start + wait > busy.maxWaitMs) throw error;
      o.onBusy?.({ attempt, waitMs: wait });
      await clock.sleep(wait, o.signal);
    }
  }
}
