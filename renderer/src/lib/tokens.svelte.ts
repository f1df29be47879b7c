/**
 * The token list as main sends it (`tokens:list`, then every `tokens:changed`), held as a raw array:
 * 10,000 summaries are replaced, never proxied field by field. Also the selected token.
 */
import type { TokenSummary } from '../../../preload/contract';
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
    return api().on('tokens:changed', (list) => {
      this.list = list;
      this.loaded = true;
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
