/** `tokendesk audit …`: list, export (JSON or CSV), verify the hash chain. */
import { writeFileSync } from 'node:fs';
import type { AuditAction, AuditEntry } from '../../core/model';
import { jsonWithHiddenEscaped } from '../../core/visible-name';
import { EXIT } from '../exit-codes';
import { table, UsageError } from '../io';
import { json, options, type Command } from '../options';

/** Every action the log records: a Record, so a new action fails the typecheck until it is listed here. */
const ACTIONS: Record<AuditAction, true> = {
  'account-added': true,
  'account-removed': true,
  'account-updated': true,
  'token-created': true,
  'token-copied': true,
  'token-revealed': true,
  'token-verified': true,
  'token-rotated': true,
  'token-parser-changed': true,
  'revoke-requested': true,
  'token-revoked': true,
  'revoke-failed': true,
  'leak-reported': true,
  'leak-matched': true,
  'leak-verified-dead': true,
  'lock-enabled': true,
  'lock-disabled': true,
  unlocked: true,
  'unlock-failed': true,
  'scan-run': true,
  'secret-injected': true,
};

/** The latest entries first (`--limit`, default 50), filtered by action, token or account id. */
const list: Command = async (core, args, io) => {
  const { values } = options(args, { limit: { type: 'string' }, action: { type: 'string' }, token: { type: 'string' }, account: { type: 'string' } });
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number of entries, at least 1.');
  // A mistyped action would list nothing and look like "it never happened".
  if (values.action !== undefined && !Object.hasOwn(ACTIONS, values.action))
    throw new UsageError(`--action must be one of: ${Object.keys(ACTIONS).join(', ')}; got "${values.action}".`);
  const matches = (e: AuditEntry): boolean =>
    (!values.action || e.action === values.action) &&
    (!values.token || e.tokenId === values.token || e.tokenName === values.token) &&
    (!values.account || e.accountId === values.account);
  const entries = (await core.audit.entries()).filter(matches).slice(-limit).reverse();
  if (values.json) return (json(io, entries), EXIT.ok);
  io.stdout.write(
    table(
      entries.map((e) => ({
        when: e.ts.replace('T', ' ').slice(0, 19),
        action: e.action,
        outcome: e.outcome,
        token: e.tokenName ?? e.tokenId ?? '',
        command: e.command ?? '',
        note: e.note ?? '',
        actor: e.actor,
      })),
      ['when', 'action', 'outcome', 'token', 'command', 'note', 'actor'],
    ) || 'The audit log is empty.\n',
  );
  return EXIT.ok;
};

const exportLog: Command = async (core, args, io) => {
  const { values } = options(args, { format: { type: 'string' }, out: { type: 'string' } });
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError('--format must be json or csv.');
  const exported = format === 'json' ? await core.audit.exportJson() : await core.audit.exportCsv();
  // To a terminal, JSON keeps its strings whole through \u escapes (io.ts spells out what is left, in CSV).
  const content = format === 'json' && !values.out ? jsonWithHiddenEscaped(exported) : exported;
  if (values.out) writeFileSync(values.out, content.endsWith('\n') ? content : `${content}\n`, { mode: 0o600 });
  else io.stdout.write(content.endsWith('\n') ? content : `${content}\n`);
  return EXIT.ok;
};

const verify: Command = async (core, args, io) => {
  const { values } = options(args, {});
  const check = await core.audit.verify();
  if (values.json) return (json(io, check), check.ok ? EXIT.ok : EXIT.failed);
  io.stdout.write(check.ok ? `Audit log intact: ${check.entries} entries.\n` : `Audit log TAMPERED at line ${check.line}: ${check.reason}.\n`);
  return check.ok ? EXIT.ok : EXIT.failed;
};

export const AUDIT_COMMANDS: Record<string, Command> = {
  'audit list': list,
  'audit export': exportLog,
  'audit verify': verify,
};
