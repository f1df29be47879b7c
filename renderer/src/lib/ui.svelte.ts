/**
 * Which dialog is open (one at a time) and where focus goes back when it closes: to the element
 * that opened the first dialog of a chain (rotate → show-once → revoke old), or to the list.
 */
import { tick } from 'svelte';
import type { Provider, TokenKind, TokenSummary } from '../../../preload/contract';
import type { SecretBox } from './secret';

/** What a create or a rotate gave back, for the show-once dialog. The secret is boxed, never state. */
export interface Outcome {
  mode: 'created' | 'rotated';
  provider: Provider;
  /** The kind of the new token (null when it could not be recorded): LogScale tokens and IAM PATs are shown once by their provider. */
  kind: TokenKind | null;
  token: TokenSummary | null;
  stored: boolean;
  warning?: string;
  previous?: { id: string; name: string; stillValid: boolean };
  /** Null when the dialog has nothing to show (an LDP value kept in the vault: copy or reveal it later). */
  secret: SecretBox | null;
}

export type Dialog =
  | { kind: 'new' }
  | { kind: 'help' }
  | { kind: 'settings' }
  | { kind: 'leak' }
  | { kind: 'revoke'; tokenId: string }
  | { kind: 'reveal'; tokenId: string }
  | { kind: 'verify'; tokenId: string }
  | { kind: 'rotate'; tokenId: string }
  | { kind: 'outcome'; outcome: Outcome };

class Ui {
  dialog = $state.raw<Dialog | null>(null);
  #returnTo: HTMLElement | null = null;

  open(dialog: Dialog): void {
    if (!this.dialog) {
      const active = document.activeElement;
      this.#returnTo = active instanceof HTMLElement && active !== document.body ? active : null;
    }
    this.#wipe(this.dialog);
    this.dialog = dialog;
  }

  async close(): Promise<void> {
    this.#wipe(this.dialog);
    this.dialog = null;
    const target = this.#returnTo;
    this.#returnTo = null;
    await tick();
    // Back where the chain started; if that control is gone or now disabled (a revoked row), to the list.
    target?.focus();
    if (!target || document.activeElement !== target) document.querySelector<HTMLElement>('[data-focus-home]')?.focus();
  }

  /** A dialog that holds a secret shown once: another dialog must not replace it unasked. */
  holdsSecret(): boolean {
    return this.dialog?.kind === 'outcome' && this.dialog.outcome.secret !== null;
  }

  #wipe(dialog: Dialog | null): void {
    if (dialog?.kind === 'outcome') dialog.outcome.secret?.wipe();
  }
}

export const ui = new Ui();
