/**
 * The app lock in the core: starts locked once a PIN is set, unlocks with the right one only,
 * makes wrong tries wait longer and longer (and remembers them across a restart), locks when the
 * system is idle or the screen locks, clears a pending copy when it locks, and keeps the verifier
 * (never the PIN) behind the slot.
 */
import { describe, expect, it } from 'vitest';
import { LockService, type LockDeps } from '../../../main/core/lock/lock-service';
import { retryDelayMs } from '../../../main/core/lock/verifier';
import { VERIFIER_KEY } from '../../../main/core/vault/vault-keys';
import { DEFAULT_SETTINGS } from '../../../main/core/settings/default-settings';
import type { AuditFacts, LockStatus, Settings } from '../../../main/core/model';

/** A cheap scrypt for tests: the cost is a parameter of the verifier, not of what is tested. */
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

function world(start = Date.parse('2026-03-01T09:00:00Z')) {
  const items = new Map<string, string>();
  let now = start;
  let idle = 0;
  const screen = new Set<() => void>();
  const events: LockStatus[] = [];
  const audit: AuditFacts[] = [];
  let cleared = 0;
  let settings: Settings = { ...DEFAULT_SETTINGS };
  let touchId: boolean | null = null;
  const deps = (): LockDeps => ({
    slot: { get: async (k) => items.get(k) ?? null, set: async (k, v) => void items.set(k, v), delete: async (k) => items.delete(k) },
    settings: () => settings,
    power: { idleSeconds: () => idle, onLockScreen: (l) => (screen.add(l), () => void screen.delete(l)) },
    biometric: { available: () => touchId !== null, prompt: async () => touchId === true },
    onChange: (s) => void events.push(s),
    onLock: async () => void (cleared += 1),
    audit: async (f) => void audit.push(f),
    now: () => now,
    cost: CHEAP,
  });
  return {
    items,
    events,
    audit,
    open: () => LockService.open(deps()),
    advance: (ms: number) => void (now += ms),
    setIdle: (seconds: number) => void (idle = seconds),
    lockScreen: () => screen.forEach((l) => l()),
    listeners: () => screen.size,
    set: (change: Partial<Settings>) => void (settings = { ...settings, ...change }),
    touchId: (answer: boolean | null) => void (touchId = answer),
    cleared: () => cleared,
  };
}

