/**
 * Root values for executing documents over the real schema: only the fields Tokendesk uses (and a
 * few neighbours). Any other field resolves to null, which the schema turns into an error where it
 * is non-null, as a real server would never do; tests then fail loudly instead of passing quietly.
 *
 * Authorisation model (the permissions needed to manage tokens are unverified): a root user
 * manages everything; any user manages their own personal token; a non-root user or a
 * system/organization/view token gets "You don't have permission …" for management operations.
 */
import {
  EmulatorGraphQLError,
  TYPENAME,
  type EmuIngestToken,
  type EmuKind,
  type EmuSearchDomain,
  type EmuToken,
  type LogScaleState,
  type Principal,
} from './state';

export interface ResolverContext {
  state: LogScaleState;
  principal: Principal;
  maxPageSize: number | null;
}

type Args = Record<string, unknown>;
type Input = Record<string, unknown>;

function requireRoot(ctx: ResolverContext, what: string): void {
  if (!ctx.principal.user?.isRoot) throw new EmulatorGraphQLError(`You don't have permission to ${what}.`);
}

function requireUser(ctx: ResolverContext): NonNullable<Principal['user']> {
  const user = ctx.principal.user;
  // What real LogScale says to `viewer` with a non-user token is unverified.
  if (!user) throw new EmulatorGraphQLError('This operation requires an authenticated user; the token used is not a user token.');
  return user;
}

function ipFilterGql(state: LogScaleState, id: string | null): Record<string, string> | null {
  if (!id) return null;
  const filter = state.ipFilters.get(id);
  return filter ? { id: filter.id, name: filter.name, ipFilter: filter.ipFilter } : null;
}

function domainGql(state: LogScaleState, id: string): Record<string, unknown> | null {
  const domain = state.searchDomains.get(id);
  if (!domain) return null;
  return { __typename: domain.type, id: domain.id, name: domain.name, ...(domain.type === 'Repository' ? { parsers: domain.parsers.map(parserGql) } : {}) };
}

function parserGql(parser: { id: string; name: string }): Record<string, unknown> {
  return { id: parser.id, name: parser.name, displayName: parser.name, isBuiltIn: true, isOverridden: false, overridesBuiltInParser: false };
}

function ingestTokenGql(repo: EmuSearchDomain, token: EmuIngestToken): Record<string, unknown> {
  const parser = token.parserId ? repo.parsers.find((p) => p.id === token.parserId) : undefined;
  return { name: token.name, token: token.token, parser: parser ? parserGql(parser) : null };
}

/** A repository as `repository(name:)` answers it: its ingest tokens only with ChangeIngestTokens. */
function repositoryGql(ctx: ResolverContext, repo: EmuSearchDomain): Record<string, unknown> {
  return {
    id: repo.id,
    name: repo.name,
    parsers: repo.parsers.map(parserGql),
    ingestTokens: () => {
      ctx.state.requireIngestPermission(ctx.principal, repo);
      return [...repo.ingestTokens.values()].map((t) => ingestTokenGql(repo, t));
    },
  };
}

export function tokenGql(state: LogScaleState, token: EmuToken): Record<string, unknown> {
  return {
    __typename: TYPENAME[token.kind],
    id: token.id,
    name: token.name,
    createdAt: token.createdAt,
    expireAt: token.expireAt,
    // The legacy `ipFilter: String` has undocumented meaning (unverified); the emulator returns null.
    ipFilter: null,
    ipFilterV2: ipFilterGql(state, token.ipFilterId),
    permissions: [...token.permissions],
    // Only views the caller can see are listed; the emulator's callers see them all.
    views: token.viewIds.map((id) => domainGql(state, id)).filter((d) => d !== null),
  };
}

function accountGql(ctx: ResolverContext, user: NonNullable<Principal['user']>): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    isRoot: user.isRoot,
    isOrganizationRoot: user.isRoot,
    token: () => {
      const t = ctx.state.personalTokenOf(user.id);
      return t ? tokenGql(ctx.state, t) : null;
    },
  };
}

