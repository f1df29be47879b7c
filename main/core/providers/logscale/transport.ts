/**
 * GraphQL over HTTP for LogScale: `POST {baseUrl}/graphql` with `Authorization: Bearer`, the
 * unauthenticated `GET {baseUrl}/api/v1/status`, the credential check, and `retryingFetch`, the
 * retry layer for queries only.
 *
 * Every failure becomes an AppError that keeps what LogScale said in `provider`: HTTP status, the
 * GraphQL error's class (`extensions.code`), message and path. LogScale sends no request or trace
 * id that is known, so `provider.requestId` stays unset. The transport itself never retries:
 * `fetch` is injectable so a retry/concurrency layer can wrap it, and such a layer must not replay
 * the operations in NON_IDEMPOTENT_OPERATIONS (`retryingFetch` replays queries only).
 *
 * Secrets never reach a message: provider text is passed through `redact`, which removes the
 * bearer token and anything shaped like a LogScale token.
 */
import { AnswerBodyError, AnswerRefusedError, boundedFetch, ExchangeDeadlineError, type BoundedAnswer } from '../../net/bounded-fetch';
import { isHttpsOrLoopbackHttp } from '../../net/https-or-loopback';
import { networkDetail } from '../../net/network-detail';
import { parseRetryAfter, withRetry, type RetryOptions } from '../../net';
import { AppError } from '../../errors';
import type { ErrorCode, ProviderErrorInfo } from '../../model';
import { LOGSCALE_DOCUMENTS, type LogScaleOperation } from './documents';
import type { CredentialCheck, LogScaleStatus, Raw } from './objects';
import { redactLogScaleTokens } from './token-shape';

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface LogScaleTransportOptions {
  /** e.g. `https://logscale.example.com` or `https://example.com/logscale` (path prefix kept). */
  baseUrl: string;
  /** The bearer token, or a function that reads it (from the vault) when needed. */
  token: string | (() => string | Promise<string>);
  fetch?: FetchLike;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
  userAgent?: string;
}

export interface RequestOptions {
  /** Send this request with another bearer token (e.g. a personal token that just replaced ours). */
  token?: string;
}

