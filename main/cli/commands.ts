/**
 * The `tokendesk` commands, each a short function over the core. They print for people by default
 * and JSON with --json; errors go to stderr with the provider's class and request id.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AddAccountInput as AddAccountSchema, CreateTokenRequest } from '../../preload/contract';
import type { Core } from '../core/core';
import type { AddAccountInput, CreateRequest, TokenExpiry, TokenSummary } from '../core/model';
import { parseInput } from '../ipc/validate';
import { errorLines } from './error-text';
import { EXIT } from './exit-codes';
import { ask, askHidden, readAll, readSecretLines, table, UsageError, type Io } from './io';
import { findAccount, findToken } from './resolve';

type Command = (core: Core, args: string[], io: Io) => Promise<number>;

const json = (io: Io, value: unknown): void => void io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

function options<T extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>>(args: string[], spec: T) {
  try {
    return parseArgs({ args, options: { ...spec, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

// ---- accounts ---------------------------------------------------------------------------------

const accountsList: Command = async (core, args, io) => {
  const { values } = options(args, {});
  const accounts = await core.accounts.list();
  if (values.json) return json(io, accounts), EXIT.ok;
  io.stdout.write(
    table(
      accounts.map((a) => ({ id: a.id, provider: a.provider, label: a.label, where: a.connection.baseUrl, credentials: a.hasCredentials ? 'in keychain' : 'MISSING' })),
      ['id', 'provider', 'label', 'where', 'credentials'],
    ) || 'No accounts yet. Add one with `tokendesk accounts add`.\n',
  );
  return EXIT.ok;
};

const accountsAdd: Command = async (core, args, io) => {
  const { values } = options(args, {
    provider: { type: 'string' },
    label: { type: 'string' },
    url: { type: 'string' },
    endpoint: { type: 'string' },
    'application-key': { type: 'string' },
    'client-id': { type: 'string' },
  });
  if (!values.label) throw new UsageError('--label is required.');
  let input: AddAccountInput;
  if (values.provider === 'logscale') {
    if (!values.url) throw new UsageError('--url is required for a LogScale account.');
    const [token] = await readSecretLines(io, ['LogScale API token']);
    input = { provider: 'logscale', label: values.label, baseUrl: values.url, token: token! };
  } else if (values.provider === 'ovh') {
    const endpoint = (values.endpoint ?? 'ovh-eu') as 'ovh-eu' | 'ovh-ca' | 'ovh-us' | 'custom';
    const custom = endpoint === 'custom' ? { customBaseUrl: values.url ?? '' } : {};
    if (values['client-id']) {
      const [clientSecret] = await readSecretLines(io, ['OAuth2 client secret']);
      input = { provider: 'ovh', label: values.label, endpoint, ...custom, auth: { mode: 'oauth2', clientId: values['client-id'], clientSecret: clientSecret! } };
    } else if (values['application-key']) {
      const [applicationSecret, consumerKey] = await readSecretLines(io, ['Application secret', 'Consumer key']);
      input = { provider: 'ovh', label: values.label, endpoint, ...custom, auth: { mode: 'consumer-key', applicationKey: values['application-key'], applicationSecret: applicationSecret!, consumerKey: consumerKey! } };
    } else throw new UsageError('An OVHcloud account needs --application-key (then secret and consumer key on stdin) or --client-id (then client secret on stdin).');
  } else throw new UsageError('--provider must be logscale or ovh.');
  const account = await core.addAccount(parseInput(AddAccountSchema, input));
  if (values.json) return json(io, account), EXIT.ok;
  io.stdout.write(`Added ${account.provider} account "${account.label}" (${account.id}). Its secrets are in the OS keychain.\n`);
  return EXIT.ok;
};

const accountsRemove: Command = async (core, args, io) => {
  const { values, positionals } = options(args, { yes: { type: 'boolean' } });
  const account = findAccount(await core.accounts.list(), required(positionals[0], 'the account name or id'));
  if (!values.yes && (await ask(io, `Remove account "${account.label}" and its secrets from the keychain? Type its name to confirm: `)) !== account.label) {
    io.stderr.write('Not removed: the name did not match.\n');
    return EXIT.notConfirmed;
  }
  await core.removeAccount(account.id);
  io.stdout.write(`Removed account "${account.label}".\n`);
  return EXIT.ok;
};

// ---- tokens -----------------------------------------------------------------------------------

const tokensList: Command = async (core, args, io) => {
  const { values } = options(args, { account: { type: 'string' }, sync: { type: 'boolean' } });
  if (values.sync) await core.tokens.sync();
  const accounts = await core.accounts.list();
  const label = new Map(accounts.map((a) => [a.id, a.label]));
  let tokens = core.tokens.list();
  if (values.account) tokens = tokens.filter((t) => t.accountId === findAccount(accounts, values.account!).id);
  if (values.json) return json(io, tokens.map((t) => ({ ...t, account: label.get(t.accountId) }))), EXIT.ok;
  io.stdout.write(
    table(
      // A name two live tokens of an account share is shown with the start of its id: what a revoke asks to type.
      tokens.map((t) => ({ name: t.status === 'revoked' || t.status === 'gone' ? t.name : t.confirmText, account: label.get(t.accountId) ?? '?', kind: t.kind, status: t.status + (t.statusSince ? ` ${t.statusSince.slice(0, 10)}` : ''), expires: t.expiresAt ?? 'never', scope: t.scope, id: t.id })),
      ['name', 'account', 'kind', 'status', 'expires', 'scope', 'id'],
    ) || 'No tokens. Run `tokendesk tokens sync` after adding an account.\n',
  );
  return EXIT.ok;
};

/** One line per account, then its notes (a part of it that could not be read, an IAM-enabled service without users). */
const tokensSync: Command = async (core, args, io) => {
  const { values } = options(args, {});
  await core.tokens.sync();
  const states = core.syncStates.all();
  // The same exit code with or without --json: a script learns that an account failed either way.
  const code = states.some((s) => s.state === 'error') ? EXIT.failed : EXIT.ok;
  if (values.json) return json(io, states), code;
  const label = new Map((await core.accounts.list()).map((a) => [a.id, a.label]));
  const indent = (lines: string[], by: string): string => lines.map((line) => `${by}${line}\n`).join('');
  for (const s of states) {
    const problem = s.state === 'error' ? errorLines(s.error ?? { code: 'internal', message: 'no reason given' }) : null;
    io.stdout.write(`${label.get(s.accountId)}: ${problem ? `failed: ${problem[0]}` : 'synced'}\n${indent(problem?.slice(1) ?? [], '  ')}`);
    for (const note of s.notes) {
      const where = note.container ? `${note.container}: ` : '';
      io.stdout.write(`  ${note.level === 'error' ? 'problem' : 'note'}: ${where}${note.message}\n${indent(note.error ? errorLines(note.error) : [], '    ')}`);
    }
  }
  return code;
};

