/**
 * Time, injectable. Provider clients read the wall clock (signatures, Retry-After dates), a
 * monotonic clock (elapsed time that does not jump when the system clock changes or the laptop
 * sleeps) and sleep (backoff, polling, pauses). Tests pass their own clock to skip slow waits or
 * to move the wall clock; everything else uses `systemClock`.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface Clock {
  /** Wall-clock milliseconds since the Unix epoch. */
  now(): number;
  /** Monotonic milliseconds from an arbitrary origin; never jumps. */
  monotonic(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it is aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Node's abortable timer. It rejects an abort with its own `AbortError`; callers here expect the
 * reason the signal was aborted with (a user's cancel, a first failure), so that is passed on.
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(Math.max(0, ms), undefined, signal ? { signal } : undefined);
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  }
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  sleep,
};
