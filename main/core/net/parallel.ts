/**
 * Many requests in parallel under one signal (each still waits for a slot of the account's
 * limiter). Node's `AbortSignal.any` joins the caller's signal with our own; what is left here is
 * what it does not do: lift the listener limit (every request queued on the shared signal listens
 * to it, and a listing can queue hundreds) and cancel the rest after the first failure.
 */
import { setMaxListeners } from 'node:events';

/** The caller's signal, as one that any number of parallel requests may listen to (undefined without one). */
export function sharedSignal(parent?: AbortSignal): AbortSignal | undefined {
  if (!parent) return undefined;
  const signal = AbortSignal.any([parent]);
  setMaxListeners(0, signal);
  return signal;
}

/**
 * Runs `each` on every item in parallel; the first failure aborts the others (with that failure
 * as the reason) and is thrown once every one has settled, so nothing is left running. The
 * caller's abort wins over a failure.
 */
export async function allOrFirstError<I, T>(items: readonly I[], each: (item: I, signal: AbortSignal) => Promise<T>, parent?: AbortSignal): Promise<T[]> {
  const cancel = new AbortController();
  const signal = parent ? AbortSignal.any([parent, cancel.signal]) : cancel.signal;
  setMaxListeners(0, signal);
  let failure: { error: unknown } | undefined;
  const results = await Promise.allSettled(
    items.map((item) =>
      each(item, signal).catch((error: unknown) => {
        if (!failure) {
          failure = { error };
          cancel.abort(error);
        }
        throw error;
      }),
    ),
  );
  if (parent?.aborted) throw parent.reason;
  if (failure) throw failure.error;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
