/** Expiry notifications over a real store file, with a controllable clock (vitest fake timers). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExpiryAlerter } from '../../main/core/alerts/expiry-alerter';
import { openStore } from '../support/store';
import type { TokenRecord } from '../../main/core/model';
import { tokenRecord } from '../support/records';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-22T12:00:00Z');

const record = (id: string, expiresAt: number) => tokenRecord(id, expiresAt);

describe('expiry alerter', () => {
  let dir: string;
  let sent: Array<{ title: string; tokenId?: string }>;
  const alerter = (records: TokenRecord[]) =>
    new ExpiryAlerter(
      openStore(dir).store,
      () => records,
      () => 'Prod',
      (n) => sent.push(n),
      () => [14, 7, 1, 0],
      Date.now,
    );

  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    dir = mkdtempSync(join(tmpdir(), 'tokendesk-alerts-'));
    sent = [];
  });
  afterEach(() => vi.useRealTimers());

  it('wakes up at each threshold and notifies once per threshold', async () => {
    const a = alerter([record('ingest', T0 + 8 * DAY)]);
    await a.check();
    expect(sent.map((s) => s.title)).toEqual(['Token expiring: ingest']); // 14 d crossed already
    await vi.advanceTimersByTimeAsync(DAY - 1);
    await a.whenIdle();
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1); // 7 d before expiry
    await a.whenIdle();
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(6 * DAY); // 1 d
    await a.whenIdle();
    await vi.advanceTimersByTimeAsync(DAY); // expired
    await a.whenIdle();
    expect(sent.map((s) => s.title)).toEqual(['Token expiring: ingest', 'Token expiring: ingest', 'Token expiring: ingest', 'Token expired: ingest']);
    expect(sent.every((s) => s.tokenId === 'ingest')).toBe(true);
    a.stop();
  });

  it('catches up after the app was closed: one notification, and none again after a restart', async () => {
    const records = [record('ingest', T0 + 20 * DAY)];
    const first = alerter(records);
    await first.check();
    first.stop();
    expect(sent).toEqual([]);
    vi.setSystemTime(T0 + 19.5 * DAY); // closed for 19.5 days: 14 d, 7 d and 1 d all passed
    const second = alerter(records);
    await second.check();
    second.stop();
    expect(sent.map((s) => s.title)).toEqual(['Token expiring: ingest']);
    const third = alerter(records);
    await third.check();
    third.stop();
    expect(sent).toHaveLength(1);
  });
});
