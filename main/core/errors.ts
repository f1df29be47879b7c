/**
 * The one error type that crosses layers. Every failure the user can see is an AppError with a
 * stable `code` (for the UI and tests) and a message an admin understands. Provider failures keep
 * what the provider said (class, message, request id) in `provider`, so support can quote it.
 *
 * Messages never contain secret values: callers build them from field names and provider text only.
 */
export type ErrorCode =
  | 'invalid-input' // a payload or argument failed validation
  | 'unknown-channel' // an IPC channel that is not in the contract
  | 'forbidden-sender' // an IPC call from a frame that is not our main frame
  | 'keychain-unavailable' // no OS keychain (Secret Service, Keychain, Credential Vault)
  | 'keychain-failed' // the keychain answered with an error
  | 'not-found' // the account / token / resource does not exist
  | 'conflict' // name already used, or a concurrent change
  | 'policy' // refused before sending because a provider policy forbids it
  | 'auth' // provider rejected our credentials (401, invalid signature, expired)
  | 'forbidden' // provider says we are not allowed (403, not granted, IP filter)
  | 'busy' // provider busy (LDP operation running), after bounded retries
  | 'rate-limited' // 429 after bounded retries
  | 'unreachable' // network error, timeout, DNS, TLS
  | 'provider' // any other provider error (5xx, malformed body, GraphQL error)
  | 'timeout' // we gave up waiting (async operation)
  | 'internal'; // a bug: should never reach a user

/** What a provider said, kept verbatim for the user and for support tickets. */
export interface ProviderErrorInfo {
  provider: 'ovh' | 'logscale';
  status?: number; // HTTP status
  errorClass?: string; // OVH `class` / `errorCode`, or GraphQL extensions code
  message?: string; // the provider's own message
  requestId?: string; // OVH X-Ovh-QueryID, or a LogScale trace id when present
  path?: string; // GraphQL error path, or the HTTP route
}

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  provider?: ProviderErrorInfo;
  /** Field-level problems for invalid input: `path: what is wrong` (never the received value). */
  issues?: string[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly provider?: ProviderErrorInfo;
  readonly issues?: string[];

  constructor(code: ErrorCode, message: string, extra: { provider?: ProviderErrorInfo; issues?: string[]; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'AppError';
    this.code = code;
    if (extra.provider) this.provider = extra.provider;
    if (extra.issues) this.issues = extra.issues;
  }

  toPayload(): ErrorPayload {
    const payload: ErrorPayload = { code: this.code, message: this.message };
    if (this.provider) payload.provider = { ...this.provider };
    if (this.issues) payload.issues = [...this.issues];
    return payload;
  }
}

/** Turns anything thrown into a payload that is safe to show: unknown errors become 'internal' without their text. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof AppError) return error.toPayload();
  return { code: 'internal', message: 'Something went wrong inside Tokendesk. The details are in the log.' };
}