function policiesGql(state: LogScaleState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const prefix: Record<EmuKind, string> = {
    personal: 'personalUserTokens',
    view: 'viewPermissionTokens',
    organization: 'organizationPermissionTokens',
    system: 'systemPermissionTokens',
  };
  for (const kind of Object.keys(prefix) as EmuKind[]) {
    const p = prefix[kind];
    const policy = state.policies[kind];
    out[`${p}Enabled`] = policy.enabled;
    out[`${p}EnforceExpirationAfterMs`] = policy.maxExpiryMs;
    out[`${p}EnforceIpFilter`] = ipFilterGql(state, policy.ipFilterId);
    if (kind !== 'personal') out[`${p}AllowPermissionUpdates`] = policy.allowPermissionUpdates;
  }
  return out;
}

function organizationGql(state: LogScaleState): Record<string, unknown> {
  return {
    id: state.organization.id,
    name: state.organization.name,
    configs: { tokens: () => policiesGql(state) },
  };
}

export function queryRoot(ctx: ResolverContext): Record<string, unknown> {
  const { state } = ctx;
  return {
    viewer: () => accountGql(ctx, requireUser(ctx)),
    viewerOpt: () => (ctx.principal.user ? accountGql(ctx, ctx.principal.user) : null),
    tokens: (args: Args) => {
      requireRoot(ctx, 'list tokens');
      const query = { ...args } as Parameters<LogScaleState['search']>[0];
      if (ctx.maxPageSize !== null) query.limit = Math.min(query.limit ?? 50, ctx.maxPageSize);
      const { totalResults, results } = state.search(query);
      return { totalResults, results: results.map((t) => tokenGql(state, t)) };
    },
    token: (args: Args) => {
      requireRoot(ctx, 'read tokens');
      const t = state.find(String(args.tokenId));
      if (!t) throw new EmulatorGraphQLError(`Token with id ${String(args.tokenId)} was not found`);
      return tokenGql(state, t);
    },
    ipFilters: () => {
      requireRoot(ctx, 'view IP filters');
      return [...state.ipFilters.values()].map((f) => ({ ...f }));
    },
    organization: () => organizationGql(state),
    searchDomains: () => [...state.searchDomains.values()].map((d) => domainGql(state, d.id)),
    repository: (args: Args) => repositoryGql(ctx, state.repository(String(args.name))),
  };
}

