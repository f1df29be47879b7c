/**
 * Bounded retries with jittered exponential backoff. The caller decides what is retryable (only
 * idempotent requests, on 5xx / 429 / network errors); this file only counts attempts and waits.
 * A server's Retry-After wins over the computed backoff; one longer than `maxRetryAfterMs` ends
 * the retries at once (the error then says when to try again, instead of the app hanging).
 */
import { sleep as realSleep } from './clock';

export interface RetryPolicy {
  /** Total attempts, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 4_000, maxRetryAfterMs: 30_000 };

export type RetryVerdict = { retry: false } | { retry: true; retryAfterMs?: number };

export interface RetryOptions {
  policy?: Partial<RetryPolicy>;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** 0 <= x < 1; injectable so tests can pin the jitter. */
  random?: () => number;
  signal?: AbortSignal;
  /** Called before each wait (for counters or logs; never given secrets). */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/**
 * The core's one backoff formula, "equal jitter": the step doubles from `baseDelayMs` up to
 * `maxDelayMs`, and the wait is half the step plus a random part of the other half. Spread, so
 * clients failing together do not come back together; never below half the step.
 */
export function backoffDelay(retryIndex: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.round(step / 2 + random() * (step / 2));
}

export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  classify: (error: unknown) => RetryVerdict,
  options: RetryOptions = {},
): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const wait = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let n = 1; ; n += 1) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= policy.maxAttempts || options.signal?.aborted) throw error;
      const verdict = classify(error);
      if (!verdict.retry) throw error;
      if (verdict.retryAfterMs !== undefined && verdict.retryAfterMs > policy.maxRetryAfterMs) throw error;
      const delayMs = verdict.retryAfterMs ?? backoffDelay(n - 1, policy, random);
      options.onRetry?.({ attempt: n, delayMs, error });
      await wait(delayMs, options.signal);
    }
  }
}
