/** `tokendesk tokens …`: list, sync, create (every kind), rotate, revoke, verify, get, parser. */
import { CreateTokenRequest } from '../../../preload/contract';
import type { AccountSummary, CreateRequest, TokenExpiry, TokenKind } from '../../core/model';
import { parseInput } from '../../ipc/validate';
import { confirmRevoke, REVOKE_FLAGS } from '../confirm';
import { errorLines } from '../error-text';
import { EXIT } from '../exit-codes';
import { table, UsageError } from '../io';
import { json, options, required, type Command } from '../options';
import { findAccount, findToken } from '../resolve';
import { visibleName } from '../../core/visible-name';

/** Every kind a token may have: a Record, so a new kind fails the typecheck until it is listed (a typo must not list nothing). */
const KINDS: Record<TokenKind, true> = {
  ldp: true,
  'ldp-stream': true,
  'iam-pat': true,
  system: true,
  organization: true,
  view: true,
  personal: true,
  ingest: true,
};

const list: Command = async (core, args, io) => {
  const { values } = options(args, { account: { type: 'string' }, kind: { type: 'string' }, sync: { type: 'boolean' } });
  if (values.sync) await core.tokens.sync();
  const accounts = await core.accounts.list();
  const label = new Map(accounts.map((a) => [a.id, a.label]));
  let tokens = core.tokens.list();
  if (values.account) tokens = tokens.filter((t) => t.accountId === findAccount(accounts, values.account!).id);
  if (values.kind !== undefined && !Object.hasOwn(KINDS, values.kind))
    throw new UsageError(`--kind must be one of: ${Object.keys(KINDS).join(', ')}; got "${values.kind}".`);
  if (values.kind) tokens = tokens.filter((t) => t.kind === values.kind);
  if (values.json)
    return (
      json(
        io,
        tokens.map((t) => ({ ...t, account: label.get(t.accountId) })),
      ),
      EXIT.ok
    );
  io.stdout.write(
    table(
      // A name two live tokens of an account share is shown with the start of its id: what a revoke asks to type.
      tokens.map((t) => ({
        name: t.status === 'revoked' || t.status === 'gone' ? t.name : t.confirmText,
        account: label.get(t.accountId) ?? '?',
        kind: t.kind,
        status: t.status + (t.statusSince ? ` ${t.statusSince.slice(0, 10)}` : ''),
        expires: t.expiresAt ?? 'never',
        scope: t.scope,
        id: t.id,
      })),
      ['name', 'account', 'kind', 'status', 'expires', 'scope', 'id'],
    ) || 'No tokens. Run `tokendesk tokens sync` after adding an account.\n',
  );
  return EXIT.ok;
};

/** One line per account, then its notes (a part of it that could not be read, an IAM-enabled service without users). */
const sync: Command = async (core, args, io) => {
  const { values } = options(args, {});
  await core.tokens.sync();
  const states = core.syncStates.all();
  // The same exit code with or without --json: a script learns that an account failed either way.
  const code = states.some((s) => s.state === 'error') ? EXIT.failed : EXIT.ok;
  if (values.json) return (json(io, states), code);
  const label = new Map((await core.accounts.list()).map((a) => [a.id, a.label]));
  const indent = (lines: string[], by: string): string => lines.map((line) => `${by}${line}\n`).join('');
  // A note's container and message are the provider's words: spelled out, so each stays one line of ours.
  for (const s of states) {
    const problem = s.state === 'error' ? errorLines(s.error ?? { code: 'internal', message: 'no reason given' }) : null;
    io.stdout.write(
      `${visibleName(label.get(s.accountId) ?? s.accountId)}: ${problem ? `failed: ${problem[0]}` : 'synced'}\n${indent(problem?.slice(1) ?? [], '  ')}`,
    );
    for (const note of s.notes) {
      const where = note.container ? `${visibleName(note.container)}: ` : '';
      io.stdout.write(
        `  ${note.level === 'error' ? 'problem' : 'note'}: ${where}${visibleName(note.message)}\n${indent(note.error ? errorLines(note.error) : [], '    ')}`,
      );
    }
  }
  return code;
};

