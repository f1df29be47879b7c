import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClipboardGuard } from '../../main/core/clipboard/clipboard-guard';
import type { ClipboardState } from '../../main/core/model';
import { createRecordingPlatform, type RecordingPlatform } from '../harness/recording-platform';

describe('clipboard guard', () => {
  let platform: RecordingPlatform;
  let states: ClipboardState[];
  let guard: ClipboardGuard;
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-11-22T10:00:00Z') });
    platform = createRecordingPlatform();
    states = [];
    guard = new ClipboardGuard(
      platform.clipboard,
      () => 30,
      (s) => states.push(s),
    );
  });
  afterEach(() => vi.useRealTimers());

  it('copies concealed and clears after the timeout when the clipboard still holds the value', async () => {
    await guard.copy('t1', 'the-secret');
    expect(platform.clipboardText()).toBe('the-secret');
    expect(platform.recorded.clipboardWrites).toEqual([{ concealed: true }]);
    expect(states).toEqual([{ state: 'holding', tokenId: 't1', clearsAt: '2026-11-22T10:00:30.000Z' }]);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(platform.clipboardText()).toBe('the-secret');
    await vi.advanceTimersByTimeAsync(1);
    expect(platform.clipboardText()).toBe('');
    expect(states.at(-1)).toEqual({ state: 'idle', tokenId: 't1', outcome: 'cleared' });
  });

  it('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    await guard.copy('t1', 'the-secret');
    platform.userCopies('my shopping list');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(platform.clipboardText()).toBe('my shopping list');
    expect(states.at(-1)).toEqual({ state: 'idle', tokenId: 't1', outcome: 'left-alone' });
  });

  it('clears on quit (before the timeout), and only once', async () => {
    await guard.copy('t1', 'the-secret');
    expect(await guard.clear()).toBe('cleared');
    expect(platform.clipboardText()).toBe('');
    expect(await guard.clear()).toBe('nothing-pending');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(states.filter((s) => s.state === 'idle')).toHaveLength(1);
  });

  it('a second copy replaces the first and restarts the timer', async () => {
    await guard.copy('t1', 'first');
    await vi.advanceTimersByTimeAsync(20_000);
    await guard.copy('t2', 'second');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(platform.clipboardText()).toBe('second');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(platform.clipboardText()).toBe('');
    expect(guard.holding).toBeNull();
  });
});
