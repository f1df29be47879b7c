/**
 * What an account holds besides tokens, read-only, for the CLI's browse commands (and any view that
 * wants them): OVHcloud services, LogScale IP filters, views and repositories, token policies. Each
 * is the provider's answer or the provider's error; asking an account for what its provider does
 * not have is said in words.
 */
import { AppError, noSuchAccount } from '../errors';
import type { IpFilterSummary, PolicySummary, ServiceSummary, ViewSummary } from '../model';
import type { AccountResources, ProviderAdapter } from '../tokens/adapter';
import { providerModule, providerModules } from '../providers/registry';
import type { AccountStore } from './account-store';

export class AccountResourceReads {
  constructor(
    private readonly accounts: AccountStore,
    private readonly adapterFor: (accountId: string) => Promise<ProviderAdapter>,
  ) {}

  services = (accountId: string): Promise<ServiceSummary[]> => this.#read(accountId, 'services');
  ipFilters = (accountId: string): Promise<IpFilterSummary[]> => this.#read(accountId, 'ipFilters');
  views = (accountId: string): Promise<ViewSummary[]> => this.#read(accountId, 'views');
  policies = (accountId: string): Promise<PolicySummary> => this.#read(accountId, 'policies');

  async #read<K extends keyof AccountResources>(accountId: string, what: K): Promise<Awaited<ReturnType<NonNullable<AccountResources[K]>>>> {
    const account = (await this.accounts.list()).find((a) => a.id === accountId);
    if (!account) throw noSuchAccount();
    const read = (await this.adapterFor(accountId)).resources?.[what];
    if (!read) {
      const owner = providerModules().find((m) => m.holds[what])!;
      throw new AppError(
        'invalid-input',
        `“${account.label}” is ${withArticle(providerModule(account.provider).displayName)} account: ${owner.holds[what]} are ${owner.displayName}'s.`,
      );
    }
    return (await (read as () => Promise<unknown>)()) as Awaited<ReturnType<NonNullable<AccountResources[K]>>>;
  }
}

/** "an OVHcloud", "a LogScale". */
const withArticle = (name: string): string => `${/^[AEIOU]/i.test(name) ? 'an' : 'a'} ${name}`;
