/**
 * The revoke confirmation, the same wherever a revoke starts (tokens revoke, leak --revoke, scan
 * --revoke): --confirm, --yes, or the confirmation text typed at a prompt (the token's name; with
 * the start of its id when another token of the account has the same name). The token an account
 * signs in with also needs --revoke-account-credential.
 */
import type { TokenSummary } from '../core/model';
import { EXIT } from './exit-codes';
import { ask, UsageError, type Io } from './io';

export const REVOKE_FLAGS = { yes: { type: 'boolean' }, confirm: { type: 'string' }, 'revoke-account-credential': { type: 'boolean' } } as const;

export interface RevokeFlags {
  yes?: boolean;
  confirm?: string;
  'revoke-account-credential'?: boolean;
}

/** The confirmed text, or an exit code: usage when there is no confirmation, "not confirmed" when it does not match. */
export async function confirmRevoke(io: Io, token: TokenSummary, given: RevokeFlags, howFromPipe: string): Promise<string | number> {
  const expected = token.confirmText;
  if (token.signsInAccount && !given['revoke-account-credential']) {
    io.stderr.write(
      `Not revoked: "${token.name}" is the token its account signs in with; once revoked, the account cannot sync until it has a new credential. Replace it first (\`tokendesk accounts edit\`), or pass --revoke-account-credential to revoke it anyway.\n`,
    );
    return EXIT.notConfirmed;
  }
  const typed = given.confirm !== undefined ? given.confirm : given.yes ? expected : io.stdin.isTTY ? await ask(io, `Type "${expected}" to revoke it: `) : null;
  if (typed === null) throw new UsageError(`Revoking needs a confirmation: ${howFromPipe}`);
  if (typed === expected) return typed;
  const shared = expected !== token.name ? ` Another token of the account is also named "${token.name}": type "${expected}".` : '';
  io.stderr.write(`Not revoked: "${typed}" is not "${expected}".${shared}\n`);
  return EXIT.notConfirmed;
}

/** What a leak response proved, in words. */
export const PROOF_LINE = {
  dead: 'The provider now refuses it: verified dead.',
  alive: 'WARNING: the provider still accepts it.',
  unknown: 'Could not confirm with the provider that it is refused.',
} as const;