/** `30d`, `12h`, `90m`, `never`, or an ISO date. */
export function parseExpiry(text: string): TokenExpiry {
  if (text === 'never') return { kind: 'never' };
  const duration = /^(\d+)([mhd])$/.exec(text);
  if (duration)
    return { kind: 'duration', amount: Number(duration[1]), unit: ({ m: 'minutes', h: 'hours', d: 'days' } as const)[duration[2] as 'm' | 'h' | 'd'] };
  if (!Number.isNaN(Date.parse(text))) return { kind: 'date', at: new Date(text).toISOString() };
  throw new UsageError(`--expires must be like 30d, 12h, 90m, never, or a date; got "${text}".`);
}

const SECONDS = { minutes: 60, hours: 3600, days: 86_400 } as const;

type CreateValues = Partial<
  Record<'name' | 'service' | 'cluster' | 'kind' | 'expires' | 'ip-filter' | 'user' | 'description' | 'repository' | 'parser', string>
> & { permission?: string[]; view?: string[] };

/** The create request a command line describes, by the account's provider and --kind. */
function createRequest(account: AccountSummary, v: CreateValues): CreateRequest {
  if (account.provider === 'ovh') {
    const kind = v.kind ?? 'ldp';
    if (kind === 'ldp')
      return {
        provider: 'ovh',
        serviceName: required(v.service, '--service'),
        name: required(v.name, '--name'),
        ...(v.cluster ? { clusterId: v.cluster } : {}),
      };
    if (kind !== 'iam-pat') throw new UsageError('--kind for an OVHcloud account is ldp (the default) or iam-pat.');
    const expiry = parseExpiry(v.expires ?? 'never');
    return {
      provider: 'ovh',
      kind: 'iam-pat',
      serviceName: required(v.service, '--service (the IAM-enabled LDP service the token is for)'),
      user: required(v.user, '--user (the local user’s login)'),
      name: required(v.name, '--name'),
      ...(v.description ? { description: v.description } : {}),
      ...(expiry.kind === 'date' ? { expiresAt: expiry.at } : expiry.kind === 'duration' ? { expiresIn: expiry.amount * SECONDS[expiry.unit] } : {}),
    };
  }
  const kind = v.kind ?? 'system';
  if (kind === 'ingest')
    return {
      provider: 'logscale',
      kind: 'ingest',
      repository: required(v.repository, '--repository'),
      name: required(v.name, '--name'),
      ...(v.parser ? { parser: v.parser } : {}),
    };
  if (!['system', 'organization', 'view', 'personal'].includes(kind))
    throw new UsageError('--kind for a LogScale account is system (the default), organization, view, personal or ingest.');
  return {
    provider: 'logscale',
    kind: kind as 'system',
    ...(v.name ? { name: v.name } : {}),
    permissions: v.permission ?? [],
    ...(v.view ? { viewIds: v.view } : {}),
    expiry: parseExpiry(v.expires ?? 'never'),
    ...(v['ip-filter'] ? { ipFilterId: v['ip-filter'] } : {}),
  };
}

const create: Command = async (core, args, io) => {
  const { values } = options(args, {
    account: { type: 'string' },
    name: { type: 'string' },
    service: { type: 'string' },
    cluster: { type: 'string' },
    kind: { type: 'string' },
    permission: { type: 'string', multiple: true },
    view: { type: 'string', multiple: true },
    expires: { type: 'string' },
    'ip-filter': { type: 'string' },
    user: { type: 'string' },
    description: { type: 'string' },
    repository: { type: 'string' },
    parser: { type: 'string' },
    'print-secret': { type: 'boolean' },
  });
  const account = findAccount(await core.accounts.list(), required(values.account, '--account'));
  const request = createRequest(account, values);
  const name = 'name' in request ? request.name : undefined;
  if (name && core.tokens.list().some((t) => t.accountId === account.id && t.name === name && t.status !== 'revoked' && t.status !== 'gone')) {
    io.stderr.write(
      `warning: account "${account.label}" already has a token named "${visibleName(name)}". Both will be listed; revoking either will need its id as well as the name.\n`,
    );
  }
  const created = await core.tokens.create(account.id, parseInput(CreateTokenRequest, request));
  if (created.warning) io.stderr.write(`WARNING: ${visibleName(created.warning)}\n`);
  // A secret that could not be stored is printed whatever the flags: this is the only chance to keep it.
  const printSecret = values['print-secret'] || !created.stored;
  if (values.json) return (json(io, { ...created, secret: printSecret ? created.secret : undefined }), EXIT.ok);
  io.stdout.write(
    `Created "${visibleName(created.token?.name ?? request.provider)}" (${created.token?.id ?? 'not recorded'}).${created.stored ? ' The secret is in the vault.' : ''}\n`,
  );
  if (printSecret) io.stdout.write(`${created.secret}\n`);
  return EXIT.ok;
};

