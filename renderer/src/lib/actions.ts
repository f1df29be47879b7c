/**
 * What can be done with a token now, and why not; and doing it. The detail pane, the context menu
 * and the shortcuts all come through here, so they agree, and all ask to unlock first while the
 * app is locked.
 */
import type { TokenKind, TokenSummary } from '../../../preload/contract';
import { clipboard } from './clipboard.svelte';
import { lock } from './lock.svelte';
import { ui } from './ui.svelte';

export type Action = 'copy' | 'reveal' | 'verify' | 'rotate' | 'revoke';
export const ACTIONS: Action[] = ['copy', 'reveal', 'verify', 'rotate', 'revoke'];
export const ACTION_LABELS: Record<Action, string> = { copy: 'Copy', reveal: 'Reveal', verify: 'Verify', rotate: 'Rotate', revoke: 'Revoke…' };

const ENDED = new Set(['revoking', 'revoked', 'gone']);

/**
 * Actions a kind of token has no way to do at its provider: not offered (the detail pane says why
 * instead of showing a button that would fail; a shortcut or the menu gives the same reason).
 */
const NOT_OFFERED: Partial<Record<TokenKind, { actions: readonly Action[]; why: string }>> = {
  'ldp-stream': {
    actions: ['verify', 'rotate', 'revoke'],
    why:
      "OVHcloud's API cannot rotate or revoke a stream's write token (X-OVH-TOKEN): it is the value of the stream's routing rule. " +
      'Change it in the OVHcloud Control Panel (or with OVHcloud support), then sync. Verifying it would mean sending logs into the stream, which Tokendesk does not do.',
  },
};

/** The actions the detail pane offers for this token. */
export const offered = (token: TokenSummary): Action[] => ACTIONS.filter((a) => !NOT_OFFERED[token.kind]?.actions.includes(a));

/** Why some actions are not offered for this kind of token (null: all are). */
export const notOfferedWhy = (token: TokenSummary): string | null => NOT_OFFERED[token.kind]?.why ?? null;

/** null when allowed, else the reason (shown beside the disabled control). */
export function blocked(token: TokenSummary, action: Action, status: TokenSummary['status'] = token.status): string | null {
  if (status === 'revoking') return 'Being revoked.';
  if (status === 'revoked') return 'Revoked.';
  if (status === 'gone') return 'Gone from the provider.';
  if (NOT_OFFERED[token.kind]?.actions.includes(action)) return NOT_OFFERED[token.kind]!.why;
  switch (action) {
    case 'copy':
    case 'reveal':
    case 'verify':
      if (token.hasSecret) return null;
      if (token.kind === 'ldp' || token.kind === 'ingest' || token.kind === 'ldp-stream')
        return 'Tokendesk does not hold its value yet: the provider gives it at the next sync.';
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

/** Runs an action on a token (after unlocking, if the app is locked). Returns the reason when it cannot run. */
export function perform(action: Action, token: TokenSummary): string | null {
  const why = blocked(token, action);
  if (why) return why;
  if (lock.ask(() => void perform(action, token))) return null;
  if (action === 'copy') void clipboard.copy(token);
  else ui.open({ kind: action, tokenId: token.id });
  return null;
}
