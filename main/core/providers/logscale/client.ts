/**
 * The LogScale client: every token kind (system, organization, view, personal), IP filters and
 * token security policies, over LogScale's GraphQL API. Plain Node; no Electron, no `graphql`
 * package (documents are strings in documents.ts).
 *
 * Round trips, for the record (docs/providers/logscale.md):
 *  - list: one per page (pages after the first are read `pageConcurrency` at a time);
 *  - create: policy read (skipped when the caller passes `policies`) + create + metadata read;
 *  - rotate: one (personal: two, the user id is read first);
 *  - update permissions: policy read (skippable) + update + metadata read.
 */
import { AppError, type ErrorPayload } from '../../errors';
import type { LogScaleOperation } from './documents';
import { expiryToEpochMs } from './expiry';
import { logScaleTokenId } from './leak';
import { PERMISSIONS_BY_KIND } from './permissions';
import { checkCreateAgainstPolicy, checkPermissionUpdateAgainstPolicy, parseTokenPolicies, toTokenPoliciesInput } from './policy';
import { storeSecretOnce } from './show-once';
import { LogScaleTransport, type LogScaleTransportOptions } from './transport';
import {
  PERMISSION_TOKEN_KINDS,
  type CreateTokenInput,
  type CreatedToken,
  type CredentialCheck,
  type IpFilter,
  type LogScaleStatus,
  type LogScaleToken,
  type PermissionTokenKind,
  type RotatedToken,
  type SearchDomainRef,
  type SecretVault,
  type ShowOnce,
  type TokenKind,
  type TokenList,
  type TokenPolicies,
  type TokenPoliciesUpdate,
  type TokenRef,
} from './types';

export interface LogScaleClientOptions extends LogScaleTransportOptions {
  /** Clock for expiry math and policy checks (epoch ms). Default Date.now. */
  now?: () => number;
  /** `limit` per `tokens(...)` page. Default 100 (the server's maximum is unverified; its default is 50). */
  pageSize?: number;
  /** Pages read in parallel once the first page gave the total. Default 4. */
  pageConcurrency?: number;
}

export interface ListTokensOptions {
  kinds?: readonly PermissionTokenKind[];
  /** LogScale's `searchFilter` (matches ids and names; exact rules unverified). */
  search?: string;
  sortBy?: 'Name' | 'ExpirationDate';
  order?: 'ASC' | 'DESC';
}

export interface PolicyOption {
  /**
   * Policies the caller already holds (e.g. the form's). undefined: read them first (one round
   * trip). null: none known (the server does not expose them); the server alone decides.
   */
  policies?: TokenPolicies | null;
}

const TYPE_FILTER: Record<PermissionTokenKind, string> = {
  system: 'SystemPermissionToken',
  organization: 'OrganizationPermissionToken',
  view: 'ViewPermissionToken',
};

const KIND_BY_TYPENAME: Record<string, TokenKind> = {
  SystemPermissionsToken: 'system',
  OrganizationPermissionsToken: 'organization',
  ViewPermissionsToken: 'view',
  PersonalUserToken: 'personal',
};

const CREATE_OPERATION: Record<TokenKind, { operation: LogScaleOperation; field: string }> = {
  system: { operation: 'CreateSystemToken', field: 'createSystemPermissionsToken' },
  organization: { operation: 'CreateOrganizationToken', field: 'createOrganizationPermissionsToken' },
  view: { operation: 'CreateViewToken', field: 'createViewPermissionsToken' },
  personal: { operation: 'CreatePersonalToken', field: 'createPersonalUserToken' },
};

const UPDATE_OPERATION: Record<PermissionTokenKind, LogScaleOperation> = {
  system: 'UpdateSystemTokenPermissions',
  organization: 'UpdateOrganizationTokenPermissions',
  view: 'UpdateViewTokenPermissions',
};

/** Token name limits: LogScale's are unverified; humio-operator's CRD allows 1–253 characters. */
const MAX_NAME_LENGTH = 253;

type Raw = Record<string, unknown>;

export class LogScaleClient {
  readonly transport: LogScaleTransport;
  private readonly now: () => number;
  private readonly pageSize: number;
  private readonly pageConcurrency: number;

  constructor(options: LogScaleClientOptions) {
    this.transport = new LogScaleTransport(options);
    this.now = options.now ?? Date.now;
    this.pageSize = Math.max(1, Math.floor(options.pageSize ?? 100));
    this.pageConcurrency = Math.max(1, Math.floor(options.pageConcurrency ?? 4));
  }

  // ---------------------------------------------------------------- server and credentials

