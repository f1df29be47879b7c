/**
 * The renderer's door to main: `window.tokendesk`, exposed by the preload (or by the browser
 * harness with the same contract). `call` unwraps a Result and throws a UiError the views show.
 */
import type { TokendeskApi } from '../../../preload/bridge';
import type { Result } from '../../../preload/contract';
import type { ErrorPayload } from '../../../main/core/errors';

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

/** A message fit for the screen, with the provider's class and request id when there is one. */
export function describeError(error: unknown): string {
  if (!(error instanceof UiError)) return 'Something went wrong. Try again.';
  const provider = error.payload.provider;
  const extra = [provider?.errorClass, provider?.requestId ? `request id ${provider.requestId}` : undefined].filter(Boolean);
  return extra.length ? `${error.message} (${extra.join(', ')})` : error.message;
}