describe('app lock', () => {
  it('is off until a PIN is set; then the app starts locked and only the right PIN unlocks it', async () => {
    const w = world();
    const lock = await w.open();
    expect(lock.status()).toMatchObject({ configured: false, locked: false, method: null });
    expect(() => lock.assertUnlocked()).not.toThrow();
    await lock.setup('pin', '424242');
    expect(lock.status()).toMatchObject({ configured: true, locked: false, method: 'pin' });
    // The slot holds a verifier, not the PIN.
    const stored = w.items.get(VERIFIER_KEY)!;
    expect(stored).not.toContain('424242');
    expect(JSON.parse(stored)).toMatchObject({ v: 1, method: 'pin', cost: CHEAP });

    const restarted = await w.open();
    expect(restarted.status()).toMatchObject({ configured: true, locked: true });
    expect(() => restarted.assertUnlocked()).toThrow(expect.objectContaining({ code: 'locked' }));
    await expect(restarted.unlock('000000')).rejects.toMatchObject({ code: 'auth', message: 'That PIN is not right.' });
    expect(restarted.locked).toBe(true);
    await restarted.unlock('424242');
    expect(restarted.status()).toMatchObject({ locked: false, failures: 0 });
    expect(w.audit.map((a) => [a.action, a.note])).toEqual([
      ['lock-enabled', 'pin'],
      ['unlock-failed', 'wrong try 1'],
      ['unlocked', 'pin'],
    ]);
  });

  it('after three wrong tries each try waits longer, even the right one, and the count survives a restart', async () => {
    const w = world();
    await (await w.open()).setup('passphrase', 'correct horse battery');
    let lock = await w.open();
    for (let i = 0; i < 2; i++) await expect(lock.unlock('wrong guess')).rejects.toMatchObject({ code: 'auth' });
    await expect(lock.unlock('wrong guess')).rejects.toMatchObject({
      code: 'auth',
      message: 'That passphrase is not right. Wait 5 seconds before the next try.',
    });
    expect(lock.status()).toMatchObject({ failures: 3, retryAt: new Date(Date.parse('2026-03-01T09:00:05Z')).toISOString() });
    // Too early, even with the right passphrase: refused without checking it.
    await expect(lock.unlock('correct horse battery')).rejects.toMatchObject({
      code: 'rate-limited',
      message: 'Too many wrong tries: wait 5 seconds before the next one.',
    });
    expect(lock.locked).toBe(true);

    // A restart does not reset the count.
    lock = await w.open();
    expect(lock.status().failures).toBe(3);
    w.advance(5_000);
    await expect(lock.unlock('still wrong')).rejects.toMatchObject({ message: expect.stringContaining('Wait 10 seconds') });
    w.advance(10_000);
    await lock.unlock('correct horse battery');
    expect(lock.status()).toMatchObject({ locked: false, failures: 0, retryAt: null });
  });

  it('the delay grows from 5 s, doubling, and stops at 15 minutes', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 12, 40].map(retryDelayMs)).toEqual([0, 0, 0, 5_000, 10_000, 20_000, 40_000, 900_000, 900_000]);
  });

  it('locks after the idle time and when the screen locks (each a setting), and clears a pending copy when it does', async () => {
    const w = world();
    const lock = await w.open();
    const stop = lock.watch();
    lock.checkIdle();
    w.lockScreen();
    expect(lock.locked).toBe(false); // no PIN: nothing to lock
    await lock.setup('pin', '135790');

    w.set({ lockIdleMinutes: 10 });
    w.setIdle(9 * 60 + 59);
    lock.checkIdle();
    expect(lock.locked).toBe(false);
    w.setIdle(10 * 60);
    lock.checkIdle();
    expect(lock.locked).toBe(true);
    expect(w.cleared()).toBe(1);
    expect(w.events.at(-1)).toMatchObject({ locked: true });

    await lock.unlock('135790');
    w.set({ lockIdleMinutes: 0 });
    w.setIdle(24 * 3600);
    lock.checkIdle();
    expect(lock.locked).toBe(false); // 0: never on idle

    w.set({ lockOnScreenLock: false });
    w.lockScreen();
    expect(lock.locked).toBe(false);
    w.set({ lockOnScreenLock: true });
    w.lockScreen();
    expect(lock.locked).toBe(true);
    stop();
    expect(w.listeners()).toBe(0);
  });

  it('changing or removing the PIN needs the current one; Touch ID unlocks only when it confirms', async () => {
    const w = world();
    const lock = await w.open();
    await lock.setup('pin', '112233');
    await expect(lock.setup('pin', '445566')).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(lock.setup('pin', '445566', '999999')).rejects.toMatchObject({ code: 'auth' });
    await lock.setup('passphrase', 'a longer passphrase', '112233');
    expect(lock.status().method).toBe('passphrase');

    expect(lock.status().biometric).toBe(false);
    w.touchId(false);
    expect(lock.status().biometric).toBe(true);
    lock.lock();
    await expect(lock.unlockWithBiometric()).rejects.toMatchObject({ code: 'auth' });
    expect(lock.locked).toBe(true);
    w.touchId(true);
    await lock.unlockWithBiometric();
    expect(lock.locked).toBe(false);
    // The refused prompt left no trace; the confirmed one is in the log, with how.
    expect(w.audit.filter((a) => a.action === 'unlocked').map((a) => a.note)).toEqual(['Touch ID']);

    await expect(lock.disable('112233')).rejects.toMatchObject({ code: 'auth' });
    await lock.disable('a longer passphrase');
    expect(lock.status()).toMatchObject({ configured: false, locked: false });
    expect(w.items.has(VERIFIER_KEY)).toBe(false);
    expect(() => lock.lock()).toThrow(expect.objectContaining({ code: 'conflict' }));
  });
});
