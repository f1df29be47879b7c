/**
 * One provider adapter per account, built on first use from the account's settings (store) and
 * credentials (vault), and kept: the OVH client holds its clock delta and OAuth2 token, both
 * worth reusing. `forget` drops an account's adapter after its settings or credentials change or it
 * is removed. `buildAdapter` makes one from settings not saved yet, to test them first.
 */
import type { AccountStore } from '../accounts/account-store';
import type { AccountCredentials, AccountRecord, Settings } from '../model';
import { noSuchAccount } from '../errors';
import { providerModule } from '../providers/registry';
import type { ProviderAdapter } from './adapter';

export interface AdapterRegistry {
  adapterFor(accountId: string): Promise<ProviderAdapter>;
  forget(accountId: string): void;
}

/** Where the registry reads an account and its credentials (the account service, or one draft being tested). */
export type AccountSource = Pick<AccountStore, 'list' | 'credentials'>;

export function createAdapterRegistry(accounts: AccountSource, settings: () => Settings, now: () => number = Date.now): AdapterRegistry {
  const adapters = new Map<string, Promise<ProviderAdapter>>();

  async function build(accountId: string): Promise<ProviderAdapter> {
    const account = (await accounts.list()).find((a) => a.id === accountId);
    if (!account) throw noSuchAccount();
    return buildAdapter(account.connection, () => accounts.credentials(accountId), settings, now);
  }

  return {
    adapterFor(accountId) {
      let adapter = adapters.get(accountId);
      if (!adapter) {
        adapter = build(accountId);
        adapters.set(accountId, adapter);
        adapter.catch(() => adapters.delete(accountId));
      }
      return adapter;
    },
    forget: (accountId) => void adapters.delete(accountId),
  };
}

/**
 * An adapter for a connection and its credentials: the registry's, and a throwaway one to test
 * settings before they are saved (an account being added or edited). Its platform's module builds it.
 */
export function buildAdapter(
  connection: AccountRecord['connection'],
  credentials: () => Promise<AccountCredentials>,
  settings: () => Settings,
  now: () => number = Date.now,
): Promise<ProviderAdapter> {
  return providerModule(connection.provider).createAdapter(connection, credentials, settings, now);
}
