/** Events the core pushes to the window: name -> payload. Payloads carry no secrets. */
import type { AccountSummary } from './accounts';
import type { ClipboardState } from './app';
import type { LockStatus } from './lock';
import type { Settings } from './settings';
import type { AccountSyncState } from './sync';
import type { TokenSummary } from './tokens';

/**
 * What changed in the token list since the last event: the window applies it to the list it
 * holds. (The full list comes from `tokens:list`, which the window calls when it (re)connects.)
 */
export interface TokensChanged {
  added: TokenSummary[];
  changed: TokenSummary[];
  removed: string[];
}

/** How far an account's sync has come: tokens read so far out of those to read. */
export interface SyncProgress {
  accountId: string;
  done: number;
  total: number;
}

export interface Events {
  'accounts:changed': AccountSummary[];
  'tokens:changed': TokensChanged;
  'sync:changed': AccountSyncState[];
  'sync:progress': SyncProgress;
  'clipboard:changed': ClipboardState;
  'settings:changed': Settings;
  'lock:changed': LockStatus;
  /** The tray or a notification asks the window to show a view. */
  'ui:navigate': { view: 'leak' } | { view: 'token'; tokenId: string } | { view: 'unlock' };
}
export type EventName = keyof Events;
