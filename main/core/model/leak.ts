/** Leak response: what the window is told about a pasted secret (never the secret itself). */
import type { AccountSummary } from './accounts';
import type { TokenSummary } from './tokens';

export interface LeakMatch {
  token: TokenSummary;
  account: Pick<AccountSummary, 'id' | 'label' | 'provider'>;
  matchedBy: 'fingerprint' | 'logscale-token-id';
}

export type LeakCheck =
  | { caseId: string; found: true; match: LeakMatch }
  | { caseId: null; found: false; message: string; looksLike?: string };

export interface LeakRevokeResult {
  token: TokenSummary;
  requestId?: string;
  /** 'dead': the provider now refuses the leaked value; 'alive': it still accepts it; 'unknown': could not tell. */
  proof: 'dead' | 'alive' | 'unknown';
}
