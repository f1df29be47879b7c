/**
 * OVHcloud errors -> AppError with a sentence an admin understands, keeping what OVHcloud said:
 * `class` or `errorCode`, its message, the HTTP status and the X-Ovh-QueryID.
 *
 * Two body shapes exist: API errors `{class, message, details?}` and authentication-layer errors
 * `{errorCode, httpCode, message}`. Anything else (HTML from a proxy, empty) keeps a short, cleaned
 * excerpt as the provider message. Secrets are scrubbed from every provider text we keep.
 */
import { describeDuration } from '../../durations';
import { AppError } from '../../errors';
import type { ErrorCode, ProviderErrorInfo } from '../../model';
import { networkDetail } from '../../net/network-detail';

export type OvhFailureKind = 'http' | 'network' | 'timeout' | 'malformed';

/** An AppError that also tells the client how the request failed, for retry / re-read decisions. */
export class OvhRequestError extends AppError {
  readonly kind: OvhFailureKind;
  /** OVH `class` or `errorCode`, when the body had one. */
  readonly ovhCode: string | undefined;
  readonly retryAfterMs: number | undefined;
  /**
   * False only when OVHcloud clearly refused the request (a readable 4xx other than 429).
   * True for network errors, timeouts, 5xx, 429 and unreadable bodies: the server may have acted.
   */
  readonly mayHaveBeenApplied: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { kind: OvhFailureKind; provider: ProviderErrorInfo; ovhCode?: string; retryAfterMs?: number; mayHaveBeenApplied: boolean; cause?: unknown },
  ) {
    super(code, message, { provider: extra.provider, cause: extra.cause });
    this.name = 'OvhRequestError';
    this.kind = extra.kind;
    this.ovhCode = extra.ovhCode;
    this.retryAfterMs = extra.retryAfterMs;
    this.mayHaveBeenApplied = extra.mayHaveBeenApplied;
  }
}

export interface OvhErrorBody {
  class?: string;
  errorCode?: string;
  httpCode?: string;
  message?: string;
  details?: Record<string, unknown>;
}

export const IAM_EXPLANATION =
  'OVHcloud IAM is enabled on this LDP service, so its legacy LDP tokens are replaced by OVHcloud IAM tokens ' +
  '(personal access tokens of local users, or service-account access tokens) and the token API refuses it. ' +
  'Tokendesk lists and creates the personal access tokens of the local users whose IAM policies reach it.';

interface Context {
  status: number;
  method: string;
  path: string;
  body: OvhErrorBody | undefined;
}

type Rule = { test: (code: string) => boolean; code: ErrorCode; say: (c: Context) => string };

const is = (name: string) => (code: string) => code === name;
const startsWith = (prefix: string) => (code: string) => code.startsWith(prefix);
const serviceOf = (path: string): string => decodeURIComponent(/^\/dbaas\/logs\/([^/?]+)/.exec(path)?.[1] ?? 'this service');

