/**
 * One provider adapter per account, built on first use from the account's settings (store) and
 * credentials (vault), and kept: the OVH client holds its clock delta and OAuth2 token, both
 * worth reusing. `forget` drops an account's adapter after its settings or credentials change or it
 * is removed. `buildAdapter` makes one from settings not saved yet, to test them first.
 */
import type { AccountService } from '../accounts/account-service';
import type { AccountCredentials, AccountRecord, LogScaleCredentials, OvhCredentials } from '../model';
import { AppError } from '../errors';
import { createLogScaleAdapter, createLogScaleClient, retryingFetch } from '../providers/logscale';
import { createOvhAdapter, createOvhClient, type OvhAuth } from '../providers/ovh';
import type { Settings } from '../model';
import type { ProviderAdapter } from './adapter';

export interface AdapterRegistry {
  adapterFor(accountId: string): Promise<ProviderAdapter>;
  forget(accountId: string): void;
}

/** Where the registry reads an account and its credentials (the account service, or one draft being tested). */
export type AccountSource = Pick<AccountService, 'list' | 'credentials'>;

export function createAdapterRegistry(accounts: AccountSource, settings: () => Settings, now: () => number = Date.now): AdapterRegistry {
  const adapters = new Map<string, Promise<ProviderAdapter>>();

  async function build(accountId: string): Promise<ProviderAdapter> {
    const account = (await accounts.list()).find((a) => a.id === accountId);
    if (!account) throw new AppError('not-found', 'That account does not exist (it may have been removed).');
    // The LogScale token is read on each request (a personal token rotated in place changes it).
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
 * settings before they are saved (an account being added or edited).
 */
export async function buildAdapter(connection: AccountRecord['connection'], credentials: () => Promise<AccountCredentials>, settings: () => Settings, now: () => number = Date.now): Promise<ProviderAdapter> {
  if (connection.provider === 'logscale') {
    const client = createLogScaleClient({
      baseUrl: connection.baseUrl,
      token: () => credentials().then((c) => (c as LogScaleCredentials).token),
      fetch: retryingFetch((input, init) => fetch(input, init)),
      // The politeness setting applies at once: read at each listing, not when the client was built.
      pageConcurrency: () => settings().maxInFlightPerAccount,
      now,
    });
    return createLogScaleAdapter(client, connection.baseUrl, logScaleProbe(connection.baseUrl), now);
  }
  const secrets = (await credentials()) as OvhCredentials;
  const auth: OvhAuth =
    secrets.mode === 'consumer-key'
      ? { mode: 'consumer-key', applicationKey: connection.appId, applicationSecret: secrets.applicationSecret, consumerKey: secrets.consumerKey }
      : { mode: 'oauth2', clientId: connection.appId, clientSecret: secrets.clientSecret };
  const endpoint = connection.endpoint === 'custom' ? { baseUrl: connection.baseUrl } : connection.endpoint;
  return createOvhAdapter(createOvhClient({ endpoint, auth, maxInFlight: () => settings().maxInFlightPerAccount }), now);
}

/**
 * Presents a value to LogScale and says whether it is accepted (used to verify a token and to prove
 * a revoked one dead). A 403 counts as accepted: the token exists, only this address is refused.
 */
export function logScaleProbe(baseUrl: string): (value: string) => Promise<'accepted' | 'rejected'> {
  return async (value) => {
    try {
      await createLogScaleClient({ baseUrl, token: value }).checkCredentials();
      return 'accepted';
    } catch (error) {
      if (error instanceof AppError && error.code === 'auth') return 'rejected';
      if (error instanceof AppError && error.code === 'forbidden') return 'accepted';
      throw error;
    }
  };
}
