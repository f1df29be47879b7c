/**
 * Accounts: a provider connection the admin added. Non-secret settings go to the store; the
 * credentials go to the vault under `account:<id>`, as one JSON value, and only there.
 *
 * Order of writes keeps every failure harmless:
 *  - add: vault first, then store. If the store write fails, the vault entries are removed again.
 *  - remove: store first, then vault (never a listed account without credentials).
 */
import { randomUUID } from 'node:crypto';
import type { AccountChange, AccountCredentials, AccountRecord, AccountSummary, AddAccountInput, OvhConnection, OvhCredentials } from '../model';
import { AppError } from '../errors';
import type { SecretStore } from '../vault/vault';
import type { MetadataStore } from '../store/metadata-store';
import { visibleName } from '../visible-name';
import { rememberSecret } from '../log/known-secrets';
import { logScaleTokenId } from '../providers/logscale/token-shape';

import { OVH_API_BASE_URLS } from '../providers/ovh';

export const accountSecretKey = (id: string): string => `account:${id}`;
/**
 * The account's non-secret record, kept in the vault too: if the settings file is ever lost or
 * damaged, accounts are rebuilt from the vault (`recoverAccounts`), and their tokens from the providers.
 */
export const accountMetaKey = (id: string): string => `account-meta:${id}`;

export class AccountService {
  /** accountId -> the LogScale token id the account signs in with (its credential's `<id>~` part); replaced, never edited, on change. */
  #signsIn: ReadonlyMap<string, string> = new Map();

  constructor(
    private readonly store: MetadataStore,
    private readonly secrets: SecretStore,
    private readonly onChange: (accounts: AccountSummary[]) => void = () => {},
  ) {}

  async list(): Promise<AccountSummary[]> {
    return this.store.get('accounts').map((r) => toSummary(r, this.secrets.has(accountSecretKey(r.id))));
  }

  async add(input: AddAccountInput): Promise<AccountSummary> {
    if (this.store.get('accounts').some((r) => r.label.toLowerCase() === input.label.toLowerCase())) {
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
      await this.secrets.batch([[accountMetaKey(record.id), null], [accountSecretKey(record.id), null]]).catch(() => undefined);
      if (error instanceof AppError) throw error;
      throw new AppError('internal', 'The account could not be saved; nothing was changed.', { cause: error });
    }
    this.#learn(record.id, credentials);
    this.onChange(await this.list());
    return toSummary(record, true);
  }

  async remove(id: string): Promise<void> {
    if (!this.store.get('accounts').some((r) => r.id === id)) throw new AppError('not-found', 'That account does not exist (it may already be removed).');
    await this.store.update((data) => ({ accounts: data.accounts.filter((r) => r.id !== id) }));
    this.#learn(id, null);
    await this.secrets.batch([[accountMetaKey(id), null], [accountSecretKey(id), null]]);
    this.onChange(await this.list());
  }

  /** For provider clients in main only: never returned over IPC. */
  async credentials(id: string): Promise<AccountCredentials> {
    const raw = await this.secrets.get(accountSecretKey(id));
    if (raw === null) throw new AppError('not-found', 'The credentials of this account are missing from the vault. Replace them (edit the account) or remove and add the account again.');
    try {
      return this.#learn(id, rememberCredentials(JSON.parse(raw) as AccountCredentials))!;
    } catch {
      // Never the parser's text: it quotes the value, which is a secret.
      throw new AppError('keychain-failed', 'The credentials of this account in the vault are damaged. Replace them (edit the account) or remove and add the account again.');
    }
  }