/** `30d`, `12h`, `90m`, `never`, or an ISO date. */
export function parseExpiry(text: string): TokenExpiry {
  if (text === 'never') return { kind: 'never' };
  const duration = /^(\d+)([mhd])$/.exec(text);
  if (duration) return { kind: 'duration', amount: Number(duration[1]), unit: ({ m: 'minutes', h: 'hours', d: 'days' } as const)[duration[2] as 'm' | 'h' | 'd'] };
  if (!Number.isNaN(Date.parse(text))) return { kind: 'date', at: new Date(text).toISOString() };
  throw new UsageError(`--expires must be like 30d, 12h, 90m, never, or a date; got "${text}".`);
}

const tokensCreate: Command = async (core, args, io) => {
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
    'print-secret': { type: 'boolean' },
  });
  const account = findAccount(await core.accounts.list(), required(values.account, '--account'));
  const request: CreateRequest =
    account.provider === 'ovh'
      ? { provider: 'ovh', serviceName: required(values.service, '--service'), name: required(values.name, '--name'), ...(values.cluster ? { clusterId: values.cluster } : {}) }
      : {
          provider: 'logscale',
          kind: (values.kind ?? 'system') as 'system',
          ...(values.name ? { name: values.name } : {}),
          permissions: values.permission ?? [],
          ...(values.view ? { viewIds: values.view } : {}),
          expiry: parseExpiry(values.expires ?? 'never'),
          ...(values['ip-filter'] ? { ipFilterId: values['ip-filter'] } : {}),
        };
  const name = request.name;
  if (name && core.tokens.list().some((t) => t.accountId === account.id && t.name === name && t.status !== 'revoked' && t.status !== 'gone')) {
    io.stderr.write(`warning: account "${account.label}" already has a token named "${name}". Both will be listed; revoking either will need its id as well as the name.\n`);
  }
  const created = await core.tokens.create(account.id, parseInput(CreateTokenRequest, request));
  if (created.warning) io.stderr.write(`WARNING: ${created.warning}\n`);
  // A secret that could not be stored is printed whatever the flags: this is the only chance to keep it.
  const printSecret = values['print-secret'] || !created.stored;
  if (values.json) return json(io, { ...created, secret: printSecret ? created.secret : undefined }), EXIT.ok;
  io.stdout.write(`Created "${created.token?.name ?? request.provider}" (${created.token?.id ?? 'not recorded'}).${created.stored ? ' The secret is in the OS keychain.' : ''}\n`);
  if (printSecret) io.stdout.write(`${created.secret}\n`);
  return EXIT.ok;
};

