/**
 * The heart of the app: one list of every token of every account, and every action on a token.
 * The renderer, the tray and the CLI all come through here. No Electron, no provider details:
 * providers are reached through ProviderAdapter, secrets through TokenStore (the vault only).
 */
import type { CreatedResult, CreateOptions, CreateRequest, RevokedResult, RotatedResult, TokenDetail, TokenRecord, TokenSummary, VerifyReport } from '../model';
import type { AccountStore } from '../accounts/account-store';
import type { AuditLog } from '../audit/audit-log';
import type { ClipboardGuard } from '../clipboard/clipboard-guard';
import { AppError, noSuchAccount, toErrorPayload } from '../errors';
import { providerModule } from '../providers/registry';
import { remoteKey, type CreatedRemote, type ProviderAdapter, type RemoteToken } from './adapter';
import { isLive, SummaryContext, toTokenSummary, valueReadableAgain } from './record';
import { visibleName } from '../visible-name';
import { rememberSecret } from '../log/known-secrets';
import { askedRecords, generationRecordId, missingFrom, pruneFingerprints, reconcile, upsertRemote } from './reconcile';
import { sameJson } from '../objects';
import { tokenDetail } from './token-details';
import { accountServer, requireOnAccountServer } from './token-server';
import type { SyncStates } from './sync-state';
import type { TokenStore } from './token-store';
import type { ProfileLock } from '../store/profile-lock';

export interface TokenServiceDeps {
  tokens: TokenStore;
  lock: ProfileLock; // a sync's vault write and store write happen together, under it
  accounts: AccountStore;
  adapterFor: (accountId: string) => Promise<ProviderAdapter>;
  audit: AuditLog;
  clipboard: ClipboardGuard;
  syncStates: SyncStates;
  now: () => number;
  /** Days a revoked, rotated or gone token's fingerprint is kept (a setting). */
  fingerprintRetentionDays: () => number;
}

export /** The account was pointed at another server while a token of the old one replaced its credential: the credential stays. */
const movedCredentialWarning = (server: string): string =>
  `The account was pointed at another server meanwhile, so it keeps its credential there; the new token lives on ${server} and did not become the account's credential.`;
const NOT_STORED_WARNING =
  'Tokendesk could not store this secret in its vault. This is the only time it is shown: copy it somewhere safe now, then fix what the message names.';

const AUDIT_WARNING = 'The audit log could not be written for this action.';
const STORE_WARNING = 'The token list could not be saved; it will show the token as revoked after the next sync.';
const PURGE_WARNING = 'Its value could not be deleted from the vault; it is no longer valid at the provider.';

export class TokenService {
  constructor(private readonly d: TokenServiceDeps) {}

  list(): TokenSummary[] {
    return this.summaries(this.d.tokens.all());
  }

