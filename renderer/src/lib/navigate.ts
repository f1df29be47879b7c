/**
 * Where main sends the window (`ui:navigate`): the tray's "Revoke a leaked token…" opens the leak
 * panel; a click on an expiry notification selects that token, shows it whatever hid it, and
 * opens nothing else; a tray copy while locked asks to unlock.
 */
import type { Events } from '../../../preload/contract';
import { api } from './api';
import { lock } from './lock.svelte';
import { toasts } from './toasts.svelte';
import { tokens } from './tokens.svelte';
import { ui } from './ui.svelte';
import { view } from './view.svelte';

export function openLeakPanel(): void {
  if (ui.dialog?.kind === 'leak') return;
  // Never replace a secret shown once: it may be the only chance to save it.
  if (ui.holdsSecret()) return toasts.info('Close the dialog with the new secret first, then open “Leaked token…”.');
  if (lock.ask(openLeakPanel)) return;
  ui.open({ kind: 'leak' });
}

/** "Scan a folder…": like the leak panel, never over a secret shown once, and after unlocking. */
export function openScanDialog(): void {
  if (ui.dialog?.kind === 'scan') return;
  if (ui.holdsSecret()) return toasts.info('Close the dialog with the new secret first, then open “Scan a folder…”.');
  if (lock.ask(openScanDialog)) return;
  ui.open({ kind: 'scan' });
}

export function navigate(to: Events['ui:navigate']): void {
  if (to.view === 'leak') return openLeakPanel();
  if (to.view === 'unlock') {
    lock.ask();
    return;
  }
  const token = tokens.byId.get(to.tokenId);
  if (!token) return toasts.info('That token is no longer in the list.');
  view.reveal(token);
  tokens.bringIntoView(token.id);
}

export const listenNavigation = (): (() => void) => api().on('ui:navigate', navigate);
