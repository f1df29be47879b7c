/**
 * The details of the selected token (`tokens:detail`): read when the selection changes, and again
 * when the token itself changes (a sync, a revoke) or its history may have grown (a copy, a dialog
 * closed after a reveal or a verify). Not read while the app is locked.
 */
import type { TokenDetail, TokenSummary } from '../../../preload/contract';
import { api, call, describeError } from './api';
import { clipboard } from './clipboard.svelte';
import { lock } from './lock.svelte';
import { tokens } from './tokens.svelte';
import { ui } from './ui.svelte';

class DetailState {
  value = $state.raw<TokenDetail | null>(null);
  error = $state('');
  #seq = 0;
  #for: TokenSummary | null = null;
  #stamp: unknown = null;

  /** Follows the selection (call from an $effect). */
  follow(): void {
    const token = tokens.selected;
    const locked = lock.locked;
    if (!token || locked) {
      this.#seq += 1;
      this.#for = null;
      this.value = null;
      this.error = '';
      return;
    }
    const stamp = [clipboard.state, ui.dialog === null];
    if (token === this.#for && stamp[0] === (this.#stamp as unknown[] | null)?.[0] && stamp[1] === (this.#stamp as unknown[] | null)?.[1]) return;
    this.#for = token;
    this.#stamp = stamp;
    void this.#load(token);
  }

  async #load(token: TokenSummary): Promise<void> {
    const seq = ++this.#seq;
    try {
      const detail = await call(api().tokens.detail({ id: token.id }));
      if (seq === this.#seq) {
        this.value = detail;
        this.error = '';
      }
    } catch (error) {
      if (seq === this.#seq) {
        this.value = null;
        this.error = describeError(error);
      }
    }
  }
}

export const detail = new DetailState();
