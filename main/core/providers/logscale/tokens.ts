/**
 * LogScale API tokens of every kind: list, read, create, change permissions, rotate, delete.
 *
 * Kinds: system, organization and view tokens carry their own permissions and are listed by
 * `tokens(...)`; a personal token is the caller's own (one per user, read through `viewer.token`),
 * carries the user's permissions and has no name. Create and rotate answer a show-once secret,
 * `<id>~<secret>`; rotation gives a new id as well and kills the old secret at once.
 *
 * Show-once: create and rotate make no request after LogScale answered, so the caller can keep the
 * secret before anything else can fail; the token's details are a separate read (`get`, `personal`).
 */
import { AppError } from '../../errors';
import { MAX_LIST_PAGES, MAX_LISTED_TOKENS, tooLong } from './listing-bounds';
import type { LogScaleOperation } from './documents';
import { PERMISSIONS_BY_KIND } from './permissions';
import { checkCreateAgainstPolicy, checkPermissionUpdateAgainstPolicy, expiryToEpochMs, type LogScalePolicies, type PolicyOption } from './policies';
import {
  PERMISSION_TOKEN_KINDS,
  requireId,
  toToken,
  unexpected,
  type CreateTokenInput,
  type CreatedToken,
  type LogScaleToken,
  type PermissionTokenKind,
  type Raw,
  type RotatedToken,
  type LogScaleTokenKind,
  type TokenList,
  type TokenRef,
} from './objects';
import { issuedTokenId, logScaleTokenId } from './token-shape';
import type { LogScaleTransport, RequestOptions } from './transport';

export interface ListTokensOptions {
  kinds?: readonly PermissionTokenKind[];
  /** LogScale's `searchFilter` (matches ids and names; exact rules unverified). */
  search?: string;
  sortBy?: 'Name' | 'ExpirationDate';
  order?: 'ASC' | 'DESC';
}

export interface TokenPaging {
  /** Clock for expiry math and policy checks (epoch ms). */
  now: () => number;
  /** `limit` per `tokens(...)` page. */
  pageSize: number;
  /** Pages read in parallel once the first page gave the total (asked at each listing). */
  pageConcurrency: () => number;
}

/** The user behind the client's credential, and their personal token (null when they have none). */
export interface PersonalToken {
  user: { id: string; username: string };
  token: LogScaleToken | null;
}

const TYPE_FILTER: Record<PermissionTokenKind, string> = {
  system: 'SystemPermissionToken',
  organization: 'OrganizationPermissionToken',
  view: 'ViewPermissionToken',
};