/** The mapping table (kept in the same order in docs/providers/ovh.md). First match wins. */
const RULES: Rule[] = [
  {
    test: is('INVALID_SIGNATURE'),
    code: 'auth',
    say: () =>
      'OVHcloud rejected the request signature, even after Tokendesk re-read the server clock. Check the application secret and the consumer key; a new consumer key only works once it has been validated at its validation link.',
  },
  {
    test: is('QUERY_TIME_OUT'),
    code: 'auth',
    say: () => "OVHcloud says the request time is outside its window, even after Tokendesk re-read the server clock. Check this computer's date and time.",
  },
  {
    test: is('INVALID_CREDENTIAL'),
    code: 'auth',
    say: () =>
      'OVHcloud says these credentials are not valid (consumer key not validated yet, refused, expired or revoked, or the access token expired). Create and validate a new consumer key, or check the service account.',
  },
  { test: is('NOT_CREDENTIAL'), code: 'auth', say: () => 'OVHcloud does not know this consumer key. Create and validate a new one.' },
  { test: is('INVALID_KEY'), code: 'auth', say: () => 'OVHcloud does not know this application key. Check it, or create the application again.' },
  {
    test: is('NOT_GRANTED_CALL'),
    code: 'forbidden',
    say: (c) =>
      `This consumer key was not granted the call ${c.method} ${c.path.split('?')[0]}. Create a new consumer key with the access rules Tokendesk requests.`,
  },
  { test: is('FORBIDDEN'), code: 'forbidden', say: () => 'OVHcloud refused this call for these credentials.' },
  {
    test: is('Client::Forbidden::Busy'),
    code: 'busy',
    say: (c) =>
      `Another operation is running on ${serviceOf(c.path)} and OVHcloud runs one at a time. Tokendesk waited and retried, but it is still busy; try again in a minute.`,
  },
  { test: is('Client::Forbidden::IAMService'), code: 'forbidden', say: () => IAM_EXPLANATION },
  {
    test: is('Client::Forbidden::ServiceUnavailable'),
    code: 'forbidden',
    say: (c) => `${serviceOf(c.path)} cannot be changed in its current state (it is not enabled).`,
  },
  { test: is('Client::Forbidden::AccessDenied'), code: 'forbidden', say: (c) => `${serviceOf(c.path)} is not allowed to use that cluster.` },
  { test: is('Client::Forbidden::OnlyOwnerCanPerformAction'), code: 'forbidden', say: () => 'Only the owner of this token can do that.' },
  {
    test: startsWith('Client::Forbidden'),
    code: 'forbidden',
    say: () => "OVHcloud refused: these credentials are not allowed to do this. Check the consumer key's access rules or the service account's IAM policy.",
  },
  {
    test: is('Client::Conflict::TokenNameAlreadyUsed'),
    code: 'conflict',
    say: (c) => `A token with this name already exists on ${serviceOf(c.path)}. Choose another name.`,
  },
  { test: startsWith('Client::Conflict'), code: 'conflict', say: () => 'OVHcloud refused because of a conflicting change.' },
  { test: is('Client::NotFound::TokenDoesNotExists'), code: 'not-found', say: () => 'This token no longer exists on OVHcloud (it may have been deleted).' },
  {
    test: (k) => k === 'Client::NotFound::ServiceDoesNotExists' || k === 'Client::NotFound::ServiceNotFound',
    code: 'not-found',
    say: (c) => `The LDP service ${serviceOf(c.path)} does not exist or is not visible to these credentials.`,
  },
  { test: is('Client::NotFound::ClusterDoesNotExists'), code: 'not-found', say: (c) => `That cluster does not exist for ${serviceOf(c.path)}.` },
  { test: is('Client::NotFound::OperationDoesNotExists'), code: 'not-found', say: () => 'OVHcloud no longer knows this operation.' },
  { test: startsWith('Client::NotFound'), code: 'not-found', say: () => 'OVHcloud says this does not exist.' },
  { test: is('Client::ValidationError::InvalidTokenName'), code: 'invalid-input', say: () => 'OVHcloud refused the token name. Use another name.' },
  { test: startsWith('Client::ValidationError'), code: 'invalid-input', say: () => 'OVHcloud refused a value of this request.' },
  { test: startsWith('Client::Unauthorized'), code: 'auth', say: () => 'OVHcloud did not accept the credentials of this account.' },
];

/**
 * IAM personal-access-token routes: their 404 and duplicate-name bodies are unverified, so these
 * go by status and path, whatever class OVHcloud sends.
 */
function iamRouteSentence(c: Context, ovhCode: string | undefined): { code: ErrorCode; text: string } | undefined {
  const m = /^\/me\/identity\/user\/([^/?]+)(?:\/token(?:\/([^/?]+))?)?(?:\?|$)/.exec(c.path);
  if (!m) return undefined;
  const user = decodeURIComponent(m[1]!);
  const name = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
  if (c.status === 404) {
    if (name !== undefined)
      return {
        code: 'not-found',
        text: `The personal access token "${name}" of the local user ${user} no longer exists on OVHcloud (it may have been deleted).`,
      };
    return { code: 'not-found', text: `The local user ${user} does not exist on this OVHcloud account (it may have been deleted).` };
  }
  const conflict = c.status === 409 || (ovhCode?.startsWith('Client::Conflict') ?? false);
  if (conflict && c.method === 'POST' && name === undefined && c.path.includes('/token')) {
    return { code: 'conflict', text: `The local user ${user} already has a personal access token with this name. Choose another name.` };
  }
  return undefined;
}

function byStatus(c: Context): { code: ErrorCode; text: string } {
  const s = c.status;
  if (s === 401) return { code: 'auth', text: 'OVHcloud did not accept the credentials of this account.' };
  if (s === 403) return { code: 'forbidden', text: 'OVHcloud refused: these credentials are not allowed to do this.' };
  if (s === 404) return { code: 'not-found', text: 'OVHcloud says this does not exist.' };
  if (s === 409) return { code: 'conflict', text: 'OVHcloud refused because of a conflicting change.' };
  if (s === 400) return { code: 'invalid-input', text: 'OVHcloud refused a value of this request.' };
  if (s === 429) return { code: 'rate-limited', text: 'OVHcloud is limiting the requests of this account. Wait a little and try again.' };
  if (s >= 500) return { code: 'provider', text: `OVHcloud had a problem answering (HTTP ${s}). Try again shortly.` };
  return { code: 'provider', text: `OVHcloud answered with an unexpected HTTP ${s}.` };
}

/** Removes every known secret from a provider text (defence in depth; OVH does not echo them). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

/** Parses an error body; undefined when it is not one of OVH's JSON shapes. */
export function parseOvhErrorBody(text: string): OvhErrorBody | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const o = value as Record<string, unknown>;
    const body: OvhErrorBody = {};
    if (typeof o.class === 'string') body.class = o.class;
    if (typeof o.errorCode === 'string') body.errorCode = o.errorCode;
    if (typeof o.httpCode === 'string') body.httpCode = o.httpCode;
    if (typeof o.message === 'string') body.message = o.message;
    if (o.details && typeof o.details === 'object') body.details = o.details as Record<string, unknown>;
    return body;
  } catch {
    return undefined;
  }
}

