/** The audit log's actions in words, for the audit view and a token's history. */
import type { AuditAction, AuditEntry } from '../../../preload/contract';

export const ACTION_WORDS: Record<AuditAction, string> = {
  'account-added': 'Account added',
  'account-removed': 'Account removed',
  'account-updated': 'Account edited',
  'token-created': 'Created',
  'token-copied': 'Copied',
  'token-revealed': 'Revealed',
  'token-verified': 'Verified',
  'token-rotated': 'Rotated',
  'token-parser-changed': 'Parser changed',
  'revoke-requested': 'Revoke asked',
  'token-revoked': 'Revoked',
  'revoke-failed': 'Revoke failed',
  'leak-reported': 'Reported as leaked',
  'leak-matched': 'Matched a leak',
  'leak-verified-dead': 'Leaked value verified dead',
  'lock-enabled': 'App lock set',
  'lock-disabled': 'App lock removed',
  unlocked: 'Unlocked',
  'unlock-failed': 'Wrong PIN or passphrase',
  'scan-run': 'Scanned for tokens',
  'secret-injected': 'Given to a command',
};

/** An entry as a token's history tells it: the rotation that replaced this token reads as such. */
export function historyWords(entry: AuditEntry, tokenId: string): string {
  if (entry.action === 'token-rotated' && entry.tokenId !== tokenId) return 'Replaced by a rotation';
  if (entry.action === 'token-rotated') return 'Created by a rotation';
  return ACTION_WORDS[entry.action] ?? entry.action;
}
