/**
 * One provider adapter per account, built on first use from the account's settings (store) and
 * credentials (vault), and kept: the OVH client holds its clock delta and OAuth2 token, both
 * worth reusing, for as long as the account's connection is the one it was built for (a connection
 * changed by another process gets a new adapter at the next use). `forget` drops an account's
 * adapter after its settings or credentials change or it is removed. `buildAdapter` makes one from settings not saved yet, to test them first.
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
  // Kept with the connection it was built for: another process may point the account elsewhere
  // (the CLI while the window is open), and an adapter must never reach the old server for it.
  const adapters = new Map<string, { connection: string; adapter: Promise<ProviderAdapter> }>();

  return {
    async adapterFor(accountId) {
      const account = (await accounts.list()).find((a) => a.id === accountId);
      if (!account) throw noSuchAccount();
      const connection = JSON.stringify(account.connection);
      const kept = adapters.get(accountId);
      if (kept && kept.connection === connection) return kept.adapter;
      const adapter = buildAdapter(account.connection, () => accounts.credentials(accountId), settings, now);
      adapters.set(accountId, { connection, adapter });
      adapter.catch(() => {
        if (adapters.get(accountId)?.adapter === adapter) adapters.delete(accountId);
      });
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
