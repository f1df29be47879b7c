import { describe, expect, it } from 'vitest';
import { dueAlerts, nextAlertAt } from '../../main/core/alerts/expiry-alerts';
import { describeDuration } from '../../main/core/durations';
import type { TokenRecord } from '../../main/core/model';
import { tokenRecord } from '../support/records';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-22T12:00:00Z');
const token = (id: string, expiresInMs: number | null, extra: Partial<TokenRecord> = {}): TokenRecord =>
  tokenRecord(id, expiresInMs === null ? null : NOW + expiresInMs, { name: `token-${id}`, ...extra });
const T = [14, 7, 1, 0];
const label = () => 'Prod';

describe('expiry alerts', () => {
  it('sends the threshold just crossed, once', () => {
    const tokens = [token('a', 13 * DAY), token('b', 30 * DAY), token('c', null)];
    const first = dueAlerts(tokens, {}, T, NOW, label);
    expect(first.alerts).toEqual([
      { tokenId: 'a', thresholdDays: 14, title: 'Token expiring: token-a', body: '“token-a” (Prod) expires in 13 days. Rotate it to keep its users working.' },
    ]);
    expect(first.sent).toEqual({ a: [14] });
    expect(dueAlerts(tokens, first.sent, T, NOW + 1000, label).alerts).toEqual([]);
  });

  it('catches up after the app was closed: one alert, the most urgent, all crossed marked sent', () => {
    const { alerts, sent } = dueAlerts([token('a', 12 * 3_600_000)], { a: [14] }, T, NOW, label);
    expect(alerts.map((a) => [a.thresholdDays, a.title])).toEqual([[1, 'Token expiring: token-a']]);
    expect(alerts[0]!.body).toContain('expires in 12 hours');
    expect(sent).toEqual({ a: [14, 7, 1] });
  });

  it('says when a token has expired, and ignores revoked ones', () => {
    const { alerts } = dueAlerts([token('a', -DAY), token('b', -DAY, { status: 'revoked' })], {}, T, NOW, label);
    expect(alerts.map((a) => [a.tokenId, a.thresholdDays, a.title])).toEqual([['a', 0, 'Token expired: token-a']]);
  });

  it('knows when to wake up next', () => {
    const tokens = [token('a', 20 * DAY), token('b', 8 * DAY)];
    expect(nextAlertAt(tokens, {}, T, NOW)).toBe(NOW + DAY); // b crosses 7 d in one day
    expect(nextAlertAt([token('c', -DAY)], { c: [14, 7, 1, 0] }, T, NOW)).toBeNull();
  });

  it('words durations for people', () => {
    expect(describeDuration(DAY, 1)).toBe('1 day');
    expect(describeDuration(3 * 3_600_000, 1)).toBe('3 hours');
    expect(describeDuration(10_000, 1)).toBe('10 seconds');
    expect(describeDuration(150)).toBe('150 ms');
    expect(describeDuration(90 * 60_000)).toBe('1 hour 30 minutes');
    expect(describeDuration(86_400_000 + 6 * 3_600_000 + 1)).toBe('1 day 6 hours 1 minute');
    expect(describeDuration(86_400_000 + 6 * 3_600_000 + 1, 2)).toBe('1 day 6 hours');
  });
});