  summary(id: string): TokenSummary {
    return toTokenSummary(this.require(id), this.d.now(), this.#context(), this.#revoking.has(id));
  }

  /** One token in full, with its history (the detail pane). */
  readonly detail = (id: string): Promise<TokenDetail> => tokenDetail(this.require(id), this.summary(id), this.d.audit);

  /** What the window sees of these records (their neighbours decide the confirmation text). */
  summaries(records: readonly TokenRecord[]): TokenSummary[] {
    const now = this.d.now();
    const context = this.#context();
    return records.map((r) => toTokenSummary(r, now, context, this.#revoking.has(r.id)));
  }

  /** Tokens this process is revoking right now (a status kept in memory only: see StoredStatus). */
  readonly #revoking = new Set<string>();

  #contextOf: { records: readonly TokenRecord[]; signsIn: ReadonlyMap<string, string>; context: SummaryContext } | null = null;

  /** Rebuilt only when the records or the accounts' sign-in tokens changed (both are replaced, never edited). */
  #context(): SummaryContext {
    const records = this.d.tokens.all();
    const signsIn = this.d.accounts.signInTokenIds();
    const cached = this.#contextOf;
    if (cached && cached.records === records && cached.signsIn === signsIn) return cached.context;
    const context = new SummaryContext(records, (record) => this.d.accounts.signingInWith(record));
    this.#contextOf = { records, signsIn, context };
    return context;
  }

  // ---- sync ---------------------------------------------------------------------------------

  /** Syncs the given accounts (all by default) in parallel; one failing account never blocks the others. */
  async sync(accountIds?: string[]): Promise<void> {
    const accounts = await this.d.accounts.list();
    const chosen = accountIds ? accounts.filter((a) => accountIds.includes(a.id)) : accounts;
    await Promise.all(chosen.map((a) => this.syncAccount(a.id)));
  }

  /**
   * One account: read the provider (with progress), then, under the profile lock, reconcile with
   * the freshest records, write every new value and purge every value found gone twice in one
   * vault write, and write the records in one store write (one `tokens:changed` with the delta).
   *
   * The listing takes time and other processes write meanwhile, so it is judged against the records
   * as they were when it was asked for (reconcile.ts): a token created, rotated or revoked since is
   * newer than the listing and kept as it is. A token that seems to have disappeared is looked for
   * in a second listing before it is marked gone; its value stays until a later sync confirms it.
   */
  private async syncAccount(accountId: string): Promise<void> {
    this.d.syncStates.set(accountId, { state: 'syncing' });
    try {
      // The account first, then its adapter: an account moved in between is caught under the lock below.
      const account = await this.account(accountId);
      const adapter = await this.d.adapterFor(accountId);
      await this.d.tokens.refresh();
      const asked = askedRecords(this.d.tokens.all(), accountId);
      const known = new Set(
        [...asked.values()]
          // A token whose value we do not hold is read again where the provider answers the value on every read.
          .filter((r) => r.status !== 'revoked' && r.status !== 'gone' && (r.hasSecret || !valueReadableAgain(r.kind)))
          .map(remoteKey),
      );
      const listed = await adapter.list(known, this.d.syncStates.progress(accountId));
      // Missing once is not proof of gone: a second listing must miss it too.
      const confirming = missingFrom(asked, [listed]).size ? await adapter.list(known) : null;
      const mayEnd = confirming ? missingFrom(asked, [listed, confirming]) : new Set<string>();
      const at = new Date(this.d.now()).toISOString();
      const applied = await this.d.lock.run(async () => {
        // Under the lock nothing else changes the records: plan once, on the freshest ones.
        await this.d.tokens.refresh();
        // An account removed, or pointed at another server, while it was read: the listing speaks of something else now.
        const current = (await this.d.accounts.list()).find((a) => a.id === accountId);
        if (!current) return 'removed';
        if (!sameJson(current.connection, account.connection)) return 'moved';
        const plan = reconcile(this.d.tokens.all(), accountId, account.provider, confirming ?? listed, at, { asked, mayEnd });
        const prints = await this.d.tokens.storeSecrets(plan.valuesToStore);
        await this.d.tokens.purgeSecrets(plan.purge.map((r) => r.id));
        await this.#relink(plan.records, accountId, prints);
        const records = prints.size
          ? plan.records.map((r) => (prints.has(r.id) ? { ...r, hasSecret: true, fingerprint: prints.get(r.id) ?? null } : r))
          : plan.records;
        await this.d.tokens.update(() => pruneFingerprints(records, this.d.fingerprintRetentionDays(), this.d.now()));
        return 'applied';
      });
      if (applied === 'removed') this.d.syncStates.forget(accountId);
      else if (applied === 'moved') this.d.syncStates.set(accountId, { state: 'never', lastSyncedAt: null, notes: [] });
      else this.d.syncStates.set(accountId, { state: 'ok', lastSyncedAt: at, notes: listed.notes });
    } catch (error) {
      this.d.syncStates.set(accountId, { state: 'error', error: toErrorPayload(error) });
    }
  }

  /** Links again each value the vault holds for a live record that says it holds none (a kill between the two writes, a rebuilt store, a restored vault). */
  async #relink(records: readonly TokenRecord[], accountId: string, prints: Map<string, string | null>): Promise<void> {
    const ids = new Set(records.map((r) => r.id));
    for (const r of records) {
      if (r.accountId !== accountId || !isLive(r) || r.hasSecret || prints.has(r.id)) continue;
      // Under its id; or, in a store rebuilt from the provider, under the id its generation had
      // (a token made again under a revoked one's key), if no record holds that id now.
      const generation = generationRecordId(accountId, remoteKey(r), r.createdAt);
      const held = this.d.tokens.hasSecret(r.id) ? r.id : generation && !ids.has(generation) && this.d.tokens.hasSecret(generation) ? generation : null;
      const value = held ? await this.d.tokens.secret(held) : null;
      if (value === null) continue;
      if (held === r.id) prints.set(r.id, await this.d.tokens.fingerprintOf(value).catch(() => null));
      else prints.set(r.id, (await this.d.tokens.storeSecrets([{ id: r.id, value }])).get(r.id) ?? null);
    }
  }

  /** Forgets fingerprints older than the retention (at start; each sync does it too). */
  async pruneFingerprints(): Promise<void> {
    await this.d.tokens.update((records) => pruneFingerprints(records, this.d.fingerprintRetentionDays(), this.d.now()));
  }

  // ---- create, rotate, revoke ---------------------------------------------------------------

  async createOptions(accountId: string): Promise<CreateOptions> {
    await this.account(accountId);
    return (await this.d.adapterFor(accountId)).createOptions();
  }

  async create(accountId: string, request: CreateRequest): Promise<CreatedResult> {
    const account = await this.account(accountId);
    if (account.provider !== request.provider)
      throw new AppError('invalid-input', `The account "${account.label}" is not a ${providerModule(request.provider).displayName} account.`);
    const adapter = await this.d.adapterFor(accountId);
    // Where the call goes: read right after the adapter was built from fresh files.
    const server = accountServer(this.d.accounts.record(accountId));
    const created = await adapter.create(request);
    rememberSecret(created.value);
    // From here on the token exists at the provider: nothing below may throw the secret away. The
    // secret is kept before any further provider call (show-once: LogScale never shows it again).
    return this.afterSecret<CreatedResult>(created.value, { token: null }, async (warnings) => {
      const kept = await this.keepNew(accountId, account.provider, created.token, created.value, server);
      let record = kept.record;
      if (created.replacesAccountCredential && !(await this.d.accounts.replaceCredentials(accountId, { token: created.value }, server)))
        warnings.push(movedCredentialWarning(server));
      await this.d.audit
        .append({ action: 'token-created', outcome: 'ok', ...this.who(record), fingerprint: record.fingerprint ?? undefined, requestId: created.requestId })
        .catch(() => warnings.push(AUDIT_WARNING));
      if (adapter.describeCreated) record = await this.describeCreated(adapter.describeCreated.bind(adapter), record, created, warnings);
      const stored = { stored: kept.stored, ...(kept.warning ? { warning: kept.warning } : {}) };
      return { token: this.summary(record.id), ...stored };
    });
  }

  async rotate(id: string): Promise<RotatedResult> {
    const old = this.require(id);
    const adapter = await this.adapterOf(old);
    const server = accountServer(this.d.accounts.record(old.accountId));
    const rotated = await adapter.rotate(old);
    rememberSecret(rotated.value);
    return this.afterSecret<RotatedResult>(rotated.value, { token: null, previous: { id: old.id, stillValid: rotated.oldStillValid } }, async (warnings) => {
      const { record, ...stored } = await this.keepNew(old.accountId, old.provider, rotated.token, rotated.value, server);
      // Rotating the very token the account signs in with: the account must use the new one from now on.
      if (rotated.replacesAccountCredential && !(await this.d.accounts.replaceCredentials(old.accountId, { token: rotated.value }, server)))
        warnings.push(movedCredentialWarning(server));
      // The old record keeps its fingerprint: a leak of the old value is still recognised, as rotated.
      const at = new Date(this.d.now()).toISOString();
      const rotatedTo = { id: record.id, at };
      // Rotated in place (the server kept the token's id, only its secret changed): one record, holding
      // the new value just kept; ending "the old one" would end that record and delete the new value.
      if (record.id === old.id) {
        // nothing more: keepNew wrote the new value over the old one, which the server no longer takes
      } else if (rotated.oldStillValid) await this.d.tokens.patch(old.id, { rotatedTo });
      else {
        await this.d.tokens.patch(old.id, { status: 'revoked', statusSince: at, hasSecret: false, rotatedTo });
        await this.d.tokens.purgeSecrets([old.id]).catch(() => undefined);
      }
      await this.d.audit
        .append({ action: 'token-rotated', outcome: 'ok', ...this.who(record), note: `replaces ${old.id}`, requestId: rotated.requestId })
        .catch(() => warnings.push(AUDIT_WARNING));
      return { token: this.summary(record.id), ...stored, previous: { id: old.id, stillValid: rotated.oldStillValid } };
    });
  }

  /**
   * Revokes at the provider, waits for it, then purges the secret. `confirmName` must be the
   * token's confirmation text (its name as shown; with the start of its id when another live token
   * of the account has the same name). The token an account signs in with is revoked only when
   * `revokeAccountCredential` says the admin knows (the account then needs a new credential).
   */
  async revoke(id: string, confirmName: string, options: { revokeAccountCredential?: boolean } = {}): Promise<RevokedResult> {
    const record = this.require(id);
    const name = visibleName(record.name);
    const context = this.#context();
    const expected = context.confirmText(record);
    if (confirmName !== expected) {
      const why = expected === name ? '' : ` Another token of this account is also named “${name}”: its id tells them apart.`;
      throw new AppError('invalid-input', `The confirmation does not match: type “${expected}” exactly to revoke it.${why}`);
    }
    if (record.status === 'revoked' || record.status === 'gone')
      throw new AppError('conflict', `“${name}” is already ${record.status === 'gone' ? 'gone from the provider' : 'revoked'}.`);
    if (this.#revoking.has(id)) throw new AppError('conflict', `“${name}” is already being revoked.`);
    const signingIn = context.accountsSigningIn(record);
    if (signingIn.length && !options.revokeAccountCredential) {
      const who = signingIn.map((label) => `“${visibleName(label)}”`).join(' and ');
      throw new AppError(
        'conflict',
        `“${name}” is the token the account ${who} signs in with: once it is revoked, the account cannot sync until it has a new credential. Replace the account's credential first (edit the account), or confirm that you revoke it anyway.`,
      );
    }
    await this.d.audit.append({ action: 'revoke-requested', outcome: 'ok', ...this.who(record), fingerprint: record.fingerprint ?? undefined });
    this.#revoking.add(id);
    this.d.tokens.announce({ added: [], changed: [record], removed: [], removedRecords: [] });
    let requestId: string | undefined;
    try {
      ({ requestId } = await (await this.adapterOf(record)).revoke(record));
    } catch (error) {
      this.#revoking.delete(id);
      this.d.tokens.announce({ added: [], changed: [this.d.tokens.find(id) ?? record], removed: [], removedRecords: [] });
      const payload = toErrorPayload(error);
      await this.d.audit
        .append({ action: 'revoke-failed', outcome: 'failed', ...this.who(record), requestId: payload.provider?.requestId, note: payload.code })
        .catch(() => undefined);
      throw error;
    }
    this.#revoking.delete(id);
    // The provider confirmed: the token is revoked, whatever fails below (those are warnings).
    const warnings: string[] = [];
    // The fingerprint stays (never the value): a leak of this value is still recognised, as revoked.
    await this.d.tokens
      .patch(id, { status: 'revoked', statusSince: new Date(this.d.now()).toISOString(), hasSecret: false })
      .catch(() => warnings.push(STORE_WARNING));
    await this.d.tokens.purgeSecrets([id]).catch(() => warnings.push(PURGE_WARNING));
    await this.d.audit
      .append({ action: 'token-revoked', outcome: 'ok', ...this.who(record), fingerprint: record.fingerprint ?? undefined, requestId })
      .catch(() => warnings.push(AUDIT_WARNING));
    const token =
      this.d.tokens.find(id)?.status === 'revoked'
        ? this.summary(id)
        : { ...toTokenSummary(record, this.d.now(), context), status: 'revoked' as const, hasSecret: false };
    return { token, ...(requestId ? { requestId } : {}), ...(warnings.length ? { warning: warnings.join(' ') } : {}) };
  }

  /**
   * Assigns a parser of its repository to a LogScale ingest token (null: none). The value does not
   * change; the record's scope follows what LogScale answered.
   */
  async setParser(id: string, parser: string | null): Promise<TokenSummary> {
    const record = this.require(id);
    if (record.kind !== 'ingest')
      throw new AppError('invalid-input', `“${visibleName(record.name)}” is not a LogScale ingest token: only those have a parser.`);
    if (!isLive(record)) throw new AppError('conflict', `“${visibleName(record.name)}” is ${record.status}: its parser can no longer be changed.`);
    const adapter = await this.adapterOf(record);
    if (!adapter.setParser) throw new AppError('invalid-input', 'This account cannot change parsers.');
    const updated = await adapter.setParser(record, parser);
    const saved = await this.insert(record.accountId, record.provider, updated);
    await this.d.audit.append({
      action: 'token-parser-changed',
      outcome: 'ok',
      ...this.who(record),
      note: parser === null ? 'parser removed' : 'parser assigned',
    });
    return this.summary(saved.id);
  }

  /** The adapter that reaches the server a record's token lives on: refused when the account points elsewhere now. */
  async adapterOf(record: TokenRecord): Promise<ProviderAdapter> {
    // The adapter first: it reads the account from fresh files, so the check below sees where it points now.
    const adapter = await this.d.adapterFor(record.accountId);
    requireOnAccountServer(this.d.tokens.find(record.id) ?? record, this.d.accounts.record(record.accountId));
    return adapter;
  }

  // ---- using a secret -----------------------------------------------------------------------

  async copy(id: string): Promise<{ clearsAt: string }> {
    const record = this.require(id);
    const value = await this.value(record);
    const result = await this.d.clipboard.copy(id, value);
    await this.d.audit.append({ action: 'token-copied', outcome: 'ok', ...this.who(record) });
    return result;
  }

  async reveal(id: string): Promise<{ value: string }> {
    const record = this.require(id);
    const value = await this.value(record);
    await this.d.audit.append({ action: 'token-revealed', outcome: 'ok', ...this.who(record) });
    return { value };
  }

  async verify(id: string): Promise<VerifyReport> {
    const record = this.require(id);
    const value = await this.value(record);
    const report = await (await this.adapterOf(record)).verify(record, value);
    const ok = report.checks.length > 0 && report.checks.every((c) => c.outcome === 'ok');
    await this.d.audit.append({
      action: 'token-verified',
      outcome: ok ? 'ok' : 'failed',
      ...this.who(record),
      note: report.checks.map((c) => `${c.endpoint}:${c.outcome}`).join(' '),
    });
    return report;
  }

  // ---- helpers ------------------------------------------------------------------------------

  require(id: string): TokenRecord {
    const record = this.d.tokens.find(id);
    if (!record) throw new AppError('not-found', 'That token is not in the list (it may have been removed by a sync).');
    return record;
  }

  /**
   * Runs the bookkeeping that follows a new secret and always hands the secret back: if any step
   * fails, the caller still gets the value once, with a warning saying what was not done.
   */
  private async afterSecret<T extends { secret: string; stored: boolean; warning?: string }>(
    secret: string,
    fallback: Omit<T, 'secret' | 'stored' | 'warning'>,
    steps: (warnings: string[]) => Promise<Omit<T, 'secret'>>,
  ): Promise<T> {
    const warnings: string[] = [];
    try {
      const result = await steps(warnings);
      const warning = [result.warning, ...warnings].filter(Boolean).join(' ');
      return { ...result, secret, ...(warning ? { warning } : {}) } as T;
    } catch (error) {
      const why = error instanceof AppError ? error.message : 'an internal error';
      return { ...fallback, stored: false, warning: `${NOT_STORED_WARNING} (${why})`, secret } as T;
    }
  }

  /**
   * A token's value for main's own use (injected into a command's environment, rendered into a
   * file): not audited here, the caller records what it did with it.
   */
  async valueOf(id: string): Promise<string> {
    return this.value(this.require(id));
  }

  private async value(record: TokenRecord): Promise<string> {
    const value = record.hasSecret ? await this.d.tokens.secret(record.id) : null;
    if (value === null)
      throw new AppError(
        'not-found',
        `Tokendesk does not hold the secret of “${visibleName(record.name)}”: it was created elsewhere, or it was shown once and not kept.`,
      );
    return value;
  }

  private async account(accountId: string) {
    const account = (await this.d.accounts.list()).find((a) => a.id === accountId);
    if (!account) throw noSuchAccount();
    return account;
  }

  /**
   * The show-once guarantee: a new token's value goes to the vault first, then its record is
   * written, saying whether the value is held (one vault write, one store write, one lock). A vault
   * that refuses is loud, never silent; the caller still hands the value back once.
   */
  private keepNew(
    accountId: string,
    provider: TokenRecord['provider'],
    token: RemoteToken,
    value: string,
    server: string,
  ): Promise<{ record: TokenRecord; stored: boolean; warning?: string }> {
    return this.d.lock.run(async () => {
      await this.d.tokens.refresh();
      // Moved while the provider call ran (another window or process): the token lives where the call went.
      const account = this.d.accounts.records().find((a) => a.id === accountId);
      const elsewhere = account && accountServer(account) !== server ? server : undefined;
      const at = new Date(this.d.now()).toISOString();
      const id = upsertRemote(this.d.tokens.all(), accountId, provider, token, at, elsewhere).record.id;
      let print: string | null = null;
      let stored = true;
      try {
        print = (await this.d.tokens.storeSecrets([{ id, value }])).get(id) ?? null;
      } catch {
        stored = false;
      }
      let record: TokenRecord | undefined;
      await this.d.tokens.update((records) => {
        const result = upsertRemote(records, accountId, provider, token, at, elsewhere);
        if (result.record.id !== id) throw new AppError('internal', 'The new token record changed while it was written.');
        record = { ...result.record, hasSecret: stored, fingerprint: stored ? print : result.record.fingerprint };
        return result.records.map((r) => (r === result.record ? record! : r));
      });
      return { record: record!, stored, ...(stored ? {} : { warning: NOT_STORED_WARNING }) };
    });
  }

  /** Adds or refreshes one token's record (what it holds, hasSecret and fingerprint, is kept). */
  private async insert(accountId: string, provider: TokenRecord['provider'], token: RemoteToken): Promise<TokenRecord> {
    const at = new Date(this.d.now()).toISOString();
    let inserted: TokenRecord | undefined;
    await this.d.tokens.update((records) => {
      const result = upsertRemote(records, accountId, provider, token, at);
      inserted = result.record;
      return result.records;
    });
    return inserted!;
  }

  /**
   * Reads the details the provider's create did not answer (LogScale), after the secret is kept: a
   * failure leaves the record as the create described it, with a warning, until the next sync.
   */
  private async describeCreated(
    describe: (created: CreatedRemote) => Promise<RemoteToken>,
    record: TokenRecord,
    created: CreatedRemote,
    warnings: string[],
  ): Promise<TokenRecord> {
    try {
      const details = await describe(created);
      if (remoteKey(details) !== remoteKey(created.token)) throw new AppError('provider', 'The provider described another token.');
      return this.insert(record.accountId, record.provider, details);
    } catch (error) {
      const why = error instanceof AppError ? error.message : 'an internal error';
      warnings.push(`The token was created and its secret kept, but its details could not be read back (${why}). The next sync fills them in.`);
      return record;
    }
  }

  private who(record: TokenRecord) {
    return { accountId: record.accountId, provider: record.provider, tokenId: record.id, remoteId: record.remoteId, tokenName: record.name };
  }
}
