/** `tokendesk leak`: which token the pasted text holds; revoke it (confirmed) and prove it dead. */
import { confirmRevoke, PROOF_LINE, REVOKE_FLAGS } from '../confirm';
import { EXIT } from '../exit-codes';
import { askHidden, readAll, UsageError } from '../io';
import { json, options, type Command } from '../options';

const leak: Command = async (core, args, io) => {
  const { values } = options(args, { revoke: { type: 'boolean' }, ...REVOKE_FLAGS });
  // The leaked value is still live until revoked: not echoed either.
  const text = io.stdin.isTTY ? (await askHidden(io, ['Paste the leaked token (or the line that contains it)']))[0]! : await readAll(io.stdin);
  if (!text.trim()) throw new UsageError('Nothing to check: paste the token on standard input.');
  const check = await core.leak.check(text.slice(0, 16_384));
  if (!check.found) {
    if (values.json) json(io, check);
    else io.stdout.write(`${check.message}${check.looksLike ? `\n${check.looksLike}` : ''}\n`);
    // An id of tokens of several accounts: Tokendesk refused to pick one (with --revoke too: nothing revoked).
    return check.ambiguous ? EXIT.ambiguous : EXIT.notOurs;
  }
  const { token, account, state, message } = check.match;
  if (state !== 'live') {
    // Tokendesk already saw it end: say so, and check with the provider that it really is dead.
    const proved = await core.leak.prove(check.caseId);
    if (values.json) return (json(io, { ...check, proof: proved.proof }), proved.proof === 'alive' ? EXIT.failed : EXIT.ok);
    io.stdout.write(`${message}\n${PROOF_LINE[proved.proof]}\n`);
    return proved.proof === 'alive' ? EXIT.failed : EXIT.ok;
  }
  if (!values.revoke) {
    if (values.json) return (json(io, check), EXIT.ok);
    io.stdout.write(
      `${message.replace(/\.$/, '')} (${token.kind}, ${token.status})${token.scope ? `: ${token.scope}` : ''}.\nRevoke it with: tokendesk leak --revoke\n`,
    );
    return EXIT.ok;
  }
  const typed = await confirmRevoke(io, token, values, 'pass --confirm <text> or --yes when the token comes from a pipe.');
  if (typeof typed === 'number') return typed;
  const result = await core.leak.revoke(check.caseId, typed, { revokeAccountCredential: values['revoke-account-credential'] === true });
  if (values.json) return (json(io, result), EXIT.ok);
  io.stdout.write(`Revoked "${token.name}" of account "${account.label}". ${PROOF_LINE[result.proof]}\n`);
  return result.proof === 'alive' ? EXIT.failed : EXIT.ok;
};

export const LEAK_COMMANDS: Record<string, Command> = { leak };
