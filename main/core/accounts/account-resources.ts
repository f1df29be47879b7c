/**
 * What an account holds besides tokens, read-only, for the CLI's browse commands (and any view that
 * wants them): OVHcloud services, LogScale IP filters, views and repositories, token policies. Each
 * is the provider's answer or the provider's error; asking an account for what its provider does
 * not have is said in words.
 */
import { AppError } from '../errors';
import type { IpFilterSummary, PolicySummary, Provider, ServiceSummary, ViewSummary } from '../model';
import type { AccountResources, ProviderAdapter } from '../tokens/adapter';
import type { AccountService } from './account-service';

const OWNER: Record<keyof AccountResources, { provider: Provider; what: string }> = {
  services: { provider: 'ovh', what: 'Logs Data Platform services' },
  ipFilters: { provider: 'logscale', what: 'IP filters' },
  views: { provider: 'logscale', what: 'views and repositories' },
  policies: { provider: 'logscale', what: 'token security policies' },
};

export class AccountResourceReads {
  constructor(
    private readonly accounts: AccountService,
    private readonly adapterFor: (accountId: string) => Promise<ProviderAdapter>,
  ) {}

  services = (accountId: string): Promise<ServiceSummary[]> => this.#read(accountId, 'services');
  ipFilters = (accountId: string): Promise<IpFilterSummary[]> => this.#read(accountId, 'ipFilters');
  views = (accountId: string): Promise<ViewSummary[]> => this.#read(accountId, 'views');
  policies = (accountId: string): Promise<PolicySummary> => this.#read(accountId, 'policies');

  async #read<K extends keyof AccountResources>(accountId: string, what: K): Promise<Awaited<ReturnType<NonNullable<AccountResources[K]>>>> {
    const account = (await this.accounts.list()).find((a) => a.id === accountId);
    if (!account) throw new AppError('not-found', 'That account does not exist (it may have been removed).');
    const read = (await this.adapterFor(accountId)).resources?.[what];
    if (!read) {
      const owner = OWNER[what];
      throw new AppError('invalid-input', `“${account.label}” is ${account.provider === 'ovh' ? 'an OVHcloud' : 'a LogScale'} account: ${owner.what} are ${owner.provider === 'ovh' ? 'OVHcloud' : 'LogScale'}'s.`);
    }
    return (await (read as () => Promise<unknown>)()) as Awaited<ReturnType<NonNullable<AccountResources[K]>>>;
  }
}