const tokensRotate: Command = async (core, args, io) => {
  const { values, positionals } = options(args, { 'print-secret': { type: 'boolean' } });
  const token = findToken(core.tokens.list(), required(positionals[0], 'the token name or id'));
  const rotated = await core.tokens.rotate(token.id);
  if (rotated.warning) io.stderr.write(`WARNING: ${rotated.warning}\n`);
  const printSecret = values['print-secret'] || !rotated.stored;
  if (values.json) return json(io, { ...rotated, secret: printSecret ? rotated.secret : undefined }), EXIT.ok;
  io.stdout.write(`Rotated "${token.name}": the new token is ${rotated.token?.id ?? 'not recorded'}.${rotated.previous.stillValid ? ` The old token still works: revoke it with \`tokendesk tokens revoke ${token.id}\` once nothing uses it.` : ' The old secret no longer works.'}\n`);
  if (printSecret) io.stdout.write(`${rotated.secret}\n`);
  return EXIT.ok;
};

/**
 * The revoke confirmation: --confirm, --yes, or the confirmation text typed at a prompt (the
 * token's name; with the start of its id when another token of the account has the same name).
 * Returns the confirmed text, or an exit code when there is none (usage) or it does not match
 * (not confirmed). The token an account signs in with also needs --revoke-account-credential.
 */
async function confirmRevoke(io: Io, token: TokenSummary, given: { yes?: boolean; confirm?: string; 'revoke-account-credential'?: boolean }, howFromPipe: string): Promise<string | number> {
  const expected = token.confirmText;
  if (token.signsInAccount && !given['revoke-account-credential']) {
    io.stderr.write(`Not revoked: "${token.name}" is the token its account signs in with; once revoked, the account cannot sync until it has a new credential. Replace it first (\`tokendesk accounts edit\`), or pass --revoke-account-credential to revoke it anyway.\n`);
    return EXIT.notConfirmed;
  }
  const typed = given.confirm !== undefined ? given.confirm : given.yes ? expected : io.stdin.isTTY ? await ask(io, `Type "${expected}" to revoke it: `) : null;
  if (typed === null) throw new UsageError(`Revoking needs a confirmation: ${howFromPipe}`);
  if (typed === expected) return typed;
  const shared = expected !== token.name ? ` Another token of the account is also named "${token.name}": type "${expected}".` : '';
  io.stderr.write(`Not revoked: "${typed}" is not "${expected}".${shared}\n`);
  return EXIT.notConfirmed;
}

const REVOKE_FLAGS = { yes: { type: 'boolean' }, confirm: { type: 'string' }, 'revoke-account-credential': { type: 'boolean' } } as const;

const tokensRevoke: Command = async (core, args, io) => {
  const { values, positionals } = options(args, REVOKE_FLAGS);
  const token = findToken(core.tokens.list(), required(positionals[0], 'the token name or id'));
  const typed = await confirmRevoke(io, token, values, 'type it at the prompt, or pass --confirm <text> or --yes.');
  if (typeof typed === 'number') return typed;
  const result = await core.tokens.revoke(token.id, typed, { revokeAccountCredential: values['revoke-account-credential'] === true });
  if (result.warning) io.stderr.write(`WARNING: ${result.warning}\n`);
  if (values.json) return json(io, result), EXIT.ok;
  io.stdout.write(`Revoked "${token.name}".${result.requestId ? ` (operation ${result.requestId})` : ''}\n`);
  return EXIT.ok;
};

const tokensVerify: Command = async (core, args, io) => {
  const { values, positionals } = options(args, {});
  const token = findToken(core.tokens.list(), required(positionals[0], 'the token name or id'));
  const report = await core.tokens.verify(token.id);
  if (values.json) return json(io, report), EXIT.ok;
  for (const c of report.checks) io.stdout.write(`${c.endpoint}: ${c.outcome}${c.status ? ` (HTTP ${c.status})` : ''}${c.detail ? ` - ${c.detail}` : ''}\n`);
  if (report.example) io.stdout.write(`Try it: ${report.example}\n`);
  return report.checks.every((c) => c.outcome === 'ok') ? EXIT.ok : EXIT.failed;
};

