/**
 * The window's countdown by the minute clock (renderer/src/lib/format.ts): never a minute long on
 * either side of the expiry. CI met the "after" side: one minute and two seconds after an expiry
 * at hh:mm:59 the row read "expired 2 min ago" (it counted from the end of the current minute).
 */
import { describe, expect, it } from 'vitest';
import { expiryPhrase, MINUTE, minuteCountdown } from '../../renderer/src/lib/format';

const at = (minutes: number, seconds: number): number => Date.UTC(2026, 10, 30, 12, minutes, seconds);
const minuteOf = (time: number): number => Math.floor(time / MINUTE) * MINUTE;

describe('minuteCountdown', () => {
  it('before the expiry: from the end of the current minute, a minute short at most', () => {
    const expires = at(30, 59);
    expect(minuteCountdown(expires, minuteOf(at(20, 10)))).toBe('in 9 m'); // 10 m 49 s left
    expect(minuteCountdown(null, minuteOf(at(20, 10)))).toBe('never');
  });

  it('after it: from the start of the current minute, never before the expiry, whatever second it expired at', () => {
    for (const second of [0, 1, 30, 57, 58, 59]) {
      const expires = at(30, second);
      // 1 min 2 s after the expiry: "1 min ago" or, counted from the start of the minute, "just now".
      expect(minuteCountdown(expires, minuteOf(expires + MINUTE + 2_000))).toMatch(/^expired (just now|1 min ago)$/);
      // 10 s after: the minute that began before the expiry does not make it "in" anything.
      expect(minuteCountdown(expires, minuteOf(expires + 10_000))).toMatch(/^expired just now$/);
      // 5 min 30 s after: 4 or 5, never 6.
      expect(minuteCountdown(expires, minuteOf(expires + 5 * MINUTE + 30_000))).toMatch(/^expired [45] min ago$/);
    }
  });
});

describe('expiryPhrase (the details pane, after its status label)', () => {
  it('says "expires in …" before, only how long ago after ("Expired 2 min ago"), "never expires" without an expiry', () => {
    const expires = at(30, 0);
    expect(expiryPhrase(expires, minuteOf(at(20, 10)))).toBe('expires in 9 m');
    expect(expiryPhrase(expires, minuteOf(expires + 2 * MINUTE + 5_000))).toBe('2 min ago');
    expect(expiryPhrase(expires, minuteOf(expires + 10_000))).toBe('just now');
    expect(expiryPhrase(null, minuteOf(at(20, 10)))).toBe('never expires');
  });
});
