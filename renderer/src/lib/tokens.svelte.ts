/**
 * The token list as main sends it: all of it from `tokens:list` when the window (re)connects, then
 * what changed from every `tokens:changed` (added, changed, removed). Held as a raw array:
 * 10,000 summaries are replaced, never proxied field by field. Also the selected token.
 */
import type { TokensChanged, TokenSummary } from '../../../preload/contract';
import { api, call } from './api';

class TokensState {
  list = $state.raw<TokenSummary[]>([]);
  loaded = $state(false);
  selectedId = $state<string | null>(null);
  /** Bumped by `bringIntoView`: the list scrolls to the selected token (and shows it if a filter hid it). */
  bringSeq = $state(0);
  byId = $derived(new Map(this.list.map((t) => [t.id, t])));

  async load(): Promise<void> {
    const list = await call(api().tokens.list());
    // The first data the list paints from (read by the renderer benchmark).
    performance.mark('tokendesk:tokens-loaded');
    this.list = list;
    this.loaded = true;
  }

  listen(): () => void {
    return api().on('tokens:changed', (delta) => {
      this.list = applyDelta(this.list, delta);
    });
  }

  get selected(): TokenSummary | undefined {
    return this.selectedId ? this.byId.get(this.selectedId) : undefined;
  }

  select(id: string | null): void {
    this.selectedId = id;
  }

  /** Selects a token and asks the list to scroll to it (a notification click). */
  bringIntoView(id: string): void {
    this.selectedId = id;
    this.bringSeq += 1;
  }
}

export const tokens = new TokensState();

/**
 * The list after a delta: changed entries replaced where they stand, removed ones dropped, added
 * ones appended. An entry the window already has counts as changed, and a change for one it does
 * not have yet (it connected mid-way) as added.
 */
export function applyDelta(list: readonly TokenSummary[], delta: TokensChanged): TokenSummary[] {
  if (delta.added.length === 0 && delta.changed.length === 0 && delta.removed.length === 0) return list as TokenSummary[];
  const updates = new Map([...delta.added, ...delta.changed].map((t) => [t.id, t]));
  const removed = new Set(delta.removed);
  const next: TokenSummary[] = [];
  for (const token of list) {
    if (removed.has(token.id)) continue;
    next.push(updates.get(token.id) ?? token);
    updates.delete(token.id);
  }
  next.push(...updates.values());
  return next;
}