export interface GraphQLErrorEntry {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

export interface GraphQLResponse<T> {
  data: T | null;
  errors: GraphQLErrorEntry[];
}

const MAX_PROVIDER_TEXT = 300;

/** Validates and normalises a base URL: https (http only to this machine: net/https-or-loopback.ts), no credentials, no query, trailing slash. */
export function normaliseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new AppError('invalid-input', 'The LogScale URL is not a valid URL.', { issues: ['baseUrl: not a valid URL'] });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('invalid-input', 'The LogScale URL must start with https:// (or http:// for a local server).', { issues: ['baseUrl: must be http(s)'] });
  }
  if (!isHttpsOrLoopbackHttp(url)) {
    throw new AppError('invalid-input', 'The LogScale URL must start with https:// (http:// only for a server on this machine).', {
      issues: ['baseUrl: must start with https:// (http:// only for a server on this machine)'],
    });
  }
  if (url.username || url.password) {
    throw new AppError('invalid-input', 'The LogScale URL must not contain a user name or password; put the token in the token field.', {
      issues: ['baseUrl: must not contain credentials'],
    });
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

export class LogScaleTransport {
  readonly base: URL;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly userAgent: string;
  private readonly tokenSource: LogScaleTransportOptions['token'];
  /**
   * The last few bearer tokens sent, to redact from provider text. Bounded on purpose: secrets are
   * not kept around longer than needed; anything token-shaped is redacted by pattern anyway.
   */
  private readonly recentBearers: string[] = [];

  constructor(options: LogScaleTransportOptions) {
    this.base = normaliseBaseUrl(options.baseUrl);
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.userAgent = options.userAgent ?? 'Tokendesk';
    this.tokenSource = options.token;
  }

  url(path: string): URL {
    return new URL(path, this.base);
  }

  /** Removes secrets from provider text and bounds its length. */
  redact(text: string): string {
    let out = text;
    for (const token of this.recentBearers) out = out.split(token).join('[redacted]');
    out = redactLogScaleTokens(out).trim();
    return out.length > MAX_PROVIDER_TEXT ? `${out.slice(0, MAX_PROVIDER_TEXT)}…` : out;
  }

  private noteBearer(token: string): void {
    if (this.recentBearers.includes(token)) return;
    this.recentBearers.push(token);
    if (this.recentBearers.length > 3) this.recentBearers.shift();
  }

  /** The token requests are sent with (read from the source each time; it may change). */
  async bearer(): Promise<string> {
    const token = typeof this.tokenSource === 'function' ? await this.tokenSource() : this.tokenSource;
    if (!token) throw new AppError('auth', 'No LogScale token is set for this account.');
    return token;
  }

  /** `GET /api/v1/status`: no authentication; reachability and version. */
  async status(): Promise<LogScaleStatus> {
    const url = this.url('api/v1/status');
    const response = await this.send(url, { method: 'GET', headers: { Accept: 'application/json', 'User-Agent': this.userAgent } }, 'read the server status');
    if (!response.ok) throw this.httpError(response, url, 'read the server status', false);
    const body = this.readJson(response, url, 'read the server status');
    const status = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const version = typeof status.version === 'string' ? status.version : '';
    if (!version) {
      throw new AppError('provider', `The server at ${this.base.origin} answered /api/v1/status without a version; is it LogScale?`, {
        provider: { provider: 'logscale', status: response.status, path: url.pathname },
      });
    }
    const semver = /^(\d+\.\d+\.\d+)/.exec(version)?.[1] ?? null;
    return { status: typeof status.status === 'string' ? status.status : '', version, semver };
  }

  /**
   * Sends one event to the structured ingest API (`POST {baseUrl}/api/v1/ingest/humio-structured`,
   * the ingest token as bearer) and says whether LogScale took it. The ingest API documents 401 and
   * 403 as "the token is incorrect": both mean rejected. There is no way to ask an ingest token
   * whether it works without sending something, so the event says what it is.
   */
  async ingestProbe(ingestToken: string, what: string): Promise<'accepted' | 'rejected'> {
    const url = this.url('api/v1/ingest/humio-structured');
    this.noteBearer(ingestToken);
    const body = JSON.stringify([
      {
        tags: { source: 'tokendesk' },
        events: [{ timestamp: new Date().toISOString(), attributes: { message: 'Tokendesk checked whether this ingest token is still accepted.' } }],
      },
    ]);
    const response = await this.send(
      url,
      { method: 'POST', headers: { Authorization: `Bearer ${ingestToken}`, 'Content-Type': 'application/json', 'User-Agent': this.userAgent }, body },
      what,
    );
    if (!response.ok && response.status !== 401 && response.status !== 403) throw this.httpError(response, url, what, false);
    return response.ok ? 'accepted' : 'rejected';
  }

  /**
   * Proves the token authenticates: any HTTP 200 from `/graphql` does; 401/403 throw ('auth' /
   * 'forbidden'). `viewerOpt` is null for tokens that are not a user (system, organization, view):
   * whether `viewer` errors for those is unverified, so a GraphQL error still means "authenticated".
   */
  async checkCredentials(): Promise<CredentialCheck> {
    const result = await this.request<{ viewerOpt: Raw | null }>('CheckCredentials', undefined, 'check the token');
    const viewer = result.data?.viewerOpt;
    if (viewer && typeof viewer.id === 'string' && typeof viewer.username === 'string') return { user: { id: viewer.id, username: viewer.username } };
    return { user: null };
  }

  /**
   * Sends one document and returns data and errors as they came (for callers that must look at
   * `data` even when `errors` is set, like create/rotate holding a show-once secret).
   */
  async request<T>(
    operation: LogScaleOperation,
    variables: Record<string, unknown> | undefined,
    what: string,
    options: RequestOptions = {},
  ): Promise<GraphQLResponse<T>> {
    const url = this.url('graphql');
    const token = options.token ?? (await this.bearer());
    this.noteBearer(token);
    const body = JSON.stringify({ operationName: operation, query: LOGSCALE_DOCUMENTS[operation], variables: variables ?? {} });
    const response = await this.send(
      url,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'User-Agent': this.userAgent,
        },
        body,
      },
      what,
      operation,
    );
    if (!response.ok) throw this.httpError(response, url, what, true, operation);
    const json = this.readJson(response, url, what, operation);
    if (!json || typeof json !== 'object') throw this.malformed(response.status, url, what, 'the body is not a JSON object', operation);
    const envelope = json as Record<string, unknown>;
    const errors = Array.isArray(envelope.errors) ? envelope.errors.map(toErrorEntry) : [];
    const data = envelope.data === undefined ? null : (envelope.data as T | null);
    if (data === null && errors.length === 0) throw this.malformed(response.status, url, what, 'neither data nor errors', operation);
    return { data, errors };
  }

  /** Sends one document; any GraphQL error becomes an AppError. */
  async graphql<T>(operation: LogScaleOperation, variables: Record<string, unknown> | undefined, what: string, options: RequestOptions = {}): Promise<T> {
    const result = await this.request<T>(operation, variables, what, options);
    if (result.errors.length > 0) throw this.graphqlError(result.errors, what, operation);
    return result.data as T;
  }

  graphqlError(errors: GraphQLErrorEntry[], what: string, operation?: LogScaleOperation): AppError {
    const first = errors[0] as GraphQLErrorEntry;
    const message = this.redact(
      errors
        .slice(0, 3)
        .map((e) => e.message)
        .join('; '),
    );
    const path = first.path?.join('.');
    const extensions = first.extensions ?? {};
    const errorClass = [extensions.code, extensions.classification, extensions.type].find((v): v is string => typeof v === 'string');
    const provider: ProviderErrorInfo = { provider: 'logscale', status: 200, message };
    if (errorClass) provider.errorClass = errorClass;
    if (path) provider.path = path;
    return new AppError(classifyGraphQLMessage(message), `LogScale refused to ${what}: ${message}${operationHint(operation, 'refused')}`, { provider });
  }

  /**
   * One exchange, read in full: no redirect (the bearer goes to this server only), the timeout
   * covers the body too, and the body is bounded (net/bounded-fetch.ts).
   */
  private async send(url: URL, init: RequestInit, what: string, operation?: LogScaleOperation): Promise<BoundedAnswer> {
    const provider: ProviderErrorInfo = { provider: 'logscale', path: url.pathname };
    try {
      return await boundedFetch(this.fetchImpl, url, init, { peer: `LogScale at ${this.base.origin}`, timeoutMs: this.timeoutMs, provider });
    } catch (error) {
      if (error instanceof AnswerRefusedError)
        throw new AppError('provider', `${error.message}${operationHint(operation, 'lost')}`, { provider: error.provider ?? provider, cause: error });
      if (error instanceof AnswerBodyError) throw this.malformed(error.status, url, what, 'the connection closed while reading the answer', operation);
      if (error instanceof AppError) throw error; // a wrapping net layer already said what happened
      const timedOut = error instanceof ExchangeDeadlineError || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
      const limit = this.timeoutMs < 1000 ? `${this.timeoutMs} ms` : `${Math.round(this.timeoutMs / 1000)} s`;
      const detail = timedOut ? `no answer within ${limit}` : networkDetail(error);
      throw new AppError('unreachable', `Could not reach LogScale at ${this.base.origin} to ${what}: ${detail}.${operationHint(operation, 'lost')}`, {
        provider,
        cause: error,
      });
    }
  }

  private readJson(response: BoundedAnswer, url: URL, what: string, operation?: LogScaleOperation): unknown {
    const type = response.headers.get('content-type') ?? '';
    if (!/\bjson\b/i.test(type)) {
      throw this.malformed(
        response.status,
        url,
        what,
        `it sent ${type.split(';')[0] || 'no content type'} instead of JSON (a proxy or login page?)`,
        operation,
      );
    }
    try {
      return JSON.parse(response.text) as unknown;
    } catch {
      throw this.malformed(response.status, url, what, 'the JSON could not be parsed', operation);
    }
  }

  private malformed(status: number, url: URL, what: string, why: string, operation?: LogScaleOperation): AppError {
    return new AppError('provider', `LogScale gave an unreadable answer when asked to ${what}: ${why}.${operationHint(operation, 'lost')}`, {
      provider: { provider: 'logscale', status, path: url.pathname },
    });
  }

  private httpError(response: BoundedAnswer, url: URL, what: string, authenticated: boolean, operation?: LogScaleOperation): AppError {
    const raw = response.text;
    const text = this.redact(raw);
    const provider: ProviderErrorInfo = { provider: 'logscale', status: response.status, path: url.pathname };
    if (text) provider.message = text;
    const said = text ? `: ${text}` : '';
    const status = response.status;
    let code: ErrorCode = 'provider';
    let message: string;
    if (status === 401 && authenticated) {
      code = 'auth';
      message = `LogScale rejected the token (HTTP 401)${said}. It may be expired, revoked or mistyped.`;
    } else if (status === 403 && authenticated) {
      code = 'forbidden';
      message = /ip/i.test(raw)
        ? `LogScale refused the token from this IP address (HTTP 403)${said}. The token's IP filter does not accept this machine's address.`
        : `LogScale refused to ${what} (HTTP 403)${said}.`;
    } else if (status === 429) {
      code = 'rate-limited';
      const retry = response.headers.get('retry-after');
      message = `LogScale is rate limiting requests (HTTP 429)${retry ? `; it asks to retry after ${retry} s` : ''}.`;
    } else if (status === 404) {
      message = `No LogScale API at ${url.origin}${url.pathname} (HTTP 404). Check the base URL, including any path prefix.`;
    } else if (status >= 500) {
      message = `LogScale failed to ${what} (HTTP ${status})${said}.${operationHint(operation, 'lost')}`;
    } else {
      message = `LogScale refused to ${what} (HTTP ${status})${said}.`;
    }
    return new AppError(code, message, { provider });
  }
}