  /** Reachability and version, without authentication (`GET /api/v1/status`). */
  status(): Promise<LogScaleStatus> {
    return this.transport.status();
  }

  /**
   * Proves the token authenticates: any HTTP 200 from `/graphql` does (reference §1.4). 401/403
   * throw ('auth' / 'forbidden'). A GraphQL error on `viewerOpt` still means "authenticated".
   */
  async checkCredentials(): Promise<CredentialCheck> {
    const result = await this.transport.request<{ viewerOpt: Raw | null }>('CheckCredentials', undefined, 'check the token');
    const viewer = result.data?.viewerOpt;
    if (viewer && typeof viewer.id === 'string' && typeof viewer.username === 'string') {
      return { user: { id: viewer.id, username: viewer.username } };
    }
    return { user: null };
  }

  // ---------------------------------------------------------------- listing

  /** Every token of the given kinds, all pages, deduplicated by id, in the server's order. */
  async listTokens(options: ListTokensOptions = {}): Promise<TokenList> {
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
      const data = await this.transport.graphql<{ tokens: Raw }>('ListTokens', { ...base, skip, limit }, 'list tokens');
      return readTokenPage(data?.tokens);
    };

    const first = await page(0, this.pageSize);
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
      await Promise.all(Array.from({ length: Math.min(this.pageConcurrency, offsets.length) }, worker));
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
  async getToken(kind: PermissionTokenKind, id: string): Promise<LogScaleToken | null> {
    requireId(id, 'id');
    const { tokens } = await this.listTokens({ kinds: [kind], search: id });
    return tokens.find((t) => t.id === id) ?? null;
  }

  /** The caller's user and personal token (null when they have none). */
  async getPersonalToken(): Promise<{ user: { id: string; username: string }; token: LogScaleToken | null }> {
    return this.readPersonal();
  }

  private async readPersonal(bearer?: string): Promise<{ user: { id: string; username: string }; token: LogScaleToken | null }> {
    const data = await this.transport.graphql<{ viewer: Raw }>('PersonalToken', undefined, 'read your personal token', bearer ? { token: bearer } : {});
    const viewer = data?.viewer;
    if (!viewer || typeof viewer.id !== 'string') throw unexpected('read your personal token', 'viewer');
    const token = viewer.token ? toToken(viewer.token as Raw) : null;
    return { user: { id: viewer.id, username: typeof viewer.username === 'string' ? viewer.username : '' }, token };
  }

  /** Views and repositories the caller can see (ids for view tokens). */
  async listSearchDomains(): Promise<SearchDomainRef[]> {
    const data = await this.transport.graphql<{ searchDomains: Raw[] }>('ListSearchDomains', undefined, 'list views and repositories');
    if (!Array.isArray(data?.searchDomains)) throw unexpected('list views and repositories', 'searchDomains');
    return data.searchDomains.map(toSearchDomain).filter((d): d is SearchDomainRef => d !== null);
  }

  // ---------------------------------------------------------------- create

  /**
   * Creates a token and returns its show-once secret. Prefer `createTokenAndStore`, which puts the
   * secret in the keychain before returning. The policy of the kind is checked first (AppError
   * 'policy' with the reason, nothing sent).
   */
  createToken(input: CreateTokenInput, options: PolicyOption = {}): Promise<CreatedToken> {
    return this.create(input, options, async () => undefined).then(({ created }) => created);
  }

  /**
   * Creates a token and stores its secret with `vault` BEFORE returning (and before any other
   * request). When storing fails the secret is still returned, once, with `stored: false` and a
   * warning the UI must show.
   */
  async createTokenAndStore(input: CreateTokenInput, vault: SecretVault, options: PolicyOption = {}): Promise<ShowOnce<CreatedToken>> {
    const { created, extra } = await this.create(input, options, (info, secret) => storeSecretOnce(vault, info, secret));
    return { ...created, ...extra };
  }

