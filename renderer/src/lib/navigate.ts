/**
 * Where main sends the window (`ui:navigate`): the tray's "Revoke a leaked token…" opens the leak
 * panel; a click on an expiry notification selects that token and scrolls the list to it, and
 * opens nothing else.
 */
import type { Events } from '../../../preload/contract';
import { api } from './api';
import { toasts } from './toasts.svelte';
import { tokens } from './tokens.svelte';
import { ui } from './ui.svelte';

export function navigate(to: Events['ui:navigate']): void {
  if (to.view === 'leak') {
    if (ui.dialog?.kind === 'leak') return;
    // Never replace a secret shown once: it may be the only chance to save it.
    if (ui.holdsSecret()) return toasts.info('Close the dialog with the new secret first, then open “Leaked token…”.');
    ui.open({ kind: 'leak' });
    return;
  }
  if (to.view === 'unlock') return;
  const token = tokens.byId.get(to.tokenId);
  if (!token) return toasts.info('That token is no longer in the list.');
  tokens.bringIntoView(token.id);
}

export const listenNavigation = (): (() => void) => api().on('ui:navigate', navigate);
