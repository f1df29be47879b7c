/**
 * Where accounts are kept: a provider connection the admin added. Its non-secret record goes to the
 * metadata store (and a copy to the vault, for recovery); its credentials go to the vault under
 * `account:<id>`, as one JSON value, and only there. The account service (account-service.ts) is
 * what the window and the CLI reach; other services read accounts here.
 *
 * Order of writes keeps every failure harmless:
 *  - add: vault first, then store. If the store write fails, the vault entries are removed again.
 *  - remove: store first, then vault (never a listed account without credentials).
 *
 * Edits, removals and credential replacements run as one section under the profile lock, from what
 * the files hold then (another process, the window or the CLI, may have edited the same account a
 * moment ago): an edit applies its own fields to the fresh record, so an address and the
 * credential that goes with it are never split by an edit of something else.
 */
import { randomUUID } from 'node:crypto';
import type { AccountChange, AccountCredentials, AccountRecord, AccountSummary, AddAccountInput } from '../model';
import { AppError, noSuchAccount } from '../errors';
import type { SecretStore } from '../vault/vault';
import type { MetadataStore } from '../store/metadata-store';
import type { ProfileLock } from '../store/profile-lock';
import { visibleName } from '../visible-name';
import { providerModule } from '../providers/registry';
import { ACCOUNT_META_PREFIX, ACCOUNT_SECRET_PREFIX, accountMetaKey, accountSecretKey } from '../vault/vault-keys';
import { accountServer, afterAccountMoved } from '../tokens/token-server';
import { applyChange, movedWhileEditing, splitInput } from './account-rules';
import { rememberCredentials } from './credential-secrets';

export class AccountStore {
  /** accountId -> the LogScale token id the account signs in with (its credential's `<id>~` part); replaced, never edited, on change. */
  #signsIn: ReadonlyMap<string, string> = new Map();

  constructor(
    private readonly store: MetadataStore,
    private readonly secrets: SecretStore,
    private readonly lock: Pick<ProfileLock, 'run'>,
    private readonly onChange: (accounts: AccountSummary[]) => void = () => {},
  ) {}

  /** One section under the profile lock, started from what the metadata store and the vault hold now. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.#fresh(work);
  }

  async #fresh<T>(work: () => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      await this.store.refresh();
      await this.secrets.refresh();
      return work();
    });
  }

  /** The records as the metadata store holds them (no credentials). */
  records(): readonly AccountRecord[] {
    return this.store.get('accounts');
  }

  /** Whether an account already has this label (labels are unique, case aside). */
  labelTaken(label: string): boolean {
    return this.store.get('accounts').some((r) => r.label.toLowerCase() === label.toLowerCase());
  }

  async list(): Promise<AccountSummary[]> {
    return this.store.get('accounts').map((r) => toSummary(r, this.secrets.has(accountSecretKey(r.id))));
  }

  async add(input: AddAccountInput): Promise<AccountSummary> {
    if (this.labelTaken(input.label)) {
      throw new AppError('conflict', `An account named "${input.label}" already exists. Choose another name.`);
    }
    const { connection, credentials } = splitInput(input);
    rememberCredentials(credentials);
    const record: AccountRecord = { id: randomUUID(), label: input.label, createdAt: new Date().toISOString(), connection };
    await this.secrets.batch([
      [accountSecretKey(record.id), JSON.stringify(credentials)],
      [accountMetaKey(record.id), JSON.stringify(record)],
    ]);
    try {
      await this.store.update((data) => {
        if (data.accounts.some((r) => r.label.toLowerCase() === input.label.toLowerCase())) {
          throw new AppError('conflict', `An account named "${input.label}" already exists. Choose another name.`);
        }
        return { accounts: [...data.accounts, record] };
      });
    } catch (error) {
      await this.secrets
        .batch([
          [accountMetaKey(record.id), null],
          [accountSecretKey(record.id), null],
        ])
        .catch(() => undefined);
      if (error instanceof AppError) throw error;
      throw new AppError('internal', 'The account could not be saved; nothing was changed.', { cause: error });
    }
    this.#learn(record.id, credentials);
    this.onChange(await this.list());
    return toSummary(record, true);
  }

  async remove(id: string): Promise<void> {
    await this.#fresh(() => this.#remove(id));
  }

