/**
 * What a token can be scoped to besides its permissions: the views and repositories a view token
 * names (by search-domain id), and the IP filters any token can carry (rule text, one
 * `allow|deny <address|cidr|all>` per line; names need not be unique, so filters go by id).
 */
import { AppError } from '../../errors';
import type { LogScaleTransport } from './transport';
import { requireId, requireText, toIpFilter, toSearchDomain, unexpected, type IpFilter, type Raw, type SearchDomainRef } from './objects';

export class LogScaleViews {
  constructor(private readonly transport: LogScaleTransport) {}

  /** Views and repositories the caller can see (their ids are what view tokens take). */
  async list(): Promise<SearchDomainRef[]> {
    const data = await this.transport.graphql<{ searchDomains: Raw[] }>('ListSearchDomains', undefined, 'list views and repositories');
    if (!Array.isArray(data?.searchDomains)) throw unexpected('list views and repositories', 'searchDomains');
    return data.searchDomains.map(toSearchDomain).filter((d): d is SearchDomainRef => d !== null);
  }
}

export class LogScaleIpFilters {
  constructor(private readonly transport: LogScaleTransport) {}

  async list(): Promise<IpFilter[]> {
    const data = await this.transport.graphql<{ ipFilters: Raw[] }>('ListIpFilters', undefined, 'list IP filters');
    if (!Array.isArray(data?.ipFilters)) throw unexpected('list IP filters', 'ipFilters');
    return data.ipFilters.map((f) => toIpFilter(f, 'list IP filters'));
  }

  async create(input: { name: string; ipFilter: string }): Promise<IpFilter> {
    const name = requireText(input.name, 'name', 'IP filter name');
    const ipFilter = requireText(input.ipFilter, 'ipFilter', 'IP filter rules');
    const data = await this.transport.graphql<{ createIPFilter: Raw }>('CreateIpFilter', { name, ipFilter }, `create the IP filter "${name}"`);
    return toIpFilter(data?.createIPFilter, 'create the IP filter');
  }

  /** Changes name and/or rules; omitted fields are not sent (so they are kept). */
  async update(input: { id: string; name?: string; ipFilter?: string }): Promise<IpFilter> {
    const variables: Raw = { id: requireId(input.id, 'id') };
    if (input.name !== undefined) variables.name = requireText(input.name, 'name', 'IP filter name');
    if (input.ipFilter !== undefined) variables.ipFilter = requireText(input.ipFilter, 'ipFilter', 'IP filter rules');
    const data = await this.transport.graphql<{ updateIPFilter: Raw }>('UpdateIpFilter', variables, `change IP filter ${input.id}`);
    return toIpFilter(data?.updateIPFilter, 'change the IP filter');
  }

  /** `false` from the server is treated as not found, so a failed delete never looks like a success. */
  async delete(id: string): Promise<void> {
    requireId(id, 'id');
    const data = await this.transport.graphql<{ deleteIPFilter: unknown }>('DeleteIpFilter', { id }, `delete IP filter ${id}`);
    if (data?.deleteIPFilter !== true)
      throw new AppError('not-found', `LogScale did not delete IP filter ${id}.`, { provider: { provider: 'logscale', status: 200, path: 'deleteIPFilter' } });
  }
}
