/** Per-account sync state, for the window (progress, last success, the error shown on that account). */
import type { AccountSyncState } from '../model';

export class SyncStates {
  readonly #states = new Map<string, AccountSyncState>();

  constructor(private readonly onChange: (states: AccountSyncState[]) => void) {}

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
}