const rotate: Command = async (core, args, io) => {
  const { values, positionals } = options(args, { 'print-secret': { type: 'boolean' } });
  const token = findToken(core.tokens.list(), required(positionals[0], 'the token name or id'));
  const rotated = await core.tokens.rotate(token.id);
  if (rotated.warning) io.stderr.write(`WARNING: ${visibleName(rotated.warning)}\n`);
  const printSecret = values['print-secret'] || !rotated.stored;
  if (values.json) return (json(io, { ...rotated, secret: printSecret ? rotated.secret : undefined }), EXIT.ok);
  io.stdout.write(
    `Rotated "${token.name}": the new token is ${rotated.token?.id ?? 'not recorded'}.${rotated.previous.stillValid ? ` The old token still works: revoke it with \`tokendesk tokens revoke ${token.id}\` once nothing uses it.` : ' The old secret no longer works.'}\n`,
  );
  if (printSecret) io.stdout.write(`${rotated.secret}\n`);
  return EXIT.ok;
};

const revoke: Command = async (core, args, io) => {
  const { values, positionals } = options(args, REVOKE_FLAGS);
  const token = findToken(core.tokens.list(), required(positionals[0], 'the token name or id'));
  const typed = await confirmRevoke(io, token, values, 'type it at the prompt, or pass --confirm <text> or --yes.');
  if (typeof typed === 'number') return typed;
  const result = await core.tokens.revoke(token.id, typed, { revokeAccountCredential: values['revoke-account-credential'] === true });
  if (result.warning) io.stderr.write(`WARNING: ${visibleName(result.warning)}\n`);
  if (values.json) return (json(io, result), EXIT.ok);
  io.stdout.write(`Revoked "${token.name}".${result.requestId ? ` (operation ${result.requestId})` : ''}\n`);
  return EXIT.ok;
};

const verify: Command = async (core, args, io) => {
  const { values, positionals } = options(args, {});
  const token = findToken(core.tokens.list(), required(positionals[0], 'the token name or id'));
  const report = await core.tokens.verify(token.id);
  const code = report.checks.every((c) => c.outcome === 'ok') ? EXIT.ok : EXIT.failed;
  if (values.json) return (json(io, report), code);
  for (const c of report.checks)
    io.stdout.write(`${visibleName(c.endpoint)}: ${c.outcome}${c.status ? ` (HTTP ${c.status})` : ''}${c.detail ? ` - ${visibleName(c.detail)}` : ''}\n`);
  if (report.example) io.stdout.write(`Try it: ${visibleName(report.example)}\n`);
  return code;
};

/** The value, for a script (`tokendesk exec` hands it to a command without printing it). */
const get: Command = async (core, args, io) => {
  const { values, positionals } = options(args, {});
  const token = findToken(core.tokens.list(), required(positionals[0], 'the token name or id'));
  const { value } = await core.tokens.reveal(token.id);
  if (values.json) return (json(io, { id: token.id, value }), EXIT.ok);
  io.stdout.write(`${value}\n`);
  return EXIT.ok;
};

/** A LogScale ingest token's parser: one of its repository's parsers, or none. */
const parser: Command = async (core, args, io) => {
  const { values, positionals } = options(args, { parser: { type: 'string' }, none: { type: 'boolean' } });
  const token = findToken(core.tokens.list(), required(positionals[0], 'the ingest token name or id'));
  if ((values.parser === undefined) === !values.none) throw new UsageError('Give --parser NAME, or --none to remove the parser.');
  const updated = await core.tokens.setParser(token.id, values.none ? null : values.parser!);
  if (values.json) return (json(io, updated), EXIT.ok);
  io.stdout.write(`"${visibleName(updated.name)}": ${visibleName(updated.scope)}.\n`);
  return EXIT.ok;
};

export const TOKEN_COMMANDS: Record<string, Command> = {
  'tokens list': list,
  'tokens sync': sync,
  'tokens create': create,
  'tokens rotate': rotate,
  'tokens revoke': revoke,
  'tokens verify': verify,
  'tokens get': get,
  'tokens parser': parser,
};
