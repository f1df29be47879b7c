import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { expiryToEpochMs } from '../../../main/core/providers/logscale';

const NOW = Date.UTC(2026, 2, 28, 23, 30, 0); // the night before a European DST switch

describe('LogScale expiry math (epoch ms, injected clock)', () => {
  it('turns minutes, hours and days into epoch milliseconds', () => {
    expect(expiryToEpochMs({ kind: 'duration', amount: 15, unit: 'minutes' }, NOW)).toBe(NOW + 15 * 60_000);
    expect(expiryToEpochMs({ kind: 'duration', amount: 12, unit: 'hours' }, NOW)).toBe(NOW + 12 * 3_600_000);
    expect(expiryToEpochMs({ kind: 'duration', amount: 30, unit: 'days' }, NOW)).toBe(NOW + 30 * 86_400_000);
    // A day is 24 h of epoch time whatever the local DST does.
    expect(expiryToEpochMs({ kind: 'duration', amount: 1, unit: 'days' }, NOW)).toBe(Date.UTC(2026, 2, 29, 23, 30, 0));
    expect(expiryToEpochMs({ kind: 'duration', amount: 1.5, unit: 'hours' }, NOW)).toBe(NOW + 90 * 60_000);
  });

  it('accepts a future date as Date, ISO string or epoch ms, and never', () => {
    const at = Date.UTC(2026, 5, 1);
    expect(expiryToEpochMs({ kind: 'date', at: new Date(at) }, NOW)).toBe(at);
    expect(expiryToEpochMs({ kind: 'date', at: '2026-06-01T00:00:00Z' }, NOW)).toBe(at);
    expect(expiryToEpochMs({ kind: 'date', at }, NOW)).toBe(at);
    expect(expiryToEpochMs({ kind: 'never' }, NOW)).toBeNull();
  });

  it('refuses past dates, bad dates and non-positive durations with invalid-input', () => {
    const refused = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        return (error as AppError).toPayload();
      }
      throw new Error('expected a refusal');
    };
    expect(refused(() => expiryToEpochMs({ kind: 'date', at: NOW }, NOW))).toMatchObject({
      code: 'invalid-input',
      issues: ['expiry.at: must be in the future'],
    });
    expect(refused(() => expiryToEpochMs({ kind: 'date', at: 'next tuesday' }, NOW)).code).toBe('invalid-input');
    expect(refused(() => expiryToEpochMs({ kind: 'duration', amount: 0, unit: 'days' }, NOW)).code).toBe('invalid-input');
    expect(refused(() => expiryToEpochMs({ kind: 'duration', amount: -3, unit: 'hours' }, NOW)).code).toBe('invalid-input');
    expect(refused(() => expiryToEpochMs({ kind: 'duration', amount: Number.NaN, unit: 'minutes' }, NOW)).code).toBe('invalid-input');
    expect(refused(() => expiryToEpochMs({ kind: 'duration', amount: 1, unit: 'weeks' as 'days' }, NOW)).code).toBe('invalid-input');
    expect(refused(() => expiryToEpochMs({ kind: 'duration', amount: 1e15, unit: 'days' }, NOW)).code).toBe('invalid-input');
  });
});
