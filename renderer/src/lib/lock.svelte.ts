/**
 * The app lock as the window sees it (`lock:status`, then `lock:changed`). Main enforces it; the
 * window follows: when it locks, every dialog closes (a secret shown once is wiped) and the list
 * shows names only; an action asked for while locked asks to unlock first, and runs after.
 */
import type { LockStatus, Result } from '../../../preload/contract';
import { api, call } from './api';
import { ui } from './ui.svelte';

class LockState {
  status = $state.raw<LockStatus>({ configured: false, locked: false, method: null, failures: 0, retryAt: null, biometric: false });
  /** Bumped to ask the unlock field for focus (an action was tried while locked). */
  askSeq = $state(0);
  /** What to do once unlocked (the action that was asked for). */
  #then: (() => void) | null = null;

  get locked(): boolean {
    return this.status.locked;
  }

  async load(): Promise<void> {
    this.#apply(await call(api().lock.status()));
  }

  /** Counts `lock:changed` events: an answer that crossed one on the way is older than it. */
  #events = 0;

  listen(): () => void {
    return api().on('lock:changed', (status) => {
      this.#events += 1;
      this.#apply(status);
    });
  }

  /**
   * The status an action answers, unless an event came in while it ran: main announces every
   * change as an event, in order, so that event (the action's own, or a lock that followed it,
   * say the screen locking) is at least as new as the answer.
   */
  async #answered(request: Promise<Result<LockStatus>>): Promise<void> {
    const seen = this.#events;
    const status = await call(request);
    if (this.#events === seen) this.#apply(status);
  }

  #apply(status: LockStatus): void {
    const locking = status.locked && !this.status.locked;
    const unlocking = !status.locked && this.status.locked;
    this.status = status;
    if (locking) ui.closeAll();
    if (unlocking) {
      const then = this.#then;
      this.#then = null;
      then?.();
    }
  }

  /** While locked: points the user to the unlock field and keeps `then` for after. Returns whether it is locked. */
  ask(then?: () => void): boolean {
    if (!this.status.locked) return false;
    this.#then = then ?? null;
    this.askSeq += 1;
    return true;
  }

  unlock(secret: string): Promise<void> {
    return this.#answered(api().lock.unlock({ secret }));
  }

  unlockWithBiometric(): Promise<void> {
    return this.#answered(api().lock.unlockBiometric());
  }

  lock(): Promise<void> {
    return this.#answered(api().lock.lock());
  }
}

export const lock = new LockState();
