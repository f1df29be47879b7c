/** What can be done with a token now, and why not: the row buttons, the shortcuts and the dialogs agree. */
import type { TokenSummary } from '../../../preload/contract';

export type Action = 'copy' | 'reveal' | 'verify' | 'rotate' | 'revoke';

const ENDED = new Set(['revoking', 'revoked', 'gone']);

/** null when allowed, else the reason (shown as the disabled button's tooltip). */
export function blocked(token: TokenSummary, action: Action, status: TokenSummary['status'] = token.status): string | null {
  if (status === 'revoking') return 'Being revoked.';
  if (status === 'revoked') return 'Revoked.';
  if (status === 'gone') return 'Gone from the provider.';
  switch (action) {
    case 'copy':
    case 'reveal':
    case 'verify':
      if (token.hasSecret) return null;
      return token.kind === 'iam-pat'
        ? 'Tokendesk does not hold this secret: the token was created elsewhere (OVHcloud shows a personal access token only once).'
        : 'Tokendesk does not hold this secret: the token was created elsewhere (LogScale shows a secret only once).';
    case 'rotate':
      // LDP and IAM personal access tokens get a successor (the old one stays valid until revoked); LogScale rotates in place.
      return status === 'expired' ? 'Expired: create a new token instead.' : null;
    case 'revoke':
      return null;
  }
}

export const isEnded = (token: TokenSummary): boolean => ENDED.has(token.status);
