/**
 * What the clipboard holds of ours (from `clipboard:changed`): never the value, only the token and
 * when it clears. "Cleared" is said for a few seconds, then the status bar goes quiet.
 */
import type { ClipboardState } from '../../../preload/contract';
import { api, call, describeError } from './api';
import { toasts } from './toasts.svelte';

const SAY_CLEARED_MS = 5_000;

class ClipboardStatus {
  state = $state.raw<ClipboardState | null>(null);
  /** The token name at the time of the copy (the token may leave the list meanwhile). */
  name = $state<string>('');
  #quiet: ReturnType<typeof setTimeout> | undefined;

  listen(): () => void {
    const stop = api().on('clipboard:changed', (state) => {
      clearTimeout(this.#quiet);
      this.state = state;
      if (state.state === 'idle') this.#quiet = setTimeout(() => (this.state = null), SAY_CLEARED_MS);
    });
    return () => {
      clearTimeout(this.#quiet);
      stop();
    };
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
