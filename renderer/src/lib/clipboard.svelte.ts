/** What the clipboard holds of ours (from `clipboard:changed`): never the value, only the token and when it clears. */
import type { ClipboardState } from '../../../preload/contract';
import { api, call, describeError } from './api';
import { toasts } from './toasts.svelte';

class ClipboardStatus {
  state = $state.raw<ClipboardState | null>(null);
  /** The token name at the time of the copy (the token may leave the list meanwhile). */
  name = $state<string>('');

  listen(): () => void {
    return api().on('clipboard:changed', (state) => (this.state = state));
  }

  async copy(token: { id: string; name: string }): Promise<boolean> {
    try {
      this.name = token.name;
      await call(api().tokens.copy({ id: token.id }));
      return true;
    } catch (error) {
      toasts.error(`Could not copy “${token.name}”: ${describeError(error)}`);
      return false;
    }
  }
}

export const clipboard = new ClipboardStatus();