  private async create<X>(
    input: CreateTokenInput,
    options: PolicyOption,
    onSecret: (info: { kind: TokenKind; tokenId: string; name: string | null }, secret: string) => Promise<X>,
  ): Promise<{ created: CreatedToken; extra: X }> {
    const kind = input.kind;
    const variables = validateCreate(input);
    const now = this.now();
    const expireAt = expiryToEpochMs(input.expiry, now);
    let ipFilterId = input.ipFilterId ? requireId(input.ipFilterId, 'ipFilterId') : null;
    const policies = options.policies === undefined ? await this.getTokenPolicies() : options.policies;
    if (policies) ({ ipFilterId } = checkCreateAgainstPolicy(kind, { expireAt, ipFilterId }, policies[kind], now));

    // A personal token is one per user: creating one replaces the caller's current one, which may
    // be the very token we authenticate with.
    let previousPersonalId: string | null = null;
    if (kind === 'personal') previousPersonalId = (await this.readPersonal()).token?.id ?? null;
    const bearerId = logScaleTokenId(await this.transport.bearer());

    const { operation, field } = CREATE_OPERATION[kind];
    const what = kind === 'personal' ? 'create your personal token' : `create the ${kind} token "${variables.name as string}"`;
    const result = await this.transport.request<Raw>(operation, { ...variables, expireAt, ipFilterId }, what);
    const secret = result.data?.[field];
    if (typeof secret !== 'string' || secret === '') {
      if (result.errors.length) throw this.transport.graphqlError(result.errors, what, operation);
      throw unexpected(what, field);
    }
    // From here on the secret exists only in this process: nothing may throw before the caller has it.
    const tokenId = secretTokenId(secret);
    const name = kind === 'personal' ? null : (variables.name as string);
    const extra = await onSecret({ kind, tokenId, name }, secret);
    const replacedOwnCredential = kind === 'personal' && previousPersonalId !== null && previousPersonalId === bearerId;

    let token: LogScaleToken | null = null;
    let metadataError: ErrorPayload | undefined;
    try {
      if (kind === 'personal') token = (await this.readPersonal(replacedOwnCredential ? secret : undefined)).token;
      else token = await this.getToken(kind, tokenId);
      if (!token) throw new AppError('not-found', 'LogScale did not list the new token yet.');
    } catch (error) {
      token = null;
      metadataError = error instanceof AppError ? error.toPayload() : { code: 'internal', message: 'Reading the new token failed.' };
    }
    const created: CreatedToken = { kind, tokenId, secret, token };
    if (metadataError) created.metadataError = metadataError;
    if (replacedOwnCredential) created.replacedOwnCredential = true;
    return { created, extra };
  }

  // ---------------------------------------------------------------- update, rotate, delete

  /**
   * Replaces the permissions of a system/organization/view token. Refused before sending when the
   * policy says permission updates are off (the server's default). Returns the token as stored
   * (view tokens: umbrellas expanded, OrganizationOwnedQueries added), or null if it vanished.
   */
  async updatePermissions(kind: PermissionTokenKind, id: string, permissions: readonly string[], options: PolicyOption = {}): Promise<LogScaleToken | null> {
    requireId(id, 'id');
    const checked = validatePermissions(kind, permissions);
    const policies = options.policies === undefined ? await this.getTokenPolicies() : options.policies;
    if (policies) checkPermissionUpdateAgainstPolicy(kind, policies[kind]);
    await this.transport.graphql(UPDATE_OPERATION[kind], { id, permissions: checked }, `change the permissions of ${kind} token ${id}`);
    return this.getToken(kind, id);
  }

  /**
   * Rotates a token: LogScale invalidates the old secret and returns a new `<id>~<secret>` with a
   * NEW id. One round trip (personal tokens: two; LogScale rotates them by the user's id, as
   * humio-operator and humio/cli do; whether PersonalUserToken.id equals the user id is unverified).
   */
  rotateToken(ref: TokenRef): Promise<RotatedToken> {
    return this.rotate(ref, async () => undefined).then(({ rotated }) => rotated);
  }

  /** Rotates and stores the new secret with `vault` before returning; see createTokenAndStore. */
  async rotateTokenAndStore(ref: TokenRef, vault: SecretVault, name: string | null = null): Promise<ShowOnce<RotatedToken>> {
    const { rotated, extra } = await this.rotate(ref, (info, secret) => storeSecretOnce(vault, { ...info, name }, secret));
    return { ...rotated, ...extra };
  }

  private async rotate<X>(
    ref: TokenRef,
    onSecret: (info: { kind: TokenKind; tokenId: string; previousId: string }, secret: string) => Promise<X>,
  ): Promise<{ rotated: RotatedToken; extra: X }> {
    let rotateId: string;
    let previousId: string;
    if (ref.kind === 'personal') {
      const personal = await this.readPersonal();
      if (!personal.token) throw new AppError('not-found', 'You have no personal token to rotate. Create one instead.');
      rotateId = personal.user.id;
      previousId = personal.token.id;
    } else {
      if (!PERMISSION_TOKEN_KINDS.includes(ref.kind)) throw new AppError('invalid-input', 'Unknown token kind.', { issues: ['kind: unknown'] });
      rotateId = requireId(ref.id, 'id');
      previousId = ref.id;
    }
    const bearerId = logScaleTokenId(await this.transport.bearer());
    const what = ref.kind === 'personal' ? 'rotate your personal token' : `rotate ${ref.kind} token ${previousId}`;
    const result = await this.transport.request<{ rotateToken: unknown }>('RotateToken', { id: rotateId }, what);
    const secret = result.data?.rotateToken;
    if (typeof secret !== 'string' || secret === '') {
      if (result.errors.length) throw this.transport.graphqlError(result.errors, what, 'RotateToken');
      throw unexpected(what, 'rotateToken');
    }
    const tokenId = secretTokenId(secret);
    const extra = await onSecret({ kind: ref.kind, tokenId, previousId }, secret);
    const rotated: RotatedToken = { kind: ref.kind, previousId, tokenId, secret };
    if (bearerId !== null && bearerId === previousId) rotated.replacedOwnCredential = true;
    return { rotated, extra };
  }

