/**
 * 403 Busy: an LDP service runs one operation at a time, so a create or delete sent while another
 * runs is refused. The client waits and sends again, with growing jittered waits, bounded.
 */
import type { Clock } from '../../net/clock';
import { backoffDelay } from '../../net/retry';
import { hasOvhCode } from './errors';
import type { BusyPolicy, OperationOptions } from './client-types';

export const DEFAULT_BUSY: BusyPolicy = { initialDelayMs: 1_000, maxDelayMs: 5_000, maxWaitMs: 60_000 };

/** Sends again after 403 Busy (one operation at a time per service), with growing jittered waits, bounded. */
export async function whileBusy<T>(send: () => Promise<T>, o: OperationOptions, deps: { clock: Clock; random: () => number; busy: BusyPolicy }): Promise<T> {
  const { clock, random, busy } = deps;
  const start = clock.monotonic();
  const steps = { baseDelayMs: busy.initialDelayMs, maxDelayMs: busy.maxDelayMs };
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (!hasOvhCode(error, 'Client::Forbidden::Busy')) throw error;
      const wait = backoffDelay(attempt - 1, steps, random);
      if (clock.monotonic() - start + wait > busy.maxWaitMs) throw error;
      o.onBusy?.({ attempt, waitMs: wait });
      await clock.sleep(wait, o.signal);
    }
  }
}
