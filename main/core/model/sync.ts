/** Sync state per account, as the window shows it. */
import type { ErrorPayload } from './errors';

/** Something about a part of the account the admin should know (an IAM-enabled service, a failed service). */
export interface SyncNote {
  container: string;
  level: 'info' | 'error';
  message: string;
  error?: ErrorPayload;
}

export interface AccountSyncState {
  accountId: string;
  state: 'never' | 'syncing' | 'ok' | 'error';
  lastSyncedAt: string | null;
  error?: ErrorPayload;
  notes: SyncNote[];
}
