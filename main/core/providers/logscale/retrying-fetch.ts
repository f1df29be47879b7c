/**
 * Retries for LogScale reads only: a GraphQL *query* (and GET /api/v1/status) that met a 5xx, a
 * 429 or a network error is sent again with jittered backoff (main/core/net/retry.ts), honouring
 * Retry-After. Mutations are never replayed, deletes included: a delete sent twice would come back
 * as "nothing was deleted" and mislead the admin.
 */
import { parseRetryAfter, withRetry, type RetryOptions } from '../../net';
import type { FetchLike } from './transport';

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
