/**
 * Reading LogScale's GraphQL answers into our shapes. A malformed answer is an AppError
 * ('provider') naming the field, never a guess.
 */
import { AppError } from '../../errors';
import { parseTokenPolicies } from './policy';
import type { IpFilter, LogScaleToken, SearchDomainRef, TokenKind, TokenPolicies } from './types';

export type Raw = Record<string, unknown>;

const KIND_BY_TYPENAME: Record<string, TokenKind> = {
  SystemPermissionsToken: 'system',
  OrganizationPermissionsToken: 'organization',
  ViewPermissionsToken: 'view',
  PersonalUserToken: 'personal',
};

export function unexpected(what: string, field: string): AppError {
  return new AppError('provider', `LogScale gave an unexpected answer when asked to ${what} (missing or malformed "${field}").`, {
    provider: { provider: 'logscale', status: 200, path: field },
  });
}

export function readTokenPage(raw: Raw | undefined): { totalResults: number; results: Raw[] } {
  if (!raw || typeof raw.totalResults !== 'number' || !Array.isArray(raw.results)) throw unexpected('list tokens', 'tokens');
  return { totalResults: raw.totalResults, results: raw.results as Raw[] };
}

function toIpFilterOrNull(raw: unknown): IpFilter | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Raw;
  if (typeof r.id !== 'string') return null;
  return { id: r.id, name: typeof r.name === 'string' ? r.name : '', ipFilter: typeof r.ipFilter === 'string' ? r.ipFilter : '' };
}

export function toIpFilter(raw: unknown, what: string): IpFilter {
  const filter = toIpFilterOrNull(raw);
  if (!filter) throw unexpected(what, 'IPFilter');
  return filter;
}

export function toSearchDomain(raw: Raw): SearchDomainRef | null {
  if (typeof raw?.id !== 'string' || typeof raw.name !== 'string') return null;
  return { id: raw.id, name: raw.name, type: raw.__typename === 'Repository' ? 'Repository' : 'View' };
}

/** A `Token` result to our shape; null for a `__typename` we do not know (skipped, not guessed). */
export function toToken(raw: Raw): LogScaleToken | null {
  const kind = typeof raw?.__typename === 'string' ? KIND_BY_TYPENAME[raw.__typename] : undefined;
  if (!kind || typeof raw.id !== 'string' || typeof raw.name !== 'string') return null;
  const permissions = Array.isArray(raw.permissions) ? raw.permissions.filter((p): p is string => typeof p === 'string') : [];
  const views = Array.isArray(raw.views) ? (raw.views as Raw[]).map(toSearchDomain).filter((d): d is SearchDomainRef => d !== null) : [];
  return {
    kind,
    id: raw.id,
    name: raw.name,
    createdAt: typeof raw.createdAt === 'number' ? raw.createdAt : 0,
    expireAt: typeof raw.expireAt === 'number' ? raw.expireAt : null,
    ipFilter: toIpFilterOrNull(raw.ipFilterV2),
    permissions,
    views,
  };
}

export function readPolicies(organization: Raw | undefined, what: string): TokenPolicies | null {
  if (!organization || typeof organization !== 'object') throw unexpected(what, 'organization');
  const configs = organization.configs as Raw | undefined;
  if (!configs || typeof configs !== 'object') throw unexpected(what, 'configs');
  const tokens = configs.tokens;
  if (tokens === null || tokens === undefined) return null;
  return parseTokenPolicies(tokens as Raw);
}