export function mutationRoot(ctx: ResolverContext): Record<string, unknown> {
  const { state } = ctx;
  const input = (args: Args): Input => (args.input ?? {}) as Input;
  const createInput = (i: Input) => ({
    name: i.name as string | undefined,
    expireAt: (i.expireAt as number | null | undefined) ?? null,
    ipFilterId: (i.ipFilterId as string | null | undefined) ?? null,
    permissions: i.permissions as string[] | undefined,
    viewIds: i.viewIds as string[] | undefined,
  });
  return {
    createSystemPermissionsToken: (args: Args) => {
      requireRoot(ctx, 'create system tokens');
      return state.create('system', createInput(input(args)), null);
    },
    createOrganizationPermissionsToken: (args: Args) => {
      requireRoot(ctx, 'create organization tokens');
      return state.create('organization', createInput(input(args)), null);
    },
    createViewPermissionsToken: (args: Args) => {
      requireRoot(ctx, 'create view tokens');
      return state.create('view', createInput(input(args)), null);
    },
    createPersonalUserToken: (args: Args) => state.create('personal', createInput(input(args)), requireUser(ctx)),
    updateSystemPermissionsTokenPermissions: (args: Args) => {
      requireRoot(ctx, 'change token permissions');
      return state.updatePermissions('system', String(input(args).id), input(args).permissions as string[]);
    },
    updateOrganizationPermissionsTokenPermissions: (args: Args) => {
      requireRoot(ctx, 'change token permissions');
      return state.updatePermissions('organization', String(input(args).id), input(args).permissions as string[]);
    },
    updateViewPermissionsTokenPermissions: (args: Args) => {
      requireRoot(ctx, 'change token permissions');
      return state.updatePermissions('view', String(input(args).id), input(args).permissions as string[]);
    },
    rotateToken: (args: Args) => {
      const id = String(input(args).id);
      // A user id rotates that user's personal token (humio-operator, humio/cli).
      const user = state.users.get(id);
      if (user) {
        if (ctx.principal.user?.id !== user.id) requireRoot(ctx, "rotate another user's token");
        const personal = state.personalTokenOf(user.id);
        if (!personal) throw new EmulatorGraphQLError(`User ${user.username} has no personal token`);
        return state.rotate(personal);
      }
      requireRoot(ctx, 'rotate tokens');
      const token = state.find(id);
      if (!token) throw new EmulatorGraphQLError(`Token with id ${id} was not found`);
      // Personal tokens are rotated by user id only (the one path verified against real servers).
      if (token.kind === 'personal') throw new EmulatorGraphQLError(`Token with id ${id} was not found`);
      return state.rotate(token);
    },
    deleteToken: (args: Args) => {
      const id = String(input(args).id);
      const token = state.find(id);
      const own = token?.kind === 'personal' && token.userId !== null && token.userId === ctx.principal.user?.id;
      if (!own) requireRoot(ctx, 'delete tokens');
      return state.delete(id);
    },
    createIPFilter: (args: Args) => {
      requireRoot(ctx, 'change IP filters');
      const i = input(args);
      return { ...state.createIpFilter(String(i.name), String(i.ipFilter)) };
    },
    updateIPFilter: (args: Args) => {
      requireRoot(ctx, 'change IP filters');
      const i = input(args);
      return { ...state.updateIpFilter(String(i.id), i.name as string | null | undefined, i.ipFilter as string | null | undefined) };
    },
    deleteIPFilter: (args: Args) => {
      requireRoot(ctx, 'change IP filters');
      return state.deleteIpFilter(String(input(args).id));
    },
    addIngestTokenV3: (args: Args) => {
      const i = input(args);
      const repo = state.repository(String(i.repositoryName));
      state.requireIngestPermission(ctx.principal, repo);
      if (typeof i.customToken === 'string') throw new EmulatorGraphQLError('Custom ingest tokens require root privileges on the cluster');
      return ingestTokenGql(repo, state.addIngestToken(repo, String(i.name), typeof i.parser === 'string' ? i.parser : null));
    },
    assignParserToIngestTokenV2: (args: Args) => {
      const i = input(args);
      const repo = state.repository(String(i.repositoryName));
      state.requireIngestPermission(ctx.principal, repo);
      const token = state.ingestToken(repo, String(i.tokenName));
      token.parserId = state.parserOf(repo, String(i.parser)).id;
      return ingestTokenGql(repo, token);
    },
    unassignIngestToken: (args: Args) => {
      const repo = state.repository(String(args.repositoryName));
      state.requireIngestPermission(ctx.principal, repo);
      state.ingestToken(repo, String(args.tokenName)).parserId = null;
      return { repository: repositoryGql(ctx, repo) };
    },
    removeIngestToken: (args: Args) => {
      const repo = state.repository(String(args.repositoryName));
      state.requireIngestPermission(ctx.principal, repo);
      // Whether the real server errors or answers `result: false` for an unknown name is unverified; the emulator answers false.
      return { result: repo.ingestTokens.delete(String(args.name)) };
    },
    updateTokenSecurityPolicies: (args: Args) => {
      requireRoot(ctx, 'change security policies');
      state.updatePolicies(input(args));
      return organizationGql(state);
    },
  };
}
