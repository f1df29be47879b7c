/** Events the core pushes to the window: name -> payload. Payloads carry no secrets. */
import type { AccountSummary } from './accounts';
import type { ClipboardState } from './app';
import type { LockStatus } from './lock';
import type { Settings } from './settings';
import type { AccountSyncState } from './sync';
import type { TokenSummary } from './tokens';

export interface Events {
  'accounts:changed': AccountSummary[];
  'tokens:changed': TokenSummary[];
  'sync:changed': AccountSyncState[];
  'clipboard:changed': ClipboardState;
  'settings:changed': Settings;
  'lock:changed': LockStatus;
  /** The tray or a notification asks the window to show a view. */
  'ui:navigate': { view: 'leak' } | { view: 'token'; tokenId: string } | { view: 'unlock' };
}
export type EventName = keyof Events;
