/**
 * Expiry math. LogScale's `expireAt` is epoch milliseconds (reference §2.1); null means never.
 * A day is 24 h of wall-clock-independent milliseconds: epoch time has no DST.
 */
import { AppError } from '../../errors';
import type { DurationUnit, ExpirySpec } from './types';

export const DURATION_UNIT_MS: Readonly<Record<DurationUnit, number>> = {
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

/** Turns a form's expiry into the `expireAt` to send, using `now` (epoch ms) from the injected clock. */
export function expiryToEpochMs(spec: ExpirySpec, now: number): number | null {
  switch (spec.kind) {
    case 'never':
      return null;
    case 'duration': {
      const unitMs = DURATION_UNIT_MS[spec.unit];
      if (unitMs === undefined) {
        throw new AppError('invalid-input', 'The expiry unit must be minutes, hours or days.', { issues: ['expiry.unit: must be minutes, hours or days'] });
      }
      if (typeof spec.amount !== 'number' || !Number.isFinite(spec.amount) || spec.amount <= 0) {
        throw new AppError('invalid-input', 'The expiry must be a positive number of minutes, hours or days.', {
          issues: ['expiry.amount: must be a positive number'],
        });
      }
      const at = now + Math.round(spec.amount * unitMs);
      if (!Number.isSafeInteger(at)) {
        throw new AppError('invalid-input', 'The expiry is too far in the future.', { issues: ['expiry.amount: too large'] });
      }
      return at;
    }
    case 'date': {
      const at = toEpochMs(spec.at);
      if (at === null) {
        throw new AppError('invalid-input', 'The expiry date is not a valid date.', { issues: ['expiry.at: not a valid date'] });
      }
      if (at <= now) {
        throw new AppError('invalid-input', 'The expiry date must be in the future.', { issues: ['expiry.at: must be in the future'] });
      }
      return at;
    }
    default:
      throw new AppError('invalid-input', 'The expiry must be never, a duration or a date.', { issues: ['expiry.kind: must be never, duration or date'] });
  }
}

function toEpochMs(value: Date | number | string): number | null {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) && Number.isSafeInteger(Math.round(ms)) ? Math.round(ms) : null;
}
