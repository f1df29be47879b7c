/**
 * Per-account sync state, for the window (last success, the error shown on that account), and the
 * progress of a running sync ("312 of 1,000"), announced at most every PROGRESS_EVERY_MS so a
 * 10,000-token sync does not flood the window with events.
 */
import type { AccountSyncState, SyncProgress } from '../model';
import type { ListProgress } from './adapter';

const PROGRESS_EVERY_MS = 100;

export class SyncStates {
  readonly #states = new Map<string, AccountSyncState>();

  constructor(
    private readonly onChange: (states: AccountSyncState[]) => void,
    private readonly onProgress: (progress: SyncProgress) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  get(accountId: string): AccountSyncState {
    return this.#states.get(accountId) ?? { accountId, state: 'never', lastSyncedAt: null, notes: [] };
  }

  set(accountId: string, next: Partial<AccountSyncState>): void {
    const merged: AccountSyncState = { ...this.get(accountId), ...next, accountId };
    if (next.state && next.state !== 'error') delete merged.error;
    this.#states.set(accountId, merged);
    this.onChange(this.all());
  }

  forget(accountId: string): void {
    this.#states.delete(accountId);
    this.onChange(this.all());
  }

  all(): AccountSyncState[] {
    return [...this.#states.values()];
  }

  /** A counter for one sync of one account; the last step (all read) is always announced. */
  progress(accountId: string): ListProgress {
    let done = 0;
    let total = 0;
    let lastSent = -Infinity;
    const announce = (): void => {
      const at = this.now();
      if (done < total && at - lastSent < PROGRESS_EVERY_MS) return;
      lastSent = at;
      this.onProgress({ accountId, done, total });
    };
    return {
      expect: (count) => {
        total += count;
        announce();
      },
      read: (count = 1) => {
        done += count;
        announce();
      },
    };
  }
}
