/**
 * Wrong tries sent at once cost what they cost one after another: the lock service checks them
 * in turn, so a script that fires twenty guesses without waiting for the answers meets the same
 * growing delay as one that waits (and the right PIN among them does not slip through early).
 */
import { describe, expect, it } from 'vitest';
import { LockService, type LockDeps } from '../../../main/core/lock/lock-service';
import { retryDelayMs } from '../../../main/core/lock/verifier';
import { DEFAULT_SETTINGS } from '../../../main/core/settings/default-settings';

/** A cheap scrypt for tests: the cost is a parameter of the verifier, not of what is tested. */
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };
const START = Date.parse('2026-03-01T09:00:00Z');
const PIN = '424242';
const TRIES = 20;

/** A lock service over an in-memory slot and a clock that only moves when told (it never does here). */
async function lockedService(): Promise<LockService> {
  const items = new Map<string, string>();
  const deps: LockDeps = {
    slot: { get: async (k) => items.get(k) ?? null, set: async (k, v) => void items.set(k, v), delete: async (k) => items.delete(k) },
    settings: () => ({ ...DEFAULT_SETTINGS }),
    onChange: () => undefined,
    onLock: async () => undefined,
    audit: async () => undefined,
    now: () => START,
    cost: CHEAP,
  };
  await (await LockService.open(deps)).setup('pin', PIN);
  return LockService.open(deps); // a restart: starts locked
}

const wrong = (i: number) => String(100000 + i);

describe('app lock, tries sent at once', () => {
  it(`${TRIES} wrong PINs fired together count as ${TRIES} sent one by one, and the right PIN sent with them is refused`, async () => {
    // What twenty tries one after another give, with the clock standing still: three are checked,
    // the rest are refused by the delay without being checked.
    const sequential = await lockedService();
    const answers: string[] = [];
    for (let i = 0; i < TRIES; i++)
      answers.push(
        await sequential.unlock(wrong(i)).then(
          () => 'unlocked',
          (e: { code: string }) => e.code,
        ),
      );
    const expected = sequential.status();
    expect(expected).toMatchObject({ locked: true, failures: 3, retryAt: new Date(START + retryDelayMs(3)).toISOString() });

    // The same tries, and then the right PIN, all sent before any answer comes back.
    const parallel = await lockedService();
    const sent = [...Array.from({ length: TRIES }, (_, i) => parallel.unlock(wrong(i))), parallel.unlock(PIN)];
    const settled = await Promise.allSettled(sent);
    const codes = settled.map((s) => (s.status === 'fulfilled' ? 'unlocked' : (s.reason as { code: string }).code));

    // The count and the delay are those of tries one by one (not one failure: all checked at once).
    expect(parallel.status()).toEqual(expected);
    expect(parallel.locked).toBe(true);
    expect(codes.at(-1)).toBe('rate-limited');
    expect(codes.slice(0, TRIES)).toEqual(answers);
  });
});
