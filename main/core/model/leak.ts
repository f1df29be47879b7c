/** Leak response: what the window is told about a pasted secret (never the secret itself). */
import type { AccountSummary } from './accounts';
import type { TokenSummary } from './tokens';

export interface LeakMatch {
  token: TokenSummary;
  account: Pick<AccountSummary, 'id' | 'label' | 'provider'>;
  matchedBy: 'fingerprint' | 'logscale-token-id';
  /**
   * live: still valid as far as Tokendesk knows (revoke it); revoked, rotated or gone: Tokendesk
   * already saw it end (prove it dead against the provider).
   */
  state: 'live' | 'revoked' | 'rotated' | 'gone';
  /** The answer in words: "This is ci-reader of Prod, revoked on 2026-11-02." */
  message: string;
  /** For a rotated token: the token that replaced it. */
  successor?: { id: string; name: string };
}

/**
 * A LogScale id that tokens of several accounts (or several tokens) carry: Tokendesk cannot tell
 * whose token the value is, so it presents it to no server and opens no case to revoke.
 */
export interface LeakAmbiguity {
  /** The id before the `~` (not secret). */
  remoteId: string;
  /** Every token carrying that id, with its account, in the order of the accounts' labels. */
  candidates: Array<{ token: TokenSummary; account: Pick<AccountSummary, 'id' | 'label' | 'provider'> }>;
}

export type LeakCheck =
  | { caseId: string; found: true; match: LeakMatch }
  /** Not one of ours, or not a working copy of ours (`message` says which); with `ambiguous`, the id of tokens of several accounts. */
  | { caseId: null; found: false; message: string; looksLike?: string; ambiguous?: LeakAmbiguity };

export interface LeakRevokeResult {
  token: TokenSummary;
  requestId?: string;
  /** 'dead': the provider now refuses the leaked value; 'alive': it still accepts it; 'unknown': could not tell. */
  proof: 'dead' | 'alive' | 'unknown';
}