const CREATE_OPERATION: Record<LogScaleTokenKind, { operation: LogScaleOperation; field: string }> = {
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

export class LogScaleTokens {
  constructor(
    private readonly transport: LogScaleTransport,
    private readonly policies: LogScalePolicies,
    private readonly paging: TokenPaging,
  ) {}

  // ---------------------------------------------------------------- reads

  /**
   * Every token of the given kinds, all pages, deduplicated by id, in the server's order. The first
   * page gives the total; the rest are read `pageConcurrency` at a time, stepping by what the server
   * actually returned (it may cap `limit`), then one by one until a short page (tokens created while
   * paging).
   */
  async list(options: ListTokensOptions = {}): Promise<TokenList> {
    const kinds = options.kinds ?? PERMISSION_TOKEN_KINDS;
    if (kinds.length === 0) return { tokens: [], totalResults: 0, pages: 0 };
    const base = { search: options.search ?? null, types: kinds.map((k) => TYPE_FILTER[k]), sortBy: options.sortBy ?? 'Name', orderBy: options.order ?? 'ASC' };
    let pages = 0;
    // Each page is read into tokens as it arrives, while later pages are still on their way.
    const page = async (skip: number, limit: number) => {
      if (++pages > MAX_LIST_PAGES) throw tooLong(`more than ${MAX_LIST_PAGES.toLocaleString('en')} pages`);
      const data = await this.transport.graphql<{ tokens: Raw }>('ListTokens', { ...base, skip, limit }, 'list tokens');
      const raw = data?.tokens;
      if (!raw || !Number.isSafeInteger(raw.totalResults) || (raw.totalResults as number) < 0 || !Array.isArray(raw.results))
        throw unexpected('list tokens', 'tokens');
      if ((raw.totalResults as number) > MAX_LISTED_TOKENS) throw tooLong(`${(raw.totalResults as number).toLocaleString('en')} tokens`);
      return { totalResults: raw.totalResults as number, results: (raw.results as Raw[]).map(toToken) };
    };

    const first = await page(0, this.paging.pageSize);
    const results: Array<Array<LogScaleToken | null>> = [first.results];
    let total = first.totalResults;
    const step = first.results.length;
    if (step > 0 && Math.ceil(total / step) > MAX_LIST_PAGES) throw tooLong(`${total.toLocaleString('en')} tokens in pages of ${step}`);
    if (step > 0 && step < total) {
      const offsets: number[] = [];
      for (let skip = step; skip < total; skip += step) offsets.push(skip);
      const pageResults: Array<Array<LogScaleToken | null>> = new Array(offsets.length);
      let next = 0;
      const worker = async () => {
        while (next < offsets.length) {
          const index = next++;
          const got = await page(offsets[index] as number, step);
          pageResults[index] = got.results;
          total = got.totalResults;
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.paging.pageConcurrency(), offsets.length) }, worker));
      results.push(...pageResults);
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
    for (const token of results.flat()) {
      if (token && !seen.has(token.id)) {
        seen.add(token.id);
        tokens.push(token);
      }
    }
    return { tokens, totalResults: total, pages };
  }

  /**
   * One token by id (null when it does not exist), through `tokens(searchFilter: id)` with the ids
   * compared, as humio-operator does: what `token(tokenId:)` does for a missing id is unverified.
   */
  async get(kind: PermissionTokenKind, id: string): Promise<LogScaleToken | null> {
    requireId(id, 'id');
    const { tokens } = await this.list({ kinds: [kind], search: id });
    return tokens.find((t) => t.id === id) ?? null;
  }

  /** The caller's user and personal token; `options.token` reads them with another bearer (a personal token that just replaced ours). */
  async personal(options: RequestOptions = {}): Promise<PersonalToken> {
    const data = await this.transport.graphql<{ viewer: Raw }>('PersonalToken', undefined, 'read your personal token', options);
    const viewer = data?.viewer;
    if (!viewer || typeof viewer.id !== 'string') throw unexpected('read your personal token', 'viewer');
    const token = viewer.token ? toToken(viewer.token as Raw) : null;
    return { user: { id: viewer.id, username: typeof viewer.username === 'string' ? viewer.username : '' }, token };
  }

  // ---------------------------------------------------------------- writes

  /**
   * Creates a token and returns its show-once secret as soon as LogScale answers, with no request
   * after it: keep the secret first, then read the details (`get` / `personal`). The policy of the
   * kind is checked first (AppError 'policy' with the reason, nothing sent).
   */
  async create(input: CreateTokenInput, options: PolicyOption = {}): Promise<CreatedToken> {
    const kind = input.kind;
    const variables = validateCreate(input);
    const now = this.paging.now();
    const expireAt = expiryToEpochMs(input.expiry, now);
    let ipFilterId = input.ipFilterId ? requireId(input.ipFilterId, 'ipFilterId') : null;
    const policies = await this.policies.resolve(options);
    if (policies) ({ ipFilterId } = checkCreateAgainstPolicy(kind, { expireAt, ipFilterId }, policies[kind], now));

    // A personal token is one per user: creating one replaces the caller's current one, which may
    // be the very token we authenticate with.
    const previousPersonalId = kind === 'personal' ? ((await this.personal()).token?.id ?? null) : null;
    const bearerId = logScaleTokenId(await this.transport.bearer());

    const { operation, field } = CREATE_OPERATION[kind];
    const what = kind === 'personal' ? 'create your personal token' : `create the ${kind} token "${variables.name as string}"`;
    const secret = await this.secretFrom(operation, field, { ...variables, expireAt, ipFilterId }, what);
    // From here on the secret exists only in this process: nothing may throw before the caller has it.
    const created: CreatedToken = {
      kind,
      tokenId: issuedTokenId(secret),
      secret,
      name: kind === 'personal' ? null : (variables.name as string),
      expireAt,
      ipFilterId,
    };
    if (kind === 'personal' && previousPersonalId !== null && previousPersonalId === bearerId) created.replacedOwnCredential = true;
    return created;
  }

  /**
   * Replaces the permissions of a system/organization/view token. Refused before sending when the
   * policy says permission updates are off (the server's default). Returns the token as stored
   * (view tokens: umbrellas expanded, OrganizationOwnedQueries added), or null if it vanished.
   */
  async updatePermissions(kind: PermissionTokenKind, id: string, permissions: readonly string[], options: PolicyOption = {}): Promise<LogScaleToken | null> {
    requireId(id, 'id');
    const checked = validatePermissions(kind, permissions);
    const policies = await this.policies.resolve(options);
    if (policies) checkPermissionUpdateAgainstPolicy(kind, policies[kind]);
    await this.transport.graphql(UPDATE_OPERATION[kind], { id, permissions: checked }, `change the permissions of ${kind} token ${id}`);
    return this.get(kind, id);
  }

  /**
   * Rotates a token: LogScale invalidates the old secret and returns a new `<id>~<secret>` with a
   * NEW id. One round trip (personal tokens: two; LogScale rotates them by the user's id, as
   * humio-operator and humio/cli do; whether PersonalUserToken.id equals the user id is unverified).
   */
  async rotate(ref: TokenRef): Promise<RotatedToken> {
    let rotateId: string;
    let previousId: string;
    if (ref.kind === 'personal') {
      const personal = await this.personal();
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
    const secret = await this.secretFrom('RotateToken', 'rotateToken', { id: rotateId }, what);
    const rotated: RotatedToken = { kind: ref.kind, previousId, tokenId: issuedTokenId(secret), secret };
    if (bearerId !== null && bearerId === previousId) rotated.replacedOwnCredential = true;
    return rotated;
  }

  /**
   * Deletes (revokes) a token. A personal token is found through `viewer.token` and deleted by its
   * id (deleteToken on personal tokens is unverified). `false` from the server is treated as
   * "not found", so a failed revoke never looks like a success.
   */
  async delete(ref: TokenRef): Promise<void> {
    let id: string;
    if (ref.kind === 'personal') {
      const personal = await this.personal();
      if (!personal.token) throw new AppError('not-found', 'You have no personal token to delete.');
      id = personal.token.id;
    } else {
      id = requireId(ref.id, 'id');
    }
    const what = ref.kind === 'personal' ? 'delete your personal token' : `delete ${ref.kind} token ${id}`;
    const data = await this.transport.graphql<{ deleteToken: unknown }>('DeleteToken', { id }, what);
    if (data?.deleteToken !== true) {
      throw new AppError(
        'not-found',
        `LogScale did not delete ${ref.kind} token ${id}: it answered that nothing was deleted. The token may already be gone; refresh the list.`,
        {
          provider: { provider: 'logscale', status: 200, path: 'deleteToken' },
        },
      );
    }
  }

  /** Sends a create or rotate and returns the secret it answered; `data` is read even when `errors` is set. */
  private async secretFrom(operation: LogScaleOperation, field: string, variables: Record<string, unknown>, what: string): Promise<string> {
    const result = await this.transport.request<Raw>(operation, variables, what);
    const secret = result.data?.[field];
    if (typeof secret === 'string' && secret !== '') return secret;
    if (result.errors.length) throw this.transport.graphqlError(result.errors, what, operation);
    throw unexpected(what, field);
  }
}

// ------------------------------------------------------------------ checking input

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
    throw new AppError('invalid-input', `The token name is required (at most ${MAX_NAME_LENGTH} characters).`, {
      issues: ['name: required, 1-253 characters'],
    });
  }
  const permissions = validatePermissions(input.kind, input.permissions);
  if (input.kind !== 'view') return { name, permissions };
  const viewIds = Array.isArray(input.viewIds) ? input.viewIds.filter((v) => typeof v === 'string' && v.trim() !== '') : [];
  if (viewIds.length === 0 || viewIds.length !== input.viewIds.length) {
    throw new AppError('invalid-input', 'Choose at least one view or repository for the view token.', { issues: ['viewIds: choose at least one'] });
  }
  return { name, permissions, viewIds: [...new Set(viewIds)] };
}
