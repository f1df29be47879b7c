/**
 * Accounts: a provider connection the admin added. Non-secret settings go to the store; the
 * credentials go to the keychain under `account:<id>`, as one JSON item, and only there.
 *
 * Order of writes keeps every failure harmless:
 *  - add: keychain first, then store. If the store write fails, the keychain item is removed again.
 *  - remove: store first, then keychain. A keychain failure is reported with the item to delete
 *    by hand (never a listed account without credentials).
 */
import { randomUUID } from 'node:crypto';
import type { AccountChange, AccountCredentials, AccountRecord, AccountSummary, AddAccountInput, OvhConnection, OvhCredentials } from '../model';
import { AppError } from '../errors';
import type { Keychain } from '../vault/keychain';
import type { MetadataStore } from '../store/metadata-store';

const OVH_BASE_URLS = {
  'ovh-eu': 'https://eu.api.ovh.com/1.0',
  'ovh-ca': 'https://ca.api.ovh.com/1.0',
  'ovh-us': 'https://api.us.ovhcloud.com/1.0',
} as const;

export const accountSecretKey = (id: string): string => `account:${id}`;
/**
 * The account's non-secret record, kept in the keychain too: if the settings file is ever lost or
 * damaged, accounts are rebuilt from the keychain (`recover`), and their tokens from the providers.
 */
export const accountMetaKey = (id: string): string => `account-meta:${id}`;

export class AccountService {
  /** Whether the keychain holds each account's credentials, checked once per account (see list). */
  readonly #held = new Map<string, boolean>();

  constructor(
    private readonly store: MetadataStore,
    private readonly keychain: Keychain,
    private readonly onChange: (accounts: AccountSummary[]) => void = () => {},
  ) {}

