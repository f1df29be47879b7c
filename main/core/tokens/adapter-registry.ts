/**
 * One provider adapter per account, built on first use from the account's settings (store) and
 * credentials (keychain), and kept: the OVH client holds its clock delta and OAuth2 token, both
 * worth reusing. `forget` drops an account's adapter after its credentials change or it is removed.
 */
import type { AccountService } from '../accounts/account-service';
import type { LogScaleCredentials, OvhCredentials } from '../model';
import { AppError } from '../errors';
import { createLogScaleAdapter, createLogScaleClient, retryingFetch } from '../providers/logscale';
import { createOvhAdapter, createOvhClient, type OvhAuth } from '../providers/ovh';
import type { Settings } from '../model';
import type { ProviderAdapter } from './adapter';

export interface AdapterRegistry {
  adapterFor(accountId: string): Promise<ProviderAdapter>;
  forget(accountId: string): void;
}

export function createAdapterRegistry(accounts: AccountService, settings: () => Settings, now: () => number = Date.now): AdapterRegistry {
  const adapters = new Map<string, Promise<ProviderAdapter>>();

  async function build(accountId: string): Promise<ProviderAdapter> {
    const account = (await accounts.list()).find((a) => a.id === accountId);
    if (!account) throw new AppError('not-found', 'That account does not exist (it may have been removed).');
    const connection = account.connection;
    if (connection.provider === 'logscale') {
      const client = createLogScaleClient({
        baseUrl: connection.baseUrl,
        token: () => accounts.credentials(accountId).then((c) => (c as LogScaleCredentials).token),
        fetch: retryingFetch((input, init) => fetch(input, init)),
        // The politeness setting applies at once: read at each listing, not when the client was built.
        pageConcurrency: () => settings().maxInFlightPerAccount,
        now,
      });
      return createLogScaleAdapter(client, connection.baseUrl, logScaleProbe(connection.baseUrl), now);
    }
    const credentials = (await accounts.credentials(accountId)) as OvhCredentials;
    const auth: OvhAuth =
      credentials.mode === 'consumer-key'
        ? { mode: 'consumer-key', applicationKey: connection.appId, applicationSecret: credentials.applicationSecret, consumerKey: credentials.consumerKey }
        : { mode: 'oauth2', clientId: connection.appId, clientSecret: credentials.clientSecret };
    const endpoint = connection.endpoint === 'custom' ? { baseUrl: connection.baseUrl } : connection.endpoint;
    return createOvhAdapter(createOvhClient({ endpoint, auth, maxInFlight: () => settings().maxInFlightPerAccount }), now);
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
