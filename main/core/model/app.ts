/** Facts about the running app, the clipboard and the pages it may open. */

export interface AppInfo {
  version: string;
  runtime: 'electron' | 'harness';
  keychain: { available: boolean; reason?: string };
  /** recoveredFrom: where a damaged settings file was set aside; restoredAccounts: accounts rebuilt from the keychain. */
  store: { path: string; recoveredFrom?: string; restoredAccounts?: number };
}

export type ClearOutcome = 'cleared' | 'left-alone' | 'nothing-pending';

export type ClipboardState =
  | { state: 'holding'; tokenId: string; clearsAt: string }
  | { state: 'idle'; tokenId: string; outcome: Exclude<ClearOutcome, 'nothing-pending'> };

/** The only external pages Tokendesk opens, by name (their addresses are in core/links.ts). */
export type ExternalLink = 'ovh-create-app-eu' | 'ovh-create-app-ca' | 'ovh-create-app-us' | 'logscale-api-tokens';
