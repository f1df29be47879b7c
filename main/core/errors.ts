/**
 * The one error type that crosses layers. Every failure the user can see is an AppError with a
 * stable `code` (for the UI and tests) and a message an admin understands. Provider failures keep
 * what the provider said (class, message, request id) in `provider`, so support can quote it.
 *
 * Messages never contain secret values: callers build them from field names and provider text only.
 */
import type { ErrorCode, ErrorPayload, ProviderErrorInfo } from './model';

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

  /** An error again from its payload (a connection check's answer, thrown where the caller wants an error). */
  static fromPayload(payload: ErrorPayload): AppError {
    return new AppError(payload.code, payload.message, {
      ...(payload.provider ? { provider: payload.provider } : {}),
      ...(payload.issues ? { issues: payload.issues } : {}),
    });
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

/** The one refusal for an account id that names none (removed meanwhile, or never there). */
export const noSuchAccount = (): AppError => new AppError('not-found', 'That account does not exist (it may have been removed).');