const tokensGet: Command = async (core, args, io) => {
  const { positionals } = options(args, {});
  const token = findToken(core.tokens.list(), required(positionals[0], 'the token name or id'));
  const { value } = await core.tokens.reveal(token.id);
  io.stdout.write(`${value}\n`);
  return EXIT.ok;
};

// ---- leak, audit ------------------------------------------------------------------------------

const leak: Command = async (core, args, io) => {
  const { values } = options(args, { revoke: { type: 'boolean' }, ...REVOKE_FLAGS });
  // The leaked value is still live until revoked: not echoed either.
  const text = io.stdin.isTTY ? (await askHidden(io, ['Paste the leaked token (or the line that contains it)']))[0]! : await readAll(io.stdin);
  if (!text.trim()) throw new UsageError('Nothing to check: paste the token on standard input.');
  const check = await core.leak.check(text.slice(0, 16_384));
  if (!check.found) {
    if (values.json) json(io, check);
    else io.stdout.write(`${check.message}${check.looksLike ? `\n${check.looksLike}` : ''}\n`);
    return EXIT.notOurs;
  }
  const { token, account, state, message } = check.match;
  const proofLine = { dead: 'The provider now refuses it: verified dead.', alive: 'WARNING: the provider still accepts it.', unknown: 'Could not confirm with the provider that it is refused.' };
  if (state !== 'live') {
    // Tokendesk already saw it end: say so, and check with the provider that it really is dead.
    const proved = await core.leak.prove(check.caseId);
    if (values.json) return json(io, { ...check, proof: proved.proof }), proved.proof === 'alive' ? EXIT.failed : EXIT.ok;
    io.stdout.write(`${message}\n${proofLine[proved.proof]}\n`);
    return proved.proof === 'alive' ? EXIT.failed : EXIT.ok;
  }
  if (!values.revoke) {
    if (values.json) return json(io, check), EXIT.ok;
    io.stdout.write(`${message.replace(/\.$/, '')} (${token.kind}, ${token.status})${token.scope ? `: ${token.scope}` : ''}.\nRevoke it with: tokendesk leak --revoke\n`);
    return EXIT.ok;
  }
  const typed = await confirmRevoke(io, token, values, 'pass --confirm <text> or --yes when the token comes from a pipe.');
  if (typeof typed === 'number') return typed;
  const result = await core.leak.revoke(check.caseId, typed, { revokeAccountCredential: values['revoke-account-credential'] === true });
  if (values.json) return json(io, result), EXIT.ok;
  io.stdout.write(`Revoked "${token.name}" of account "${account.label}". ${proofLine[result.proof]}\n`);
  return result.proof === 'alive' ? EXIT.failed : EXIT.ok;
};

const auditExport: Command = async (core, args, io) => {
  const { values } = options(args, { format: { type: 'string' }, out: { type: 'string' } });
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError('--format must be json or csv.');
  const content = format === 'json' ? await core.audit.exportJson() : await core.audit.exportCsv();
  if (values.out) writeFileSync(values.out, content.endsWith('\n') ? content : `${content}\n`, { mode: 0o600 });
  else io.stdout.write(content.endsWith('\n') ? content : `${content}\n`);
  return EXIT.ok;
};

const auditVerify: Command = async (core, args, io) => {
  const { values } = options(args, {});
  const check = await core.audit.verify();
  if (values.json) return json(io, check), check.ok ? EXIT.ok : EXIT.failed;
  io.stdout.write(check.ok ? `Audit log intact: ${check.entries} entries.\n` : `Audit log TAMPERED at line ${check.line}: ${check.reason}.\n`);
  return check.ok ? EXIT.ok : EXIT.failed;
};

function required(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`Missing ${what}.`);
  return value;
}

export const COMMANDS: Record<string, Command> = {
  'accounts list': accountsList,
  'accounts add': accountsAdd,
  'accounts remove': accountsRemove,
  'tokens list': tokensList,
  'tokens sync': tokensSync,
  'tokens create': tokensCreate,
  'tokens rotate': tokensRotate,
  'tokens revoke': tokensRevoke,
  'tokens verify': tokensVerify,
  'tokens get': tokensGet,
  leak,
  'audit export': auditExport,
  'audit verify': auditVerify,
};