function toErrorEntry(raw: unknown): GraphQLErrorEntry {
  const e = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const entry: GraphQLErrorEntry = { message: typeof e.message === 'string' && e.message ? e.message : 'unspecified error' };
  if (Array.isArray(e.path)) entry.path = e.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
  if (e.extensions && typeof e.extensions === 'object') entry.extensions = e.extensions as Record<string, unknown>;
  return entry;
}

/**
 * LogScale's exact error texts for token mutations are unverified, so the
 * code is a best guess from the words; the message always carries the server's own text.
 */
export function classifyGraphQLMessage(message: string): ErrorCode {
  if (/not found|could not find|does not exist|no such|unknown (token|id)/i.test(message)) return 'not-found';
  if (/permission|not allowed|forbidden|denied|unauthori[sz]ed|polic(y|ies)|disabled/i.test(message)) return 'forbidden';
  if (/already exists|duplicate|conflict/i.test(message)) return 'conflict';
  return 'provider';
}

/** For create/rotate, the user must know the outcome is unknown: a token may exist, a secret may be gone. */
function operationHint(operation: LogScaleOperation | undefined, how: 'lost' | 'refused'): string {
  if (how !== 'lost' || !operation) return '';
  if (operation.startsWith('Create') && operation.endsWith('Token')) {
    return ' LogScale may have created the token anyway: refresh the list and delete any token you do not recognise.';
  }
  if (operation === 'RotateToken')
    return ' The rotation may have happened anyway: the old secret may no longer work; rotate again to get a secret you can see.';
  return '';
}