  async #remove(id: string): Promise<void> {
    if (!this.store.get('accounts').some((r) => r.id === id)) throw noSuchAccount();
    await this.store.update((data) => ({ accounts: data.accounts.filter((r) => r.id !== id) }));
    this.#learn(id, null);
    await this.secrets.batch([
      [accountMetaKey(id), null],
      [accountSecretKey(id), null],
    ]);
    this.onChange(await this.list());
  }

  /** For provider clients in main only: never returned over IPC. */
  async credentials(id: string): Promise<AccountCredentials> {
    const raw = await this.secrets.get(accountSecretKey(id));
    if (raw === null)
      throw new AppError(
        'not-found',
        'The credentials of this account are missing from the vault. Replace them (edit the account) or remove and add the account again.',
      );
    try {
      return this.#learn(id, rememberCredentials(JSON.parse(raw) as AccountCredentials))!;
    } catch {
      // Never the parser's text: it quotes the value, which is a secret.
      throw new AppError(
        'vault-entry-unreadable',
        'The credentials of this account in the vault are damaged. Replace them (edit the account) or remove and add the account again.',
      );
    }
  }

  /**
   * Edits an account: label, address, credential. The vault first (the credential and the record
   * kept for recovery, in one write), then the metadata store; a failed metadata store write puts the
   * vault back as it was.
   */
  /**
   * `plannedAt`: the server the account pointed at when the edit was planned (and a new credential
   * tested). A credential for the same address is refused if the account moved meanwhile.
   */
  async update(id: string, change: AccountChange, plannedAt?: string): Promise<AccountSummary> {
    return this.#fresh(() => this.#update(id, change, plannedAt));
  }

  async #update(id: string, change: AccountChange, plannedAt?: string): Promise<AccountSummary> {
    const before = this.store.get('accounts').find((r) => r.id === id);
    if (!before) throw noSuchAccount();
    const readdressed = change.baseUrl !== undefined || change.endpoint !== undefined || change.customBaseUrl !== undefined;
    if (change.credentials && !readdressed && plannedAt !== undefined && accountServer(before) !== plannedAt) throw movedWhileEditing(before, plannedAt);
    const label = change.label ?? before.label;
    const labelTaken = (records: readonly AccountRecord[]) => records.some((r) => r.id !== id && r.label.toLowerCase() === label.toLowerCase());
    const taken = (): AppError =>
      new AppError('conflict', `An account named "${label}" already exists. Choose another name.`, {
        issues: ['label: is already the name of another account'],
      });
    if (labelTaken(this.store.get('accounts'))) throw taken();
    const draft = applyChange(before, change);
    if (draft.credentials) rememberCredentials(draft.credentials);
    const record: AccountRecord = { ...before, label, connection: draft.connection };
    const oldCredentials = draft.credentials ? await this.secrets.get(accountSecretKey(id)) : null;
    const credential = (value: string | null): Array<readonly [string, string | null]> => (draft.credentials ? [[accountSecretKey(id), value]] : []);
    await this.secrets.batch([...credential(draft.credentials ? JSON.stringify(draft.credentials) : null), [accountMetaKey(id), JSON.stringify(record)]]);
    try {
      await this.store.update((data) => {
        if (!data.accounts.some((r) => r.id === id)) throw noSuchAccount();
        if (labelTaken(data.accounts)) throw taken();
        const accounts = data.accounts.map((r) => (r.id === id ? record : r));
        // Another server: the tokens listed so far stay on the old one (tokens/token-server.ts).
        const [from, to] = [accountServer(before), accountServer(record)];
        return from === to ? { accounts } : { accounts, tokens: afterAccountMoved(data.tokens, id, from, to) };
      });
    } catch (error) {
      await this.secrets.batch([...credential(oldCredentials), [accountMetaKey(id), JSON.stringify(before)]]).catch(() => undefined);
      if (error instanceof AppError) throw error;
      throw new AppError('internal', 'The account could not be saved; nothing was changed.', { cause: error });
    }
    if (draft.credentials) this.#learn(id, draft.credentials);
    this.onChange(await this.list());
    return toSummary(record, this.secrets.has(accountSecretKey(id)));
  }

  /**
   * An account's connection and its credential, read together from fresh files under the profile
   * lock: what an adapter is built from. Read apart (the connection from memory, the credential
   * from the vault another process just rewrote), one server's credential could go to another.
   */
  async snapshot(id: string): Promise<{ connection: AccountRecord['connection']; credentials: AccountCredentials }> {
    return this.#fresh(async () => ({ connection: this.record(id).connection, credentials: await this.credentials(id) }));
  }

  /** The record of an account (its connection), for building a draft from it. */
  record(id: string): AccountRecord {
    const record = this.store.get('accounts').find((r) => r.id === id);
    if (!record) throw noSuchAccount();
    return record;
  }

  /**
   * Replaces an account's credentials (LogScale: the account's own personal token was rotated, so
   * the old value no longer signs in). Vault only; the store is untouched.
   */
  async replaceCredentials(id: string, credentials: AccountCredentials, server?: string): Promise<boolean> {
    return this.#fresh(async () => this.#replaceCredentials(id, credentials, server));
  }

  /** False, and nothing written, when the account no longer points at `server` (the credential belongs there). */
  async #replaceCredentials(id: string, credentials: AccountCredentials, server?: string): Promise<boolean> {
    const record = this.store.get('accounts').find((r) => r.id === id);
    if (!record) throw noSuchAccount();
    if (server !== undefined && accountServer(record) !== server) return false;
    rememberCredentials(credentials);
    await this.secrets.set(accountSecretKey(id), JSON.stringify(credentials));
    this.#learn(id, credentials);
    this.onChange(await this.list());
    return true;
  }
  /**
   * The token each LogScale account signs in with, by provider id: a revoke of that token would
   * lock the account out. Learnt whenever credentials are added, read or replaced.
   */
  signInTokenIds(): ReadonlyMap<string, string> {
    return this.#signsIn;
  }

  /**
   * The labels of the accounts that sign in with this LogScale token: any account of the same
   * cluster (base URL), not only the one the record was listed under (two accounts may list the
   * same token).
   */
  signingInWith(record: { provider: string; accountId: string; remoteId: string }): string[] {
    // Only accounts whose credential is a platform token (LogScale) sign in with one.
    if (this.#signsIn.size === 0) return [];
    const index = this.#signInIndex();
    return [...(index.labels.get(`${index.clusters.get(record.accountId)}\u0000${record.remoteId}`) ?? [])];
  }

  /**
   * Cluster and sign-in token to the labels of the accounts that sign in there with it: asked once
   * per token each time the window gets the list (5,000 at a sync), so built once per version of
   * the accounts and of what they sign in with (both are replaced, never edited).
   */
  #signInIndex(): SignInIndex {
    const accounts = this.store.get('accounts');
    const cached = this.#signIn;
    if (cached && cached.accounts === accounts && cached.signsIn === this.#signsIn) return cached;
    const labels = new Map<string, string[]>();
    for (const account of accounts) {
      const tokenId = this.#signsIn.get(account.id);
      if (tokenId === undefined) continue;
      const key = `${account.connection.baseUrl}\u0000${tokenId}`;
      labels.set(key, [...(labels.get(key) ?? []), account.label]);
    }
    this.#signIn = { accounts, signsIn: this.#signsIn, clusters: new Map(accounts.map((a) => [a.id, a.connection.baseUrl])), labels };
    return this.#signIn;
  }

  #signIn: SignInIndex | null = null;

  /** Reads every account's credentials once, so `signInTokenIds` is whole from the start. */
  async learnSignInTokens(): Promise<void> {
    for (const account of this.store.get('accounts')) await this.credentials(account.id).catch(() => undefined);
  }

  #learn(id: string, credentials: AccountCredentials | null): AccountCredentials | null {
    const provider = this.store.get('accounts').find((a) => a.id === id)?.connection.provider;
    const tokenId = credentials && provider ? providerModule(provider).signInTokenId(credentials) : null;
    if ((this.#signsIn.get(id) ?? null) === tokenId) return credentials;
    const next = new Map(this.#signsIn);
    if (tokenId) next.set(id, tokenId);
    else next.delete(id);
    this.#signsIn = next;
    return credentials;
  }
}

/** See AccountService.#signInIndex. */
interface SignInIndex {
  accounts: readonly AccountRecord[];
  signsIn: ReadonlyMap<string, string>;
  /** Account id to its cluster (base URL; OVHcloud accounts have none). */
  clusters: ReadonlyMap<string, string | undefined>;
  labels: ReadonlyMap<string, string[]>;
}

export interface RecoveredAccounts {
  restored: number;
  /** Credentials found without their record (added by an older version, or a half-finished add). */
  orphans: number;
}

/** Rebuilds the store's account list from the vault after the metadata store was lost or damaged. */
export async function recoverAccounts(store: MetadataStore, secrets: SecretStore): Promise<RecoveredAccounts> {
  const keys = secrets.keys();
  const records: AccountRecord[] = [];
  for (const key of keys.filter((k) => k.startsWith(ACCOUNT_META_PREFIX))) {
    const raw = await secrets.get(key);
    if (!raw) continue;
    try {
      const record = JSON.parse(raw) as AccountRecord;
      if (secrets.has(accountSecretKey(record.id))) records.push(record);
    } catch {
      // A damaged meta entry is skipped; its credentials stay in the vault untouched.
    }
  }
  const known = new Set(records.map((r) => accountSecretKey(r.id)));
  const orphans = keys.filter((k) => k.startsWith(ACCOUNT_SECRET_PREFIX) && !known.has(k)).length;
  await store.update(() => ({ accounts: records.sort((a, b) => a.createdAt.localeCompare(b.createdAt)) }));
  return { restored: records.length, orphans };
}

function toSummary(record: AccountRecord, hasCredentials: boolean): AccountSummary {
  // Labels typed today cannot hold hidden characters (the contract refuses them); older ones are shown spelled out.
  return {
    id: record.id,
    provider: record.connection.provider,
    label: visibleName(record.label),
    createdAt: record.createdAt,
    connection: record.connection,
    hasCredentials,
  };
}
