/**
 * Secret injection (`tokendesk exec`): token values handed to a command through its environment, or
 * rendered into a config file with mode 0600, never through its arguments (other users see those in
 * the process list) and never printed. Each use is audit-logged with the token and the command's
 * name, never the value.
 *
 * A reference names a token as a person would: `<account>/<token>`, where the account is its label
 * or id and the token its name, its `name #id` (when two share a name) or its id; `<token>` alone
 * when that is unique. Only tokens that still live and whose value Tokendesk holds can be used.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve as resolvePath } from 'node:path';
import type { AccountStore } from '../accounts/account-store';
import type { AuditLog } from '../audit/audit-log';
import { AppError } from '../errors';
import type { AccountSummary, TokenSummary } from '../model';
import type { TokenService } from '../tokens/token-service';
import { checkEnvName } from './env-names';
import { checkSecretFileTarget, writeSecretFile } from './secret-file';
import { renderTemplate, templateReferences } from './template';
import { checkValueShape } from './value-shape';

const MAX_TEMPLATE_BYTES = 1024 * 1024;
const ENDED = new Set<TokenSummary['status']>(['revoked', 'gone', 'revoking']);

export interface Resolved {
  reference: string;
  token: TokenSummary;
  account: AccountSummary;
}

/** Values for a command's environment, not yet audited: that waits for what happens to the command. */
export interface EnvInjection {
  values: Map<string, string>;
  /**
   * Audits each use once: `ok` when the command started with them, `failed` with a short code-written
   * reason when it could not be started. A command refused before that is not audited: nothing
   * was handed to anyone.
   */
  audit(outcome: 'ok' | 'failed', reason?: string): Promise<void>;
}

export class SecretInjection {
  constructor(
    private readonly tokens: TokenService,
    private readonly accounts: AccountStore,
    private readonly audit: AuditLog,
  ) {}

  /** Which token a reference names (AppError 'not-found' / 'conflict' / 'invalid-input' in words otherwise). */
  async resolve(reference: string): Promise<Resolved> {
    const accounts = await this.accounts.list();
    const tokens = this.tokens.list();
    const candidates: Array<{ account: AccountSummary | null; token: string }> = [{ account: null, token: reference }];
    for (let at = reference.indexOf('/'); at > 0; at = reference.indexOf('/', at + 1)) {
      const key = reference.slice(0, at);
      const account =
        accounts.find((a) => a.id === key) ?? accounts.find((a) => a.label === key) ?? accounts.find((a) => a.label.toLowerCase() === key.toLowerCase());
      if (account) candidates.unshift({ account, token: reference.slice(at + 1) });
    }
    // A reference that starts with an account's name is read inside that account only: a token
    // another account's server named "Prod/ci-bot" must not stand in for Prod's ci-bot.
    const named = candidates.filter((c) => c.account !== null);
    if (named.length) candidates.splice(candidates.length - 1, 1, ...named.map((c) => ({ account: c.account, token: reference })));
    for (const { account, token: key } of candidates) {
      const pool = tokens.filter((t) => !account || t.accountId === account.id);
      const named = pool.filter((t) => t.id === key || t.confirmText === key || t.name === key);
      const live = named.filter((t) => !ENDED.has(t.status));
      if (live.length > 1)
        throw new AppError(
          'conflict',
          `“${reference}” names ${live.length} tokens: add the account (<account>/<token>) or use the name with its id as \`tokendesk tokens list\` shows it.`,
        );
      const token = live[0] ?? named[0];
      if (!token) continue;
      if (ENDED.has(token.status))
        throw new AppError('conflict', `“${reference}” is ${token.status === 'gone' ? 'gone from the provider' : 'revoked'}: it can no longer be used.`);
      if (!token.hasSecret)
        throw new AppError('not-found', `Tokendesk does not hold the value of “${reference}” (it was created elsewhere, or shown once and not kept).`);
      return { reference, token, account: accounts.find((a) => a.id === token.accountId)! };
    }
    throw new AppError('not-found', `No token is named “${reference}”. Write <account>/<token> as \`tokendesk tokens list\` shows them.`);
  }

