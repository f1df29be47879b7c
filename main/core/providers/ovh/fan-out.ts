/**
 * Many reads in parallel (within the account's cap, which the transport enforces) under one
 * signal, the first failure cancelling the rest.
 */
import { setMaxListeners } from 'node:events';

/**
 * A signal for many parallel requests (each of which listens to it): no listener limit, follows
 * the caller's signal, and can be aborted on its own (to cancel the rest after a failure).
 */
export function fanOut(parent?: AbortSignal): { signal: AbortSignal; abort(reason: unknown): void; done(): void } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const forward = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) forward();
  else parent?.addEventListener('abort', forward, { once: true });
  return { signal: controller.signal, abort: (reason) => controller.abort(reason), done: () => parent?.removeEventListener('abort', forward) };
}

/** Runs `each` on every item in parallel (within the cap); the first failure cancels the rest and is thrown. */
export async function allOrFirstError<I, T>(items: readonly I[], each: (item: I, signal: AbortSignal) => Promise<T>, parent?: AbortSignal): Promise<T[]> {
  const fan = fanOut(parent);
  let failure: { error: unknown } | undefined;
  try {
    const results = await Promise.allSettled(
      items.map((item) =>
        each(item, fan.signal).catch((error: unknown) => {
          if (!failure) {
            failure = { error };
            fan.abort(error);
          }
          throw error;
        }),
      ),
    );
    if (parent?.aborted) throw parent.reason;
    if (failure) throw failure.error;
    return results.map((r) => (r as PromiseFulfilledResult<T>).value);
  } finally {
    fan.done();
  }
}
