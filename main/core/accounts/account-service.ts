/**
 * The accounts as the window and the CLI reach them: list, add, edit, test, check before saving,
 * remove. Each change is audited and drops the account's adapter, so the next request is made with
 * what was saved. Where accounts are kept (metadata store and vault) is account-store.ts.
 */
import type { AuditLog } from '../audit/audit-log';
import { AppError } from '../errors';
import type { CoreEvents } from '../events';
import type { AccountChange, AccountSummary, AddAccountInput, ConnectionCheck, Settings } from '../model';
import type { ProviderAdapter } from '../tokens/adapter';
import { buildAdapter, type AdapterRegistry } from '../tokens/adapter-registry';
import type { SyncStates } from '../tokens/sync-state';
import type { TokenStore } from '../tokens/token-store';
import { applyChange, splitInput } from './account-rules';
import type { AccountStore } from './account-store';
import { checkConnection } from './connection-check';
import { serverOf } from '../net/base-url';
import { accountServer } from '../tokens/token-server';
import { movedWhileEditing } from './account-rules';

export interface AccountServiceDeps {
  accounts: AccountStore;
  tokens: TokenStore;
  adapters: Pick<AdapterRegistry, 'forget'>;
  adapterFor: (accountId: string) => Promise<ProviderAdapter>;
  syncStates: Pick<SyncStates, 'forget'>;
  audit: Pick<AuditLog, 'append'>;
  events: Pick<CoreEvents, 'subscribe'>;
  settings: () => Settings;
  now: () => number;
}

export class AccountService {
  /** Every label an account had in this process, removed accounts included: the audit log still names them. */
  readonly #labels = new Map<string, string>();

  /** Where the accounts are kept (main only: its credentials never cross to the window). */
  readonly stored: AccountStore;

  constructor(private readonly d: AccountServiceDeps) {
    this.stored = d.accounts;
    for (const a of d.accounts.records()) this.#labels.set(a.id, a.label);
    d.events.subscribe((name, payload) => {
      if (name === 'accounts:changed') for (const a of payload as AccountSummary[]) this.#labels.set(a.id, a.label);
    });
  }

  list(): Promise<AccountSummary[]> {
    return this.d.accounts.list();
  }

  /** The account's label, or undefined for an id this process never saw. */
  labelOf(id: string): string | undefined {
    return this.#labels.get(id);
  }

  /** Adds an account; with `test`, only once its connection works (the provider's error otherwise, nothing saved). */
  async add(input: AddAccountInput, options: { test?: boolean } = {}): Promise<AccountSummary> {
    if (options.test) {
      const { connection, credentials } = splitInput(input);
      await (await buildAdapter(connection, async () => credentials, this.d.settings, this.d.now)).testConnection();
    }
    const account = await this.d.accounts.add(input);
    await this.d.audit.append({ action: 'account-added', outcome: 'ok', accountId: account.id, provider: account.provider });
    return account;
  }

  /**
   * Edits an account (label, address, credential); its adapter is rebuilt on next use. With `test`,
   * a new address or credential is tried first and a refused one saves nothing (the CLI; the window
   * runs `check` itself, to offer "Save anyway").
   */
  async update(id: string, change: AccountChange, options: { test?: boolean; plannedAt?: string } = {}): Promise<AccountSummary> {
    const reconnects = change.credentials !== undefined || change.baseUrl !== undefined || change.endpoint !== undefined || change.customBaseUrl !== undefined;
    // The address the edit was planned for: the form's, the CLI command's start, or now.
    const plannedAt = options.plannedAt !== undefined ? serverOf(options.plannedAt) : accountServer(this.d.accounts.record(id));
    if (options.test && reconnects) {
      const check = await this.check({ id, change, plannedAt });
      if (!check.ok) throw AppError.fromPayload(check.error);
    }
    const account = await this.d.accounts.update(id, change, plannedAt);
    this.d.adapters.forget(id);
    const what = [
      change.label !== undefined && 'label',
      (change.baseUrl ?? change.endpoint ?? change.customBaseUrl) !== undefined && 'address',
      change.credentials && 'credential',
    ]
      .filter(Boolean)
      .join(', ');
    await this.d.audit.append({ action: 'account-updated', outcome: 'ok', accountId: id, provider: account.provider, note: what || 'nothing' });
    return account;
  }

  /** Tests a new account, or an existing one as it would be after `change`, without saving anything. */
  async check(target: { account: AddAccountInput } | { id: string; change: AccountChange; plannedAt?: string }): Promise<ConnectionCheck> {
    if ('account' in target) return checkConnection({ label: target.account.label, ...splitInput(target.account) }, this.d.settings, this.d.now);
    const record = this.d.accounts.record(target.id);
    // Planned for an address the account no longer has: a typed credential must not go to the new one.
    if (target.plannedAt !== undefined && serverOf(target.plannedAt) !== accountServer(record)) throw movedWhileEditing(record, target.plannedAt);
    const draft = applyChange(record, target.change);
    const credentials = draft.credentials ?? (await this.d.accounts.credentials(target.id));
    return checkConnection({ label: target.change.label ?? record.label, connection: draft.connection, credentials }, this.d.settings, this.d.now);
  }

  /** Proves a saved account's credentials work (one sentence), or throws the provider's error. */
  async test(id: string): Promise<{ detail: string }> {
    return (await this.d.adapterFor(id)).testConnection();
  }

  /** Removes an account, its token records and every secret it held. */
  async remove(id: string): Promise<void> {
    // One section from fresh files: a token another process created a moment ago goes with its secret.
    const held = await this.d.accounts.exclusive(async () => {
      const records = this.d.tokens.all().filter((r) => r.accountId === id);
      await this.d.accounts.remove(id);
      await this.d.tokens.update((all) => all.filter((r) => r.accountId !== id));
      await this.d.tokens.purgeSecrets(records.map((r) => r.id));
      return records;
    });
    this.d.adapters.forget(id);
    this.d.syncStates.forget(id);
    await this.d.audit.append({ action: 'account-removed', outcome: 'ok', accountId: id, note: `${held.length} tokens forgotten` });
  }
}
