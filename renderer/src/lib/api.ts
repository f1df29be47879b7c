/**
 * The renderer's door to main: `window.tokendesk`, exposed by the preload (or by the browser
 * harness with the same contract). `call` unwraps a Result and throws a UiError the views show.
 */
import type { TokendeskApi } from '../../../preload/bridge';
import type { Result } from '../../../preload/contract';
import type { ErrorPayload } from '../../../preload/contract';

declare global {
  interface Window {
    tokendesk: TokendeskApi;
  }
}

export class UiError extends Error {
  constructor(readonly payload: ErrorPayload) {
    super(payload.message);
  }
}

export const api = (): TokendeskApi => window.tokendesk;

export async function call<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new UiError(result.error);
  return result.value;
}

/** An error payload (from a call, or from a sync state) as one line: message, provider class, request id. */
export function describePayload(payload: ErrorPayload): string {
  const provider = payload.provider;
  // Some provider messages already name the class or the request id: say each once.
  const extra = [
    provider?.errorClass && !payload.message.includes(provider.errorClass) ? provider.errorClass : undefined,
    provider?.requestId && !payload.message.includes(provider.requestId) ? `request id ${provider.requestId}` : undefined,
  ].filter(Boolean);
  return extra.length ? `${payload.message} (${extra.join(', ')})` : payload.message;
}

/** A message fit for the screen, with the provider's class and request id when there is one. */
export function describeError(error: unknown): string {
  if (!(error instanceof UiError)) return 'Something went wrong. Try again.';
  return describePayload(error.payload);
}

/** Field-level problems of an invalid input (`path: what is wrong`), when the error has them. */
export const issuesOf = (error: unknown): string[] => (error instanceof UiError ? (error.payload.issues ?? []) : []);
