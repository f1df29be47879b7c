/** The audit log's entries: facts about what happened to which token, never a value. */
export type AuditAction =
  | 'account-added'
  | 'account-removed'
  | 'account-updated'
  | 'token-created'
  | 'token-copied'
  | 'token-revealed'
  | 'token-verified'
  | 'token-rotated'
  | 'token-parser-changed'
  | 'revoke-requested'
  | 'token-revoked'
  | 'revoke-failed'
  | 'leak-reported'
  | 'leak-matched'
  | 'leak-verified-dead'
  | 'lock-enabled'
  | 'lock-disabled'
  | 'unlocked'
  | 'unlock-failed'
  | 'scan-run'
  | 'secret-injected';

export interface AuditFacts {
  action: AuditAction;
  outcome: 'ok' | 'failed';
  accountId?: string;
  provider?: string;
  tokenId?: string;
  remoteId?: string;
  tokenName?: string;
  fingerprint?: string;
  requestId?: string;
  /** The program a token was handed to (`tokendesk exec`): its file name only, never its arguments. */
  command?: string;
  /** A short, code-written note (an error code, a count). Never user text, never a value. */
  note?: string;
}

export interface AuditEntry extends AuditFacts {
  ts: string;
  actor: string;
  prev: string;
}

export type ChainCheck = { ok: true; entries: number } | { ok: false; line: number; reason: string };

/** A search of the audit log: every word must appear in the entry (action, names, ids, note). */
export interface AuditQuery {
  text?: string;
  tokenId?: string;
  accountId?: string;
  /** Newest first; at most this many. */
  limit?: number;
}

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  /** Entries that match, before the limit. */
  matched: number;
  /** Entries in the log. */
  total: number;
}