  /**
   * Deletes (revokes) a token. A personal token is found through `viewer.token` and deleted by its
   * id (deleteToken on personal tokens is unverified). `false` from the server is treated as
   * "not found", so a failed revoke never looks like a success.
   */
  async deleteToken(ref: TokenRef): Promise<void> {
    let id: string;
    if (ref.kind === 'personal') {
      const personal = await this.readPersonal();
      if (!personal.token) throw new AppError('not-found', 'You have no personal token to delete.');
      id = personal.token.id;
    } else {
      id = requireId(ref.id, 'id');
    }
    const what = ref.kind === 'personal' ? 'delete your personal token' : `delete ${ref.kind} token ${id}`;
    const data = await this.transport.graphql<{ deleteToken: unknown }>('DeleteToken', { id }, what);
    if (data?.deleteToken !== true) {
      throw new AppError('not-found', `LogScale did not delete ${ref.kind} token ${id}: it answered that nothing was deleted. The token may already be gone; refresh the list.`, {
        provider: { provider: 'logscale', status: 200, path: 'deleteToken' },
      });
    }
  }

  // ---------------------------------------------------------------- IP filters

  async listIpFilters(): Promise<IpFilter[]> {
    const data = await this.transport.graphql<{ ipFilters: Raw[] }>('ListIpFilters', undefined, 'list IP filters');
    if (!Array.isArray(data?.ipFilters)) throw unexpected('list IP filters', 'ipFilters');
    return data.ipFilters.map((f) => toIpFilter(f, 'list IP filters'));
  }

  async createIpFilter(input: { name: string; ipFilter: string }): Promise<IpFilter> {
    const name = requireText(input.name, 'name', 'IP filter name');
    const ipFilter = requireText(input.ipFilter, 'ipFilter', 'IP filter rules');
    const data = await this.transport.graphql<{ createIPFilter: Raw }>('CreateIpFilter', { name, ipFilter }, `create the IP filter "${name}"`);
    return toIpFilter(data?.createIPFilter, 'create the IP filter');
  }

  /** Changes name and/or rules; omitted fields are not sent (so they are kept). */
  async updateIpFilter(input: { id: string; name?: string; ipFilter?: string }): Promise<IpFilter> {
    const variables: Raw = { id: requireId(input.id, 'id') };
    if (input.name !== undefined) variables.name = requireText(input.name, 'name', 'IP filter name');
    if (input.ipFilter !== undefined) variables.ipFilter = requireText(input.ipFilter, 'ipFilter', 'IP filter rules');
    const data = await this.transport.graphql<{ updateIPFilter: Raw }>('UpdateIpFilter', variables, `change IP filter ${input.id}`);
    return toIpFilter(data?.updateIPFilter, 'change the IP filter');
  }

  async deleteIpFilter(id: string): Promise<void> {
    requireId(id, 'id');
    const data = await this.transport.graphql<{ deleteIPFilter: unknown }>('DeleteIpFilter', { id }, `delete IP filter ${id}`);
    if (data?.deleteIPFilter !== true) throw new AppError('not-found', `LogScale did not delete IP filter ${id}.`, { provider: { provider: 'logscale', status: 200, path: 'deleteIPFilter' } });
  }

  // ---------------------------------------------------------------- policies

  /** The organization's token security policies, per kind; null when the server does not expose them. */
  async getTokenPolicies(): Promise<TokenPolicies | null> {
    const data = await this.transport.graphql<{ organization: Raw }>('TokenPolicies', undefined, 'read the token security policies');
    return readPolicies(data?.organization, 'read the token security policies');
  }

