/** Facts about the running app, the clipboard and the pages it may open. */

export interface AppInfo {
  version: string;
  /** Which host built the core: the desktop app, the browser harness (tests, demo) or the command line. */
  runtime: 'electron' | 'harness' | 'cli';
  keychain: { available: boolean; reason?: string };
  /** recoveredFrom: where a damaged metadata store was set aside; restoredAccounts: accounts rebuilt from the vault. */
  store: { path: string; recoveredFrom?: string; restoredAccounts?: number };
  /**
   * How the vault opened: `reset` when it could not be used and a new one was started (`reason`
   * says why, `setAside` keeps the old file); `lostValues` lists the tokens whose value is gone.
   */
  vault: {
    state: 'ok' | 'created' | 'reset' | 'unavailable';
    /** key-lost: the keychain no longer holds its key; other-key: written with another key; other-profile: another profile's vault file; damaged; file-lost: no vault file though the profile had secrets. */
    reason?: 'key-lost' | 'other-key' | 'other-profile' | 'damaged' | 'file-lost';
    setAside?: string;
    lostValues: LostValue[];
  };
}

/** A token whose value was in a vault that could not be opened. */
export interface LostValue {
  tokenId: string;
  name: string;
  accountLabel: string;
  /** True for LDP tokens: OVHcloud answers the value again at the next sync. */
  comesBack: boolean;
}

export type ClearOutcome = 'cleared' | 'left-alone' | 'nothing-pending';

export type ClipboardState =
  { state: 'holding'; tokenId: string; clearsAt: string } | { state: 'idle'; tokenId: string; outcome: Exclude<ClearOutcome, 'nothing-pending'> };

/** The only external pages Tokendesk opens, by name (their addresses are in core/links.ts). */
export type ExternalLink = 'ovh-create-app-eu' | 'ovh-create-app-ca' | 'ovh-create-app-us' | 'logscale-api-tokens';
