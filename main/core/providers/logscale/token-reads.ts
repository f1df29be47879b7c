/**
 * Reads: the credential check, token listing (paged), single tokens, the caller's personal token
 * and the search domains a view token can name.
 */
import type { ClientContext } from './context';
import { readTokenPage, toSearchDomain, toToken, unexpected, type Raw } from './parse';
import { PERMISSION_TOKEN_KINDS, type CredentialCheck, type LogScaleToken, type PermissionTokenKind, type SearchDomainRef, type TokenList } from './types';
import { requireId } from './validate';

export interface ListTokensOptions {
  kinds?: readonly PermissionTokenKind[];
  /** LogScale's `searchFilter` (matches ids and names; exact rules unverified). */
  search?: string;
  sortBy?: 'Name' | 'ExpirationDate';
  order?: 'ASC' | 'DESC';
}

const TYPE_FILTER: Record<PermissionTokenKind, string> = {
  system: 'SystemPermissionToken',
  organization: 'OrganizationPermissionToken',
  view: 'ViewPermissionToken',
};

/** Any HTTP 200 from `/graphql` proves the token; a GraphQL error on `viewerOpt` still does. */
export async function checkCredentials(ctx: ClientContext): Promise<CredentialCheck> {
  const result = await ctx.transport.request<{ viewerOpt: Raw | null }>('CheckCredentials', undefined, 'check the token');
  const viewer = result.data?.viewerOpt;
  if (viewer && typeof viewer.id === 'string' && typeof viewer.username === 'string') {
    return { user: { id: viewer.id, username: viewer.username } };
  }
  return { user: null };
}

/** Every token of the given kinds, all pages, deduplicated by id, in the server's order. */
export async function listTokens(ctx: ClientContext, options: ListTokensOptions = {}): Promise<TokenList> {
  const kinds = options.kinds ?? PERMISSION_TOKEN_KINDS;
  if (kinds.length === 0) return { tokens: [], totalResults: 0, pages: 0 };
  const base = {
    search: options.search ?? null,
    types: kinds.map((k) => TYPE_FILTER[k]),
    sortBy: options.sortBy ?? 'Name',
    orderBy: options.order ?? 'ASC',
  };
  let pages = 0;
  const page = async (skip: number, limit: number) => {
    pages += 1;
    const data = await ctx.transport.graphql<{ tokens: Raw }>('ListTokens', { ...base, skip, limit }, 'list tokens');
    return readTokenPage(data?.tokens);
  };

  const first = await page(0, ctx.pageSize);
  const results: Raw[][] = [first.results];
  let total = first.totalResults;
  // The server may cap `limit` below what we asked: step by what it actually returns.
  const step = first.results.length;
  if (step > 0 && step < total) {
    const offsets: number[] = [];
    for (let skip = step; skip < total; skip += step) offsets.push(skip);
    const pageResults: Raw[][] = new Array(offsets.length);
    let next = 0;
    const worker = async () => {
      while (next < offsets.length) {
        const index = next++;
        const got = await page(offsets[index] as number, step);
        pageResults[index] = got.results;
        total = got.totalResults;
      }
    };
    await Promise.all(Array.from({ length: Math.min(ctx.pageConcurrency, offsets.length) }, worker));
    results.push(...pageResults);
    // Tokens created while we paged: keep reading until a short page.
    let skip = offsets.length ? (offsets[offsets.length - 1] as number) + step : step;
    let last = pageResults[pageResults.length - 1] ?? first.results;
    while (last.length === step && skip < total) {
      const got = await page(skip, step);
      results.push(got.results);
      total = got.totalResults;
      last = got.results;
      skip += step;
    }
  }

  const seen = new Set<string>();
  const tokens: LogScaleToken[] = [];
  for (const raw of results.flat()) {
    const token = toToken(raw);
    if (token && !seen.has(token.id)) {
      seen.add(token.id);
      tokens.push(token);
    }
  }
  return { tokens, totalResults: total, pages };
}

/** One token by id (null when it does not exist). Uses `tokens(searchFilter: id)` and compares ids. */
export async function getToken(ctx: ClientContext, kind: PermissionTokenKind, id: string): Promise<LogScaleToken | null> {
  requireId(id, 'id');
  const { tokens } = await listTokens(ctx, { kinds: [kind], search: id });
  return tokens.find((t) => t.id === id) ?? null;
}

/** The caller's user and personal token; `bearer` reads them with another token than the client's. */
export async function readPersonal(ctx: ClientContext, bearer?: string): Promise<{ user: { id: string; username: string }; token: LogScaleToken | null }> {
  const data = await ctx.transport.graphql<{ viewer: Raw }>('PersonalToken', undefined, 'read your personal token', bearer ? { token: bearer } : {});
  const viewer = data?.viewer;
  if (!viewer || typeof viewer.id !== 'string') throw unexpected('read your personal token', 'viewer');
  const token = viewer.token ? toToken(viewer.token as Raw) : null;
  return { user: { id: viewer.id, username: typeof viewer.username === 'string' ? viewer.username : '' }, token };
}

/** Views and repositories the caller can see (ids for view tokens). */
export async function listSearchDomains(ctx: ClientContext): Promise<SearchDomainRef[]> {
  const data = await ctx.transport.graphql<{ searchDomains: Raw[] }>('ListSearchDomains', undefined, 'list views and repositories');
  if (!Array.isArray(data?.searchDomains)) throw unexpected('list views and repositories', 'searchDomains');
  return data.searchDomains.map(toSearchDomain).filter((d): d is SearchDomainRef => d !== null);
}
