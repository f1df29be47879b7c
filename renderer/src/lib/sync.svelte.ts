/**
 * Per-account sync state (`tokens:syncStatus`, then `sync:changed`). A sync that fails raises a
 * toast once, when this window sees it fail; an error that was there before the window opened is
 * shown on its account (sidebar dot, account header), not raised again at every load.
 */
import type { AccountSyncState, SyncProgress } from '../../../preload/contract';
import { accounts } from './accounts.svelte';
import { api, call, describeError, describePayload } from './api';
import { toasts } from './toasts.svelte';

class SyncState {
  list = $state.raw<AccountSyncState[]>([]);
  byAccount = $derived(new Map(this.list.map((s) => [s.accountId, s])));
  syncing = $derived(this.list.filter((s) => s.state === 'syncing').length);
  failed = $derived(this.list.filter((s) => s.state === 'error'));
  /** The most recent successful sync of any account (ISO), for the status bar. */
  lastSyncedAt = $derived(
    this.list.reduce<string | null>((latest, s) => (s.lastSyncedAt && (!latest || s.lastSyncedAt > latest) ? s.lastSyncedAt : latest), null),
  );
  /** Tokens read so far by each running sync ("312 of 1,000"), from `sync:progress`. */
  progress = $state.raw<ReadonlyMap<string, SyncProgress>>(new Map());
  /** Every running sync's progress added up: what the status bar's bar shows. */
  reading = $derived([...this.progress.values()].reduce((sum, p) => ({ done: sum.done + p.done, total: sum.total + p.total }), { done: 0, total: 0 }));
  /** Accounts a "Sync now" was asked for and has not come back yet (before main says "syncing"). */
  requested = $state.raw<ReadonlySet<string>>(new Set());

  async load(): Promise<void> {
    this.list = await call(api().tokens.syncStatus());
  }

  listen(): () => void {
    const stops = [
      api().on('sync:changed', (states) => this.#apply(states)),
      api().on('sync:progress', (progress) => (this.progress = new Map([...this.progress, [progress.accountId, progress]]))),
    ];
    return () => stops.forEach((stop) => stop());
  }

  #apply(next: AccountSyncState[]): void {
    const before = this.byAccount;
    for (const state of next) {
      const was = before.get(state.accountId);
      // One toast per failure this window saw happen: the state went from syncing to error.
      if (state.state === 'error' && state.error && was?.state === 'syncing') {
        const label = accounts.list.find((a) => a.id === state.accountId)?.label ?? 'an account';
        toasts.error(`Sync of “${label}” failed: ${describePayload(state.error)}`);
      }
    }
    this.list = next;
    // A sync that ended takes its progress with it.
    const running = new Set(next.filter((st) => st.state === 'syncing').map((st) => st.accountId));
    if ([...this.progress.keys()].some((id) => !running.has(id))) this.progress = new Map([...this.progress].filter(([id]) => running.has(id)));
  }

  isSyncing(accountId?: string): boolean {
    if (accountId === undefined) return this.syncing > 0 || this.requested.size > 0;
    return this.byAccount.get(accountId)?.state === 'syncing' || this.requested.has(accountId) || this.requested.has('*');
  }

  /** Syncs one account, or all of them; failures per account arrive as sync states. */
  async sync(accountId?: string): Promise<void> {
    const key = accountId ?? '*';
    this.requested = new Set([...this.requested, key]);
    try {
      this.#apply(await call(api().tokens.sync(accountId ? { accountId } : {})));
    } catch (error) {
      toasts.error(`Sync failed: ${describeError(error)}`);
    } finally {
      const next = new Set(this.requested);
      next.delete(key);
      this.requested = next;
    }
  }
}

export const sync = new SyncState();
