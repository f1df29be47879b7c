/**
 * What is open besides the list: one dialog at a time (and where focus goes back when it closes),
 * the context menu, and, in a narrow window, the sidebar and the detail pane as overlays.
 * Focus returns to the element that opened the first dialog of a chain (rotate → show-once →
 * revoke old), or to the list.
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
  | { kind: 'connect' }
  | { kind: 'account'; provider: Provider; accountId?: string }
  | { kind: 'lock-setup' }
  | { kind: 'revoke'; tokenId: string }
  | { kind: 'reveal'; tokenId: string }
  | { kind: 'verify'; tokenId: string }
  | { kind: 'rotate'; tokenId: string }
  | { kind: 'parser'; tokenId: string }
  | { kind: 'scan' }
  | { kind: 'outcome'; outcome: Outcome };

export interface Menu {
  tokenId: string;
  x: number;
  y: number;
}

class Ui {
  dialog = $state.raw<Dialog | null>(null);
  menu = $state.raw<Menu | null>(null);
  /** Narrow window: the sidebar shown over the list. */
  sidebarOpen = $state(false);
  /** Narrow window: the detail pane shown over the list (wide windows always show it). */
  detailOpen = $state(false);
  #returnTo: HTMLElement | null = null;

  open(dialog: Dialog): void {
    this.menu = null;
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
    // Back where the chain started; if that control is gone or now disabled (a revoked token), to the list.
    target?.focus();
    if (!target || document.activeElement !== target) focusHome();
  }

  /** Closes whatever is open at once (the app locked): secrets shown once are wiped. */
  closeAll(): void {
    this.#wipe(this.dialog);
    this.dialog = null;
    this.menu = null;
    this.#returnTo = null;
  }

  /** A dialog that holds a secret shown once: another dialog must not replace it unasked. */
  holdsSecret(): boolean {
    return this.dialog?.kind === 'outcome' && this.dialog.outcome.secret !== null;
  }

  #wipe(dialog: Dialog | null): void {
    if (dialog?.kind === 'outcome') dialog.outcome.secret?.wipe();
  }
}

/** The list if it is there, else the first thing to work with on the page. */
export function focusHome(): void {
  document.querySelector<HTMLElement>('[data-focus-home]')?.focus();
}

export const ui = new Ui();