  /**
   * Edits an account: label, address, credential. The vault first (the credential and the record
   * kept for recovery, in one write), then the settings file; a failed settings write puts the
   * vault back as it was.
   */
  async update(id: string, change: AccountChange): Promise<AccountSummary> {
    const before = this.store.get('accounts').find((r) => r.id === id);
    if (!before) throw new AppError('not-found', 'That account does not exist (it may have been removed).');
    const label = change.label ?? before.label;
    const labelTaken = (records: readonly AccountRecord[]) => records.some((r) => r.id !== id && r.label.toLowerCase() === label.toLowerCase());
    const taken = (): AppError => new AppError('conflict', `An account named "${label}" already exists. Choose another name.`, { issues: ['label: is already the name of another account'] });
    if (labelTaken(this.store.get('accounts'))) throw taken();
    const draft = applyChange(before, change);
    if (draft.credentials) rememberCredentials(draft.credentials);
    const record: AccountRecord = { ...before, label, connection: draft.connection };
    const oldCredentials = draft.credentials ? await this.secrets.get(accountSecretKey(id)) : null;
    const credential = (value: string | null): Array<readonly [string, string | null]> => (draft.credentials ? [[accountSecretKey(id), value]] : []);
    await this.secrets.batch([...credential(draft.credentials ? JSON.stringify(draft.credentials) : null), [accountMetaKey(id), JSON.stringify(record)]]);
    try {
      await this.store.update((data) => {
        if (!data.accounts.some((r) => r.id === id)) throw new AppError('not-found', 'That account does not exist (it may have been removed).');
        if (labelTaken(data.accounts)) throw taken();
        return { accounts: data.accounts.map((r) => (r.id === id ? record : r)) };
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

  /** The record of an account (its connection), for building a draft from it. */
  record(id: string): AccountRecord {
    const record = this.store.get('accounts').find((r) => r.id === id);
    if (!record) throw new AppError('not-found', 'That account does not exist (it may have been removed).');
    return record;
  }

  /**
   * Replaces an account's credentials (LogScale: the account's own personal token was rotated, so
   * the old value no longer signs in). Vault only; the store is untouched.
   */
  async replaceCredentials(id: string, credentials: AccountCredentials): Promise<void> {
    if (!this.store.get('accounts').some((r) => r.id === id)) throw new AppError('not-found', 'That account does not exist (it may have been removed).');
    rememberCredentials(credentials);
    await this.secrets.set(accountSecretKey(id), JSON.stringify(credentials));
    this.#learn(id, credentials);
    this.onChange(await this.list());
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
    if (record.provider !== 'logscale' || this.#signsIn.size === 0) return [];
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
    const tokenId = credentials && 'token' in credentials ? logScaleTokenId(credentials.token) : null;
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

/** Rebuilds the store's account list from the vault after the settings file was lost or damaged. */
export async function recoverAccounts(store: MetadataStore, secrets: SecretStore): Promise<RecoveredAccounts> {
  const keys = secrets.keys();
  const records: AccountRecord[] = [];
  for (const key of keys.filter((k) => k.startsWith('account-meta:'))) {
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
  const orphans = keys.filter((k) => k.startsWith('account:') && !known.has(k)).length;
  await store.update(() => ({ accounts: records.sort((a, b) => a.createdAt.localeCompare(b.createdAt)) }));
  return { restored: records.length, orphans };
}

/**
 * An account as it would be after `change`: its connection, and the new credentials when the change
 * carries some. A credential of the other provider, or OVHcloud's other sign-in mode with the old
 * application key, is refused here rather than stored. So is a new address (another origin) without
 * its credential: the check and the save both come through here, and neither may present the
 * stored credential to a server it was not given for.
 */
export function applyChange(record: AccountRecord, change: AccountChange): { connection: AccountRecord['connection']; credentials: AccountCredentials | null } {
  const draft = draftOf(record, change);
  if (!draft.credentials && originOf(draft.connection.baseUrl) !== originOf(record.connection.baseUrl)) {
    const fields = record.connection.provider === 'logscale' ? ['token'] : record.connection.authMode === 'oauth2' ? ['clientSecret'] : ['applicationSecret', 'consumerKey'];
    throw new AppError('invalid-input', NEW_ADDRESS_NEEDS_CREDENTIAL, { issues: fields.map((f) => `credentials.${f}: ${NEW_ADDRESS_NEEDS_CREDENTIAL}`) });
  }
  return draft;
}

export const NEW_ADDRESS_NEEDS_CREDENTIAL = 'A new address needs its credential entered again: Tokendesk does not send the stored one to another server.';

/** Scheme, host and port as the URL parser canonicalises them (case, default port); the text itself when it is no URL. */
function originOf(url: string): string {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? url : origin; // no origin of its own (a scheme the parser does not know): the text
  } catch {
    return url;
  }
}

function draftOf(record: AccountRecord, change: AccountChange): { connection: AccountRecord['connection']; credentials: AccountCredentials | null } {
  const connection = record.connection;
  const given = change.credentials;
  if (given && given.provider !== connection.provider) throw new AppError('invalid-input', `This is a ${connection.provider === 'ovh' ? 'OVHcloud' : 'LogScale'} account: give a credential of that platform.`, { issues: ['credentials: is for the other platform'] });
  if (connection.provider === 'logscale') {
    if (change.endpoint !== undefined || change.customBaseUrl !== undefined) throw new AppError('invalid-input', 'A LogScale account has a URL, not an OVHcloud API region.', { issues: ['endpoint: is not allowed'] });
    const baseUrl = change.baseUrl !== undefined ? change.baseUrl.replace(/\/+$/, '') : connection.baseUrl;
    return { connection: { provider: 'logscale', baseUrl }, credentials: given?.provider === 'logscale' ? { token: given.token } : null };
  }
  if (change.baseUrl !== undefined) throw new AppError('invalid-input', 'An OVHcloud account has an API region (or a custom API base URL), not a LogScale URL.', { issues: ['baseUrl: is not allowed'] });
  const endpoint = change.endpoint ?? connection.endpoint;
  // A URL for an account on one of OVHcloud's regions would be ignored: say so rather than drop it.
  if (change.customBaseUrl !== undefined && endpoint !== 'custom') throw new AppError('invalid-input', `This account uses OVHcloud's ${endpoint} endpoint, whose URL is fixed: choose the custom endpoint to give one.`, { issues: ['customBaseUrl: is only for the custom endpoint'] });
  const customBaseUrl = change.customBaseUrl ?? (connection.endpoint === 'custom' ? connection.baseUrl : undefined);
  if (endpoint === 'custom' && !customBaseUrl) throw new AppError('invalid-input', 'Give the API base URL of a custom endpoint.', { issues: ['customBaseUrl: is required when endpoint is custom'] });
  const baseUrl = endpoint === 'custom' ? customBaseUrl!.replace(/\/+$/, '') : OVH_API_BASE_URLS[endpoint];
  if (given?.provider !== 'ovh') return { connection: { ...connection, endpoint, baseUrl }, credentials: null };
  const appId = given.mode === 'consumer-key' ? given.applicationKey : given.clientId;
  const credentials: OvhCredentials =
    given.mode === 'consumer-key' ? { mode: 'consumer-key', applicationSecret: given.applicationSecret, consumerKey: given.consumerKey } : { mode: 'oauth2', clientSecret: given.clientSecret };
  return { connection: { ...connection, endpoint, baseUrl, authMode: given.mode, appId }, credentials };
}

/** An add form's input as what the store keeps (the connection) and what the vault keeps (the credentials). */
export function splitInput(input: AddAccountInput): { connection: AccountRecord['connection']; credentials: AccountCredentials } {
  if (input.provider === 'logscale') {
    return { connection: { provider: 'logscale', baseUrl: input.baseUrl.replace(/\/+$/, '') }, credentials: { token: input.token } };
  }
  const baseUrl = input.endpoint === 'custom' ? (input.customBaseUrl ?? '').replace(/\/+$/, '') : OVH_API_BASE_URLS[input.endpoint];
  const auth = input.auth;
  const connection: OvhConnection = {
    provider: 'ovh',
    endpoint: input.endpoint,
    baseUrl,
    authMode: auth.mode,
    appId: auth.mode === 'consumer-key' ? auth.applicationKey : auth.clientId,
  };
  const credentials: OvhCredentials =
    auth.mode === 'consumer-key'
      ? { mode: 'consumer-key', applicationSecret: auth.applicationSecret, consumerKey: auth.consumerKey }
      : { mode: 'oauth2', clientSecret: auth.clientSecret };
  return { connection, credentials };
}

/** Every secret field of an account's credentials goes to the log redactor's registry (not `mode`). */
function rememberCredentials(credentials: AccountCredentials): AccountCredentials {
  for (const [key, value] of Object.entries(credentials)) if (key !== 'mode' && typeof value === 'string') rememberSecret(value);
  return credentials;
}

function toSummary(record: AccountRecord, hasCredentials: boolean): AccountSummary {
  // Labels typed today cannot hold hidden characters (the contract refuses them); older ones are shown spelled out.
  return { id: record.id, provider: record.connection.provider, label: visibleName(record.label), createdAt: record.createdAt, connection: record.connection, hasCredentials };
}
