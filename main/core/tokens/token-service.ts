/**
 * The heart of the app: one list of every token of every account, and every action on a token.
 * The renderer, the tray and the CLI all come through here. No Electron, no provider details:
 * providers are reached through ProviderAdapter, secrets through TokenStore (keychain only).
 */
import type { CreatedResult, RotatedResult, TokenSummary } from '../model';
import type { AccountService } from '../accounts/account-service';
import type { AuditLog } from '../audit/audit-log';
import type { ClipboardGuard } from '../clipboard/clipboard-guard';
import { AppError, toErrorPayload } from '../errors';
import { remoteKey, type ProviderAdapter, type RemoteToken } from './adapter';
import type { CreateOptions, CreateRequest, VerifyReport } from '../model';
import { toTokenSummary } from './record';
import type { TokenRecord } from '../model';
import { reconcile, upsertRemote } from './reconcile';
import type { SyncStates } from './sync-state';
import type { TokenStore } from './token-store';

export interface TokenServiceDeps {
  tokens: TokenStore;
  accounts: AccountService;
  adapterFor: (accountId: string) => Promise<ProviderAdapter>;
  audit: AuditLog;
  clipboard: ClipboardGuard;
  syncStates: SyncStates;
  now: () => number;
  /** Runs after each successful account sync (store recovery re-links held secrets there). */
  afterAccountSync?: (accountId: string) => Promise<void>;
}

export const NOT_STORED_WARNING =
  'The OS keychain refused to store this secret. This is the only time it is shown: copy it somewhere safe now, then fix the keychain.';

const AUDIT_WARNING = 'The audit log could not be written for this action.';

export class TokenService {
  constructor(private readonly d: TokenServiceDeps) {}

  list(): TokenSummary[] {
    const now = this.d.now();
    return this.d.tokens.all().map((r) => toTokenSummary(r, now));
  }

  summary(id: string): TokenSummary {
    return toTokenSummary(this.require(id), this.d.now());
  }

  // ---- sync ---------------------------------------------------------------------------------

  /** Syncs the given accounts (all by default) in parallel; one failing account never blocks the others. */
  async sync(accountIds?: string[]): Promise<void> {
    const accounts = await this.d.accounts.list();
    const chosen = accountIds ? accounts.filter((a) => accountIds.includes(a.id)) : accounts;
    await Promise.all(chosen.map((a) => this.syncAccount(a.id)));
  }

  private async syncAccount(accountId: string): Promise<void> {
    this.d.syncStates.set(accountId, { state: 'syncing' });
    try {
      const adapter = await this.d.adapterFor(accountId);
      const known = new Set(
        this.d.tokens
          .all()
          // An LDP token whose value we do not hold is read again: the provider answers the value on every read.
          .filter((r) => r.accountId === accountId && r.status !== 'revoked' && r.status !== 'gone' && (r.hasSecret || r.kind !== 'ldp'))
          .map(remoteKey),
      );
      const listed = await adapter.list(known);
      const at = new Date(this.d.now()).toISOString();
      const provider = (await this.account(accountId)).provider;
      let result: ReturnType<typeof reconcile> | undefined;
      this.d.tokens.update((records) => (result = reconcile(records, accountId, provider, listed, at)).records);
      for (const { id, value } of result!.valuesToStore) await this.d.tokens.storeSecret(id, value);
      for (const gone of result!.gone) await this.d.tokens.purgeSecret(gone.id);
      await this.d.afterAccountSync?.(accountId);
      this.d.syncStates.set(accountId, { state: 'ok', lastSyncedAt: at, notes: listed.notes });
    } catch (error) {
      this.d.syncStates.set(accountId, { state: 'error', error: toErrorPayload(error) });
    }
  }

  // ---- create, rotate, revoke ---------------------------------------------------------------

  async createOptions(accountId: string): Promise<CreateOptions> {
    await this.account(accountId);
    return (await this.d.adapterFor(accountId)).createOptions();
  }

  async create(accountId: string, request: CreateRequest): Promise<CreatedResult> {
    const account = await this.account(accountId);
    if (account.provider !== request.provider) throw new AppError('invalid-input', `The account "${account.label}" is not a ${request.provider === 'ovh' ? 'OVHcloud' : 'LogScale'} account.`);
    const adapter = await this.d.adapterFor(accountId);
    const created = await adapter.create(request);
    // From here on the token exists at the provider: nothing below may throw the secret away.
    return this.afterSecret<CreatedResult>(created.value, { token: null }, async (warnings) => {
      const record = this.insert(accountId, account.provider, created.token);
      const stored = await this.keep(record, created.value);
      if (created.replacesAccountCredential) await this.d.accounts.replaceCredentials(accountId, { token: created.value });
      const print = await this.d.tokens.fingerprintOf(created.value).catch(() => undefined);
      await this.d.audit.append({ action: 'token-created', outcome: 'ok', ...this.who(record), fingerprint: print, requestId: created.requestId }).catch(() => warnings.push(AUDIT_WARNING));
      return { token: this.summary(record.id), ...stored };
    });
  }