/** A short, single-line, tag-free excerpt of a non-JSON body (HTML error pages from proxies). */
export function excerpt(text: string, max = 160): string {
  const flat = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function suffix(p: ProviderErrorInfo): string {
  const said = [p.errorClass, p.message ? `"${p.message}"` : undefined].filter(Boolean).join(': ');
  const meta = [p.status !== undefined ? `HTTP ${p.status}` : undefined, p.requestId ? `query id ${p.requestId}` : undefined].filter(Boolean).join(', ');
  return [said ? ` OVHcloud said: ${said}.` : '', meta ? ` (${meta})` : ''].join('');
}

export interface HttpErrorInput {
  status: number;
  method: string;
  /** Path after the API base, with query, e.g. `/dbaas/logs/ldp-ab-12345/token`. */
  path: string;
  text: string;
  requestId: string | undefined;
  retryAfterMs?: number;
  secrets: readonly string[];
}

/** A non-2xx answer as an OvhRequestError. */
export function ovhHttpError(input: HttpErrorInput): OvhRequestError {
  const body = parseOvhErrorBody(input.text);
  const ovhCode = body?.errorCode ?? body?.class;
  const ctx: Context = { status: input.status, method: input.method, path: input.path, body };
  const rule = ovhCode ? RULES.find((r) => r.test(ovhCode)) : undefined;
  const fallback = byStatus(ctx);
  // A 429 or 5xx stays a rate-limit / server problem whatever its class says.
  const useStatus = input.status === 429 || input.status >= 500 || !rule;
  const iam = input.status === 429 || input.status >= 500 ? undefined : iamRouteSentence(ctx, ovhCode);
  const code = iam ? iam.code : useStatus ? fallback.code : rule.code;
  const sentence = iam ? iam.text : useStatus ? fallback.text : rule.say(ctx);
  const rawMessage = body?.message ?? (body ? undefined : excerpt(input.text));
  const provider: ProviderErrorInfo = { provider: 'ovh', status: input.status, path: `${input.method} ${input.path}` };
  if (ovhCode) provider.errorClass = ovhCode;
  if (rawMessage) provider.message = redact(rawMessage, input.secrets);
  if (input.requestId) provider.requestId = input.requestId;
  const definiteRefusal = input.status >= 400 && input.status < 500 && input.status !== 429;
  return new OvhRequestError(code, sentence + suffix(provider), {
    kind: 'http',
    provider,
    ...(ovhCode ? { ovhCode } : {}),
    ...(input.retryAfterMs !== undefined ? { retryAfterMs: input.retryAfterMs } : {}),
    mayHaveBeenApplied: !definiteRefusal,
  });
}

/** A 2xx answer whose body is not what the API documents (truncated JSON, HTML, wrong fields). */
export function ovhMalformedError(input: { status: number; method: string; path: string; requestId: string | undefined; what: string }): OvhRequestError {
  const provider: ProviderErrorInfo = { provider: 'ovh', status: input.status, path: `${input.method} ${input.path}`, message: input.what };
  if (input.requestId) provider.requestId = input.requestId;
  return new OvhRequestError(
    'provider',
    `OVHcloud answered with a body Tokendesk could not read (${input.what}).${suffix({ ...provider, message: undefined })}`,
    {
      kind: 'malformed',
      provider,
      mayHaveBeenApplied: true,
    },
  );
}

/** No HTTP answer at all: DNS, refused or reset connection, TLS, or our timeout. */
export function ovhNetworkError(input: { method: string; path: string; host: string; timeoutMs?: number; cause: unknown }): OvhRequestError {
  const timedOut = input.timeoutMs !== undefined;
  const detail = timedOut ? `no answer within ${describeDuration(input.timeoutMs ?? 0)}` : networkDetail(input.cause);
  return new OvhRequestError('unreachable', `Could not reach the OVHcloud API at ${input.host} (${detail}). Check the network connection and try again.`, {
    kind: timedOut ? 'timeout' : 'network',
    provider: { provider: 'ovh', path: `${input.method} ${input.path}`, message: detail },
    mayHaveBeenApplied: true,
    cause: input.cause,
  });
}

/** The system-level reason of a fetch failure, safe to show (see net/network-detail.ts). */
export { networkDetail };

/** Same error, with a sentence added about what a re-read showed. */
export function withNote(error: unknown, note: string): AppError {
  if (!(error instanceof AppError)) return new AppError('internal', note, { cause: error });
  return new AppError(error.code, `${error.message} ${note}`, { ...(error.provider ? { provider: error.provider } : {}), cause: error });
}

/** True for an HTTP 404 answer, whatever its body (the 404 bodies of the IAM routes are unverified). */
export function isHttpNotFound(error: unknown): boolean {
  return error instanceof OvhRequestError && error.kind === 'http' && error.provider?.status === 404;
}

/** True when `error` carries this OVH class or errorCode. */
export function hasOvhCode(error: unknown, code: string): boolean {
  return error instanceof OvhRequestError && error.ovhCode === code;
}
