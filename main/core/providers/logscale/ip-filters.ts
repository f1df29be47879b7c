/** IP filters: list, create, update and delete. */
import { AppError } from '../../errors';
import type { ClientContext } from './context';
import { toIpFilter, unexpected, type Raw } from './parse';
import type { IpFilter } from './types';
import { requireId, requireText } from './validate';

export async function listIpFilters(ctx: ClientContext): Promise<IpFilter[]> {
  const data = await ctx.transport.graphql<{ ipFilters: Raw[] }>('ListIpFilters', undefined, 'list IP filters');
  if (!Array.isArray(data?.ipFilters)) throw unexpected('list IP filters', 'ipFilters');
  return data.ipFilters.map((f) => toIpFilter(f, 'list IP filters'));
}

export async function createIpFilter(ctx: ClientContext, input: { name: string; ipFilter: string }): Promise<IpFilter> {
  const name = requireText(input.name, 'name', 'IP filter name');
  const ipFilter = requireText(input.ipFilter, 'ipFilter', 'IP filter rules');
  const data = await ctx.transport.graphql<{ createIPFilter: Raw }>('CreateIpFilter', { name, ipFilter }, `create the IP filter "${name}"`);
  return toIpFilter(data?.createIPFilter, 'create the IP filter');
}

/** Changes name and/or rules; omitted fields are not sent (so they are kept). */
export async function updateIpFilter(ctx: ClientContext, input: { id: string; name?: string; ipFilter?: string }): Promise<IpFilter> {
  const variables: Raw = { id: requireId(input.id, 'id') };
  if (input.name !== undefined) variables.name = requireText(input.name, 'name', 'IP filter name');
  if (input.ipFilter !== undefined) variables.ipFilter = requireText(input.ipFilter, 'ipFilter', 'IP filter rules');
  const data = await ctx.transport.graphql<{ updateIPFilter: Raw }>('UpdateIpFilter', variables, `change IP filter ${input.id}`);
  return toIpFilter(data?.updateIPFilter, 'change the IP filter');
}

export async function deleteIpFilter(ctx: ClientContext, id: string): Promise<void> {
  requireId(id, 'id');
  const data = await ctx.transport.graphql<{ deleteIPFilter: unknown }>('DeleteIpFilter', { id }, `delete IP filter ${id}`);
  if (data?.deleteIPFilter !== true) throw new AppError('not-found', `LogScale did not delete IP filter ${id}.`, { provider: { provider: 'logscale', status: 200, path: 'deleteIPFilter' } });
}
