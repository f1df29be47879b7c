/**
 * Politeness: at most `maxInFlight` tasks of one account run at once (default 8); the rest wait
 * in FIFO order, except `urgent` ones (retries: work already started) which go to the front, so
 * a failing request reaches its verdict before a long queue of new work is sent. `pauseFor(ms)`
 * holds back new starts for a while (after a 429 with Retry-After, so the whole account backs off
 * instead of every queued request hitting the limit again). Tasks already running are not affected.
 * Pauses are measured and waited on the account's clock, so a test's clock drives them too.
 */
import { systemClock, type Clock } from './clock';

export const DEFAULT_MAX_IN_FLIGHT = 8;

export interface LimiterOptions {
  /** A number, or a function read at each start (a setting the user may change at any time). */
  maxInFlight?: number | (() => number);
  /** Measures and waits out pauses (default: the system clock). */
  clock?: Pick<Clock, 'monotonic' | 'sleep'>;
}

export interface Limiter {
  /** Runs `task` when a slot is free. Aborting `signal` while queued rejects with its reason. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal, options?: { urgent?: boolean }): Promise<T>;
  /** No new task starts for `ms` (extends, never shortens, a running pause). */
  pauseFor(ms: number): void;
  readonly maxInFlight: number;
  readonly inFlight: number;
  readonly queued: number;
}

interface Waiter {
  start: () => void;
  reject: (reason: unknown) => void;
}

export function createLimiter(options: LimiterOptions = {}): Limiter {
  const limit = options.maxInFlight;
  const maxInFlight = (): number => Math.max(1, Math.floor((typeof limit === 'function' ? limit() : limit) ?? DEFAULT_MAX_IN_FLIGHT));
  const clock = options.clock ?? systemClock;
  const queue: Waiter[] = [];
  let active = 0;
  let paused = false;
  let pauseEnd = 0;
  let pauseGeneration = 0;

  const dispatch = (): void => {
    while (!paused && active < maxInFlight() && queue.length > 0) {
      active += 1;
      queue.shift()!.start();
    }
  };

  return {
    get maxInFlight() {
      return maxInFlight();
    },
    get inFlight() {
      return active;
    },
    get queued() {
      return queue.length;
    },
    pauseFor(ms) {
      const end = clock.monotonic() + ms;
      if (ms <= 0 || (paused && end <= pauseEnd)) return;
      paused = true;
      pauseEnd = end;
      const generation = ++pauseGeneration;
      void clock.sleep(ms).then(() => {
        if (generation !== pauseGeneration) return; // a longer pause replaced this one
        paused = false;
        dispatch();
      });
    },
    run<T>(task: () => Promise<T>, signal?: AbortSignal, options: { urgent?: boolean } = {}): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const waiter: Waiter = {
          start: () => {
            signal?.removeEventListener('abort', onAbort);
            // The slot is handed on before the caller hears back, so the queue never stalls.
            task()
              .finally(() => {
                active -= 1;
                dispatch();
              })
              .then(resolve, reject);
          },
          reject,
        };
        const onAbort = (): void => {
          const index = queue.indexOf(waiter);
          if (index >= 0) {
            queue.splice(index, 1);
            reject(signal?.reason);
          }
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        if (options.urgent) queue.unshift(waiter);
        else queue.push(waiter);
        dispatch();
      });
    },
  };
}