  /**
   * Reads the store, and asks the keychain only about accounts it has not checked yet: listing the
   * keychain (findCredentials) would decrypt every token value it holds, on every call.
   */
  async list(): Promise<AccountSummary[]> {
    const records = this.store.get('accounts');
    for (const r of records) {
      if (!this.#held.has(r.id)) this.#held.set(r.id, (await this.keychain.get(accountSecretKey(r.id)).catch(() => null)) !== null);
    }
    return records.map((r) => toSummary(r, this.#held.get(r.id) ?? false));
  }

  async add(input: AddAccountInput): Promise<AccountSummary> {
    const records = this.store.get('accounts');
    if (records.some((r) => r.label.toLowerCase() === input.label.toLowerCase())) {
      throw new AppError('conflict', `An account named "${input.label}" already exists. Choose another name.`);
    }
    const { connection, credentials } = splitInput(input);
    const record: AccountRecord = { id: randomUUID(), label: input.label, createdAt: new Date().toISOString(), connection };
    await this.keychain.set(accountSecretKey(record.id), JSON.stringify(credentials));
    this.#held.set(record.id, true);
    try {
      await this.keychain.set(accountMetaKey(record.id), JSON.stringify(record));
      this.store.set('accounts', [...records, record]);
    } catch (error) {
      await this.keychain.delete(accountMetaKey(record.id)).catch(() => false);
      await this.keychain.delete(accountSecretKey(record.id));
      this.#held.delete(record.id);
      throw new AppError('internal', 'The account could not be saved; nothing was changed.', { cause: error });
    }
    this.onChange(await this.list());
    return toSummary(record, true);
  }

  async remove(id: string): Promise<void> {
    const records = this.store.get('accounts');
    if (!records.some((r) => r.id === id)) throw new AppError('not-found', 'That account does not exist (it may already be removed).');
    this.store.set('accounts', records.filter((r) => r.id !== id));
    this.#held.delete(id);
    await this.keychain.delete(accountMetaKey(id)).catch(() => false);
    await this.keychain.delete(accountSecretKey(id)).catch((error: unknown) => {
      throw new AppError('keychain-failed', `The account was removed, but its credentials could not be deleted from the OS keychain (item "${accountSecretKey(id)}" of service "tokendesk"): remove it with your keychain manager.`, { cause: error });
    });
    this.onChange(await this.list());
  }

  /** For provider clients in main only: never returned over IPC. */
  async credentials(id: string): Promise<AccountCredentials> {
    const raw = await this.keychain.get(accountSecretKey(id));
    if (raw === null) throw new AppError('not-found', 'The credentials of this account are missing from the OS keychain. Remove and add the account again.');
    try {
      return JSON.parse(raw) as AccountCredentials;
    } catch {
      // Never the parser's text: it quotes the item, which is a secret.
      throw new AppError('keychain-failed', `The credentials of this account in the OS keychain are damaged (item "${accountSecretKey(id)}"). Remove the account and add it again.`);
    }
  }

  /**
   * Edits an account: label, address, credential. The credential goes to the keychain first, then
   * the record (store and its keychain copy); a failed record write puts the old credential back.
   */
  async update(id: string, change: AccountChange): Promise<AccountSummary> {
    const records = this.store.get('accounts');
    const before = records.find((r) => r.id === id);
    if (!before) throw new AppError('not-found', 'That account does not exist (it may have been removed).');
    const label = change.label ?? before.label;
    if (records.some((r) => r.id !== id && r.label.toLowerCase() === label.toLowerCase())) {
      throw new AppError('conflict', `An account named "${label}" already exists. Choose another name.`, { issues: ['label: is already the name of another account'] });
    }
    const draft = applyChange(before, change);
    const oldCredentials = draft.credentials ? await this.keychain.get(accountSecretKey(id)) : null;
    if (draft.credentials) await this.keychain.set(accountSecretKey(id), JSON.stringify(draft.credentials));
    const record: AccountRecord = { ...before, label, connection: draft.connection };
    try {
      await this.keychain.set(accountMetaKey(id), JSON.stringify(record));
      this.store.set('accounts', records.map((r) => (r.id === id ? record : r)));
    } catch (error) {
      if (oldCredentials !== null) await this.keychain.set(accountSecretKey(id), oldCredentials).catch(() => undefined);
      throw new AppError('internal', 'The account could not be saved; nothing was changed.', { cause: error });
    }
    if (draft.credentials) this.#held.set(id, true);
    this.onChange(await this.list());
    return toSummary(record, this.#held.get(id) ?? true);
  }

  /** The record of an account (its connection), for building a draft from it. */
  record(id: string): AccountRecord {
    const record = this.store.get('accounts').find((r) => r.id === id);
    if (!record) throw new AppError('not-found', 'That account does not exist (it may have been removed).');
    return record;
  }

  /**
   * Replaces an account's credentials (LogScale: the account's own personal token was rotated, so
   * the old value no longer signs in). Keychain only; the store is untouched.
   */
  async replaceCredentials(id: string, credentials: AccountCredentials): Promise<void> {
    if (!this.store.get('accounts').some((r) => r.id === id)) throw new AppError('not-found', 'That account does not exist (it may have been removed).');
    await this.keychain.set(accountSecretKey(id), JSON.stringify(credentials));
    this.#held.set(id, true);
  }

}

export interface RecoveredAccounts {
  restored: number;
  /** Credentials found without their record (added by an older version, or a half-finished add). */
  orphans: number;
}

/**
 * Rebuilds the store's account list from the keychain after the settings file was lost or damaged.
 * Listing the keychain reads every item, values included; that is acceptable on this rare path
 * only, and nothing read is kept beyond the account records.
 */
export async function recoverAccounts(store: MetadataStore, keychain: Keychain): Promise<RecoveredAccounts> {
  const keys = await keychain.keys();
  const records: AccountRecord[] = [];
  for (const key of keys.filter((k) => k.startsWith('account-meta:'))) {
    const raw = await keychain.get(key);
    if (!raw) continue;
    try {
      const record = JSON.parse(raw) as AccountRecord;
      if (keys.includes(accountSecretKey(record.id))) records.push(record);
    } catch {
      // A damaged meta item is skipped; its credentials stay in the keychain untouched.
    }
  }
  const known = new Set(records.map((r) => accountSecretKey(r.id)));
  const orphans = keys.filter((k) => k.startsWith('account:') && !known.has(k)).length;
  store.set('accounts', records.sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
  return { restored: records.length, orphans };
}

/**
 * An account as it would be after `change`: its connection, and the new credentials when the change
 * carries some. A credential of the other provider, or OVHcloud's other sign-in mode with the old
 * application key, is refused here rather than stored.
 */
export function applyChange(record: AccountRecord, change: AccountChange): { connection: AccountRecord['connection']; credentials: AccountCredentials | null } {
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
  const customBaseUrl = change.customBaseUrl ?? (connection.endpoint === 'custom' ? connection.baseUrl : undefined);
  if (endpoint === 'custom' && !customBaseUrl) throw new AppError('invalid-input', 'Give the API base URL of a custom endpoint.', { issues: ['customBaseUrl: is required when endpoint is custom'] });
  const baseUrl = endpoint === 'custom' ? customBaseUrl!.replace(/\/+$/, '') : OVH_BASE_URLS[endpoint];
  if (given?.provider !== 'ovh') return { connection: { ...connection, endpoint, baseUrl }, credentials: null };
  const appId = given.mode === 'consumer-key' ? given.applicationKey : given.clientId;
  const credentials: OvhCredentials =
    given.mode === 'consumer-key' ? { mode: 'consumer-key', applicationSecret: given.applicationSecret, consumerKey: given.consumerKey } : { mode: 'oauth2', clientSecret: given.clientSecret };
  return { connection: { ...connection, endpoint, baseUrl, authMode: given.mode, appId }, credentials };
}

export function splitInput(input: AddAccountInput): { connection: AccountRecord['connection']; credentials: AccountCredentials } {
  if (input.provider === 'logscale') {
    return { connection: { provider: 'logscale', baseUrl: input.baseUrl.replace(/\/+$/, '') }, credentials: { token: input.token } };
  }
  const baseUrl = input.endpoint === 'custom' ? (input.customBaseUrl ?? '').replace(/\/+$/, '') : OVH_BASE_URLS[input.endpoint];
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

function toSummary(record: AccountRecord, hasCredentials: boolean): AccountSummary {
  return { id: record.id, provider: record.connection.provider, label: record.label, createdAt: record.createdAt, connection: record.connection, hasCredentials };
}