  /**
   * Replaces the policies (every field sent). The server then deletes tokens of disabled kinds,
   * pulls in expiries beyond a new maximum and writes a forced IP filter onto existing tokens.
   */
  async updateTokenPolicies(update: TokenPoliciesUpdate): Promise<TokenPolicies | null> {
    const data = await this.transport.graphql<{ updateTokenSecurityPolicies: Raw }>(
      'UpdateTokenPolicies',
      { input: toTokenPoliciesInput(update) },
      'change the token security policies',
    );
    return readPolicies(data?.updateTokenSecurityPolicies, 'change the token security policies');
  }
}

export function createLogScaleClient(options: LogScaleClientOptions): LogScaleClient {
  return new LogScaleClient(options);
}

// ------------------------------------------------------------------ parsing and validation

function unexpected(what: string, field: string): AppError {
  return new AppError('provider', `LogScale gave an unexpected answer when asked to ${what} (missing or malformed "${field}").`, {
    provider: { provider: 'logscale', status: 200, path: field },
  });
}

/** The id part of `<id>~<secret>` (what humio-operator does); '' when the string has no `~`. */
function secretTokenId(secret: string): string {
  const at = secret.indexOf('~');
  return at > 0 ? secret.slice(0, at) : '';
}

function readTokenPage(raw: Raw | undefined): { totalResults: number; results: Raw[] } {
  if (!raw || typeof raw.totalResults !== 'number' || !Array.isArray(raw.results)) throw unexpected('list tokens', 'tokens');
  return { totalResults: raw.totalResults, results: raw.results as Raw[] };
}

function toIpFilterOrNull(raw: unknown): IpFilter | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Raw;
  if (typeof r.id !== 'string') return null;
  return { id: r.id, name: typeof r.name === 'string' ? r.name : '', ipFilter: typeof r.ipFilter === 'string' ? r.ipFilter : '' };
}

function toIpFilter(raw: unknown, what: string): IpFilter {
  const filter = toIpFilterOrNull(raw);
  if (!filter) throw unexpected(what, 'IPFilter');
  return filter;
}

function toSearchDomain(raw: Raw): SearchDomainRef | null {
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

function readPolicies(organization: Raw | undefined, what: string): TokenPolicies | null {
  if (!organization || typeof organization !== 'object') throw unexpected(what, 'organization');
  const configs = organization.configs as Raw | undefined;
  if (!configs || typeof configs !== 'object') throw unexpected(what, 'configs');
  const tokens = configs.tokens;
  if (tokens === null || tokens === undefined) return null;
  return parseTokenPolicies(tokens as Raw);
}

function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 256) {
    throw new AppError('invalid-input', `A LogScale ${field} is required.`, { issues: [`${field}: required`] });
  }
  return value.trim();
}

function requireText(value: unknown, field: string, label: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AppError('invalid-input', `The ${label} is required.`, { issues: [`${field}: required`] });
  }
  return value.trim();
}

function validatePermissions(kind: PermissionTokenKind, permissions: unknown): string[] {
  if (!Array.isArray(permissions) || permissions.length === 0) {
    throw new AppError('invalid-input', `Choose at least one permission for the ${kind} token.`, { issues: ['permissions: choose at least one'] });
  }
  const allowed = PERMISSIONS_BY_KIND[kind] as readonly string[];
  const issues: string[] = [];
  permissions.forEach((p, i) => {
    if (typeof p !== 'string' || !allowed.includes(p)) issues.push(`permissions[${i}]: not a ${kind} permission`);
  });
  if (issues.length) throw new AppError('invalid-input', `Some permissions are not valid for a ${kind} token.`, { issues });
  return [...new Set(permissions as string[])];
}

function validateCreate(input: CreateTokenInput): Raw {
  if (!input || typeof input !== 'object' || !['system', 'organization', 'view', 'personal'].includes((input as { kind?: unknown }).kind as string)) {
    throw new AppError('invalid-input', 'Unknown token kind.', { issues: ['kind: must be system, organization, view or personal'] });
  }
  if (input.kind === 'personal') return {};
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name || name.length > MAX_NAME_LENGTH) {
    throw new AppError('invalid-input', `The token name is required (at most ${MAX_NAME_LENGTH} characters).`, { issues: ['name: required, 1-253 characters'] });
  }
  const permissions = validatePermissions(input.kind, input.permissions);
  if (input.kind !== 'view') return { name, permissions };
  const viewIds = Array.isArray(input.viewIds) ? input.viewIds.filter((v) => typeof v === 'string' && v.trim() !== '') : [];
  if (viewIds.length === 0 || viewIds.length !== input.viewIds.length) {
    throw new AppError('invalid-input', 'Choose at least one view or repository for the view token.', { issues: ['viewIds: choose at least one'] });
  }
  return { name, permissions, viewIds: [...new Set(viewIds)] };
}