  /**
   * The environment entries for `NAME=<reference>` pairs: names checked (env-names.ts), each
   * reference resolved, each value of its kind's shape (value-shape.ts). The caller audits each
   * use, with the command's name, once it knows whether the command started.
   */
  async environment(pairs: ReadonlyArray<{ name: string; reference: string }>, command: string): Promise<EnvInjection> {
    const seen = new Set<string>();
    for (const { name } of pairs) {
      checkEnvName(name);
      if (seen.has(name.toUpperCase())) throw new AppError('invalid-input', `${name} is given twice.`, { issues: [`env ${name}: twice`] });
      seen.add(name.toUpperCase());
    }
    const resolved = await Promise.all(pairs.map(async (p) => ({ name: p.name, ...(await this.resolve(p.reference)) })));
    const values = new Map<string, string>();
    for (const r of resolved) values.set(r.name, checkValueShape(r.token, await this.tokens.valueOf(r.token.id)));
    let audited = false;
    const audit = async (outcome: 'ok' | 'failed', reason?: string): Promise<void> => {
      if (audited) return;
      audited = true;
      for (const r of resolved) await this.#audited(r, command, `env ${r.name}${reason ? `; ${reason}` : ''}`, outcome);
    };
    return { values, audit };
  }

  /**
   * Renders a template's `{{ tokendesk "<reference>" }}` to `out` (mode 0600, atomic, see
   * secret-file.ts). `command` is the program the file is for, when one runs next (audit only).
   */
  async renderFile(templatePath: string, out: string, command: string | null): Promise<{ path: string; tokens: TokenSummary[] }> {
    let size: number;
    try {
      size = statSync(templatePath).size;
    } catch {
      throw new AppError('not-found', `The template ${templatePath} does not exist.`);
    }
    if (size > MAX_TEMPLATE_BYTES) throw new AppError('invalid-input', `The template ${templatePath} is larger than 1 MiB: that is no config file.`);
    const target = checkSecretFileTarget(out);
    if (sameFile(target, templatePath)) throw new AppError('invalid-input', 'The output would overwrite the template: write it to another file.');
    const text = readFileSync(templatePath, 'utf8');
    const references = templateReferences(text);
    if (references.length === 0)
      throw new AppError('invalid-input', `The template ${templatePath} has no {{ tokendesk "<account>/<token>" }} reference: there is nothing to render.`);
    const resolved = new Map<string, Resolved>();
    for (const { reference, line } of references) {
      if (resolved.has(reference)) continue;
      try {
        resolved.set(reference, await this.resolve(reference));
      } catch (error) {
        if (error instanceof AppError) throw new AppError(error.code, `Line ${line} of the template: ${error.message}`);
        throw error;
      }
    }
    const values = new Map<string, string>();
    for (const [reference, r] of resolved) values.set(reference, checkValueShape(r.token, await this.tokens.valueOf(r.token.id)));
    const path = writeSecretFile(out, renderTemplate(text, values));
    const distinct = new Map([...resolved.values()].map((r) => [r.token.id, r]));
    for (const r of distinct.values()) await this.#audited(r, command ?? '', `template ${basename(path)}`);
    return { path, tokens: [...distinct.values()].map((r) => r.token) };
  }

  #audited(r: Resolved, command: string, how: string, outcome: 'ok' | 'failed' = 'ok'): Promise<unknown> {
    return this.audit.append({
      action: 'secret-injected',
      outcome,
      accountId: r.account.id,
      provider: r.account.provider,
      tokenId: r.token.id,
      tokenName: r.token.name,
      ...(command ? { command: basename(command).slice(0, 100) } : {}),
      note: how,
    });
  }
}

/** The same file by path or by inode (a hard link, or a path spelled another way). */
function sameFile(a: string, b: string): boolean {
  if (resolvePath(a) === resolvePath(b)) return true;
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}
