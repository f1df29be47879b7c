/**
 * One provider adapter per account, built on first use from the account's settings (store) and
 * credentials (vault), and kept: the OVH client holds its clock delta and OAuth2 token, both
 * worth reusing, for as long as the account's connection and credential, read together from fresh
 * files at each use, are the ones it was built for (changed by another process: a new adapter). `forget` drops an account's
 * adapter after its settings or credentials change or it is removed. `buildAdapter` makes one from settings not saved yet, to test them first.
 */
import { hash } from 'node:crypto';
import type { AccountStore } from '../accounts/account-store';
import type { AccountCredentials, AccountRecord, Settings } from '../model';
import { providerModule } from '../providers/registry';
import type { ProviderAdapter } from './adapter';

export interface AdapterRegistry {
  adapterFor(accountId: string): Promise<ProviderAdapter>;
  forget(accountId: string): void;
}

/** Where the registry reads an account's connection and credential together (the account store, or one draft being tested). */
export type AccountSource = Pick<AccountStore, 'snapshot'>;

export function createAdapterRegistry(accounts: AccountSource, settings: () => Settings, now: () => number = Date.now): AdapterRegistry {
  // Kept with the connection and credential it was built for: another process may point the
  // account elsewhere or replace its credential (the CLI while the window is open), and an adapter
  // must never reach one server with another's credential.
  const adapters = new Map<string, { built: string; adapter: Promise<ProviderAdapter> }>();

  return {
    async adapterFor(accountId) {
      const { connection, credentials } = await accounts.snapshot(accountId);
      const built = hash('sha256', JSON.stringify([connection, credentials]), 'base64');
      const kept = adapters.get(accountId);
      if (kept && kept.built === built) return kept.adapter;
      const adapter = buildAdapter(connection, async () => credentials, settings, now);
      adapters.set(accountId, { built, adapter });
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