// ------------------------------------------------------------------ retries, for reads only

/*
 * A GraphQL *query* (and GET /api/v1/status) that met a 5xx, a 429 or a network error is sent again
 * with jittered backoff (main/core/net), honouring Retry-After. Mutations are never replayed,
 * deletes included: a delete sent twice would come back as "nothing was deleted" and mislead the
 * admin.
 */

class RetryableAnswer extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status}`);
  }
}

export function isReadRequest(init: RequestInit | undefined): boolean {
  if (!init?.method || init.method === 'GET') return true;
  if (typeof init.body !== 'string') return false;
  try {
    const query = (JSON.parse(init.body) as { query?: unknown }).query;
    return typeof query === 'string' && /^\s*(query\b|\{)/.test(query);
  } catch {
    return false;
  }
}

export function retryingFetch(inner: FetchLike, options: RetryOptions = {}): FetchLike {
  return (input, init) => {
    if (!isReadRequest(init)) return inner(input, init);
    const attempt = async (): Promise<Response> => {
      const response = await inner(input, init);
      if (response.status >= 500 || response.status === 429) throw new RetryableAnswer(response);
      return response;
    };
    const classify = (error: unknown) => {
      if (init?.signal?.aborted) return { retry: false } as const;
      if (error instanceof RetryableAnswer) {
        const after = parseRetryAfter(error.response.headers.get('retry-after'), Date.now());
        return after === undefined ? ({ retry: true } as const) : ({ retry: true, retryAfterMs: after } as const);
      }
      return { retry: error instanceof TypeError } as const; // fetch's network failures
    };
    // The last answer is handed back as it came, so the transport words the error as usual.
    return withRetry(attempt, classify, options).catch((error: unknown) => (error instanceof RetryableAnswer ? error.response : Promise.reject(error)));
  };
}