  async rotate(id: string): Promise<RotatedResult> {
    const old = this.require(id);
    const adapter = await this.d.adapterFor(old.accountId);
    const rotated = await adapter.rotate(old);
    return this.afterSecret<RotatedResult>(rotated.value, { token: null, previous: { id: old.id, stillValid: rotated.oldStillValid } }, async (warnings) => {
      const record = this.insert(old.accountId, old.provider, rotated.token);
      const stored = await this.keep(record, rotated.value);
      // Rotating the very token the account signs in with: the account must use the new one from now on.
      if (rotated.replacesAccountCredential) await this.d.accounts.replaceCredentials(old.accountId, { token: rotated.value });
      if (!rotated.oldStillValid) {
        this.d.tokens.patch(old.id, { status: 'revoked', hasSecret: false, fingerprint: null, endedAt: new Date(this.d.now()).toISOString() });
        await this.d.tokens.purgeSecret(old.id).catch(() => undefined);
      }
      await this.d.audit.append({ action: 'token-rotated', outcome: 'ok', ...this.who(record), note: `replaces ${old.id}`, requestId: rotated.requestId }).catch(() => warnings.push(AUDIT_WARNING));
      return { token: this.summary(record.id), ...stored, previous: { id: old.id, stillValid: rotated.oldStillValid } };
    });
  }

  /** Revokes at the provider, waits for it, then purges the secret. `confirmName` must be the token's name. */
  async revoke(id: string, confirmName: string): Promise<{ token: TokenSummary; requestId?: string }> {
    const record = this.require(id);
    if (confirmName !== record.name) {
      throw new AppError('invalid-input', `The confirmation does not match: type the token's name exactly ("${record.name}") to revoke it.`);
    }
    if (record.status === 'revoked' || record.status === 'gone') throw new AppError('conflict', `“${record.name}” is already ${record.status === 'gone' ? 'gone from the provider' : 'revoked'}.`);
    if (record.status === 'revoking') throw new AppError('conflict', `“${record.name}” is already being revoked.`);
    await this.d.audit.append({ action: 'revoke-requested', outcome: 'ok', ...this.who(record), fingerprint: record.fingerprint ?? undefined });
    this.d.tokens.patch(id, { status: 'revoking' });
    try {
      const { requestId } = await (await this.d.adapterFor(record.accountId)).revoke(record);
      this.d.tokens.patch(id, { status: 'revoked', hasSecret: false, fingerprint: null, endedAt: new Date(this.d.now()).toISOString() });
      await this.d.tokens.purgeSecret(id);
      await this.d.audit.append({ action: 'token-revoked', outcome: 'ok', ...this.who(record), fingerprint: record.fingerprint ?? undefined, requestId });
      return { token: this.summary(id), ...(requestId ? { requestId } : {}) };
    } catch (error) {
      this.d.tokens.patch(id, { status: record.status });
      const payload = toErrorPayload(error);
      await this.d.audit.append({ action: 'revoke-failed', outcome: 'failed', ...this.who(record), requestId: payload.provider?.requestId, note: payload.code });
      throw error;
    }
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
    const report = await (await this.d.adapterFor(record.accountId)).verify(record, value);
    const ok = report.checks.length > 0 && report.checks.every((c) => c.outcome === 'ok');
    await this.d.audit.append({ action: 'token-verified', outcome: ok ? 'ok' : 'failed', ...this.who(record), note: report.checks.map((c) => `${c.endpoint}:${c.outcome}`).join(' ') });
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

  private async value(record: TokenRecord): Promise<string> {
    const value = record.hasSecret ? await this.d.tokens.secret(record.id) : null;
    if (value === null) throw new AppError('not-found', `Tokendesk does not hold the secret of “${record.name}”: it was created elsewhere, or it was shown once and not kept.`);
    return value;
  }

  private async account(accountId: string) {
    const account = (await this.d.accounts.list()).find((a) => a.id === accountId);
    if (!account) throw new AppError('not-found', 'That account does not exist (it may have been removed).');
    return account;
  }

  private insert(accountId: string, provider: TokenRecord['provider'], token: RemoteToken): TokenRecord {
    const at = new Date(this.d.now()).toISOString();
    let inserted: TokenRecord | undefined;
    this.d.tokens.update((records) => {
      const result = upsertRemote(records, accountId, provider, token, at);
      inserted = result.record;
      return result.records;
    });
    return inserted!;
  }

  /** The show-once guarantee: the keychain gets the value before anyone else; a refusal is loud, never silent. */
  private async keep(record: TokenRecord, value: string): Promise<{ stored: boolean; warning?: string }> {
    try {
      await this.d.tokens.storeSecret(record.id, value);
      return { stored: true };
    } catch {
      return { stored: false, warning: NOT_STORED_WARNING };
    }
  }

  private who(record: TokenRecord) {
    return { accountId: record.accountId, provider: record.provider, tokenId: record.id, remoteId: record.remoteId, tokenName: record.name };
  }
}
