/**
 * Falcon LogScale behind the token service's ProviderAdapter: the service's records and create
 * requests in the client's terms, and LogScale's tokens back as RemoteTokens. One listing returns
 * every token's metadata (all pages, plus the caller's personal token).
 *
 * Show-once: LogScale returns a secret once, in the answer to create or rotate. `create` hands it
 * back at once, with the token described by what was sent; `describeCreated` reads the rest, and
 * the token service calls it only once the secret is kept, so a failed read costs details until
 * the next sync, never the secret. Rotation needs no read: the token keeps its name, permissions,
 * views, expiry and filter, gets a new id and secret, and the old secret stops working at once.
 *
 * Ingest tokens (kind `ingest`, per repository, values readable again) are adapter-ingest.ts.
 */
import { AppError, toErrorPayload } from '../../errors';
import type { CreateOptions, CreateRequest, KindPolicy, PolicySummary, TokenRecord } from '../../model';
import type { CreatedRemote, ListResult, ProviderAdapter, RemoteToken } from '../../tokens/adapter';
import type { LogScaleClient } from './client';
import { ORGANIZATION_PERMISSIONS, SYSTEM_PERMISSIONS, VIEW_PERMISSION_GROUPS, permissionLabel } from './permissions';
import type { CreateTokenInput, LogScaleToken, PermissionTokenKind, TokenPolicies, TokenRef } from './objects';
import { createIngestTokenSupport } from './adapter-ingest';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function toRemoteToken(token: LogScaleToken, personalOwner?: string): RemoteToken {
  return {
    kind: token.kind,
    remoteId: token.id,
    container: '',
    name: token.kind === 'personal' && !token.name ? `personal token of ${personalOwner ?? 'you'}` : token.name,
    scope: {
      ...(token.permissions.length ? { permissions: [...token.permissions] } : {}),
      ...(token.views.length ? { views: token.views.map((v) => v.name) } : {}),
    },
    createdAt: iso(token.createdAt),
    expiresAt: iso(token.expireAt),
    ipFilter: token.ipFilter ? token.ipFilter.name || token.ipFilter.id : null,
  };
}

function toCreateInput(request: Exclude<Extract<CreateRequest, { provider: 'logscale' }>, { kind: 'ingest' }>): CreateTokenInput {
  const expiry = request.expiry.kind === 'date' ? { kind: 'date' as const, at: request.expiry.at } : request.expiry;
  const common = { expiry, ipFilterId: request.ipFilterId ?? null };
  const name = request.name ?? '';
  switch (request.kind) {
    case 'personal':
      return { kind: 'personal', ...common };
    case 'view':
      return { kind: 'view', name, viewIds: request.viewIds ?? [], permissions: request.permissions as never, ...common };
    case 'organization':
      return { kind: 'organization', name, permissions: request.permissions as never, ...common };
    case 'system':
      return { kind: 'system', name, permissions: request.permissions as never, ...common };
  }
}

/** The organization's policies as the window and the CLI show them (the forced filter by id and name). */
function toKindPolicies(policies: TokenPolicies): NonNullable<PolicySummary> {
  const one = (p: TokenPolicies[keyof TokenPolicies]): KindPolicy => ({
    enabled: p.enabled,
    maxExpiryMs: p.maxExpiryMs,
    forcedIpFilter: p.forcedIpFilter ? { id: p.forcedIpFilter.id, name: p.forcedIpFilter.name } : null,
    permissionUpdatesAllowed: p.permissionUpdatesAllowed,
  });
  return { system: one(policies.system), organization: one(policies.organization), view: one(policies.view), personal: one(policies.personal) };
}

const refOf = (record: TokenRecord): TokenRef =>
  record.kind === 'personal' ? { kind: 'personal' } : { kind: record.kind as Exclude<TokenRef['kind'], 'personal'>, id: record.remoteId };

/**
 * `probe` presents a value to LogScale and says whether it is accepted. A 403 (IP filter) counts as
 * accepted: the token exists, it is only refused from here, so it is not dead.
 */
export function createLogScaleAdapter(
  client: LogScaleClient,
  baseUrl: string,
  probe: (value: string) => Promise<'accepted' | 'rejected'>,
  now: () => number = Date.now,
): ProviderAdapter {
  const ingest = createIngestTokenSupport(client, baseUrl, now);
  return {
    async testConnection() {
      const [status, check] = await Promise.all([client.status(), client.checkCredentials()]);
      return {
        detail: `Connected to LogScale ${status.semver ?? status.version}${check.user ? ` as ${check.user.username}` : ' with an organization or system token'}.`,
      };
    },

    createOptions: () => createOptions(client),

    async list(known, progress): Promise<ListResult> {
      // One query answers every API token, one per repository its ingest tokens: progress goes from nothing to all at once.
      const [listed, personal, ingestTokens] = await Promise.all([client.tokens.list(), client.tokens.personal().catch(() => null), ingest.list(known)]);
      const tokens = listed.tokens.map((t) => toRemoteToken(t));
      if (personal?.token) tokens.push(toRemoteToken(personal.token, personal.user.username));
      tokens.push(...ingestTokens.tokens);
      progress?.expect(tokens.length);
      progress?.read(tokens.length);
      return { tokens, unchanged: [], unreadable: ingestTokens.unreadable, notes: ingestTokens.notes };
    },

    /** The secret the moment LogScale answers, and the token as the request describes it (see "Show-once" above). */
    async create(request) {
      if (request.provider !== 'logscale') throw new AppError('invalid-input', 'This is a LogScale account: create a LogScale token.');
      if (request.kind === 'ingest') return ingest.create(request);
      return createApiToken(client, request);
    },

    async describeCreated(created) {
      const { kind, remoteId } = created.token;
      if (kind === 'ingest') return created.token; // the create answered everything
      // A personal token that replaced the account's own credential is read with the new secret: the old one is dead.
      const token =
        kind === 'personal'
          ? (await client.tokens.personal(created.replacesAccountCredential ? { token: created.value } : {})).token
          : await client.tokens.get(kind as PermissionTokenKind, remoteId);
      if (!token || token.id !== remoteId) throw new AppError('not-found', 'LogScale did not list the new token yet.');
      return toRemoteToken(token);
    },

    async rotate(record) {
      if (record.kind === 'ingest') return ingest.rotate(record);
      const rotated = await client.tokens.rotate(refOf(record));
      // The rotated token keeps its name, permissions, views, expiry and filter; only id and secret change.
      const token: RemoteToken = {
        kind: record.kind,
        remoteId: rotated.tokenId,
        container: '',
        name: record.name,
        scope: record.scope,
        createdAt: record.createdAt,
        expiresAt: record.expiresAt,
        ipFilter: record.ipFilter,
      };
      return { token, value: rotated.secret, oldStillValid: false, ...(rotated.replacedOwnCredential ? { replacesAccountCredential: true } : {}) };
    },

    async revoke(record) {
      if (record.kind === 'ingest') return ingest.revoke(record);
      await client.tokens.delete(refOf(record));
      return {};
    },

    async verify(record, value) {
      if (record.kind === 'ingest') return ingest.verify(value);
      const outcome = await probe(value);
      return {
        checks: [
          {
            endpoint: 'LogScale GraphQL API',
            url: `${baseUrl}/graphql`,
            outcome: outcome === 'accepted' ? 'ok' : 'rejected',
            detail: outcome === 'accepted' ? 'LogScale accepts this token.' : 'LogScale refuses this token (401).',
          },
        ],
        example: `curl -sS -H "Authorization: Bearer $LOGSCALE_TOKEN" -H 'Content-Type: application/json' -d '{"query":"{viewer{id}}"}' '${baseUrl}/graphql'`,
      };
    },

    async rejects(record, value) {
      if (record.kind === 'ingest') return ingest.rejects(value);
      return (await probe(value)) === 'rejected';
    },

    async setParser(record, parser) {
      if (record.kind !== 'ingest') throw new AppError('invalid-input', 'Only LogScale ingest tokens have a parser.');
      return ingest.setParser(record, parser);
    },

    resources: resourcesOf(client),
  };
}

/** What the create form offers: policies, IP filters, views, repositories and permissions, each unreadable part said. */
async function createOptions(client: LogScaleClient): Promise<CreateOptions> {
  // Policies and IP filters may be unreadable for a non-root caller: the form then shows no policy,
  // and says why (a missing permission is not the same as a broken account).
  const unreadable: NonNullable<Extract<CreateOptions, { provider: 'logscale' }>['unreadable']> = {};
  const read = <T>(part: keyof typeof unreadable, pending: Promise<T>, fallback: T): Promise<T> =>
    pending.catch((error: unknown) => {
      unreadable[part] = toErrorPayload(error);
      return fallback;
    });
  const [policies, ipFilters, views, repositories] = await Promise.all([
    read('policies', client.policies.read(), null),
    read('ipFilters', client.ipFilters.list(), []),
    read('views', client.views.list(), []),
    // Repositories for ingest tokens: unreadable means the ingest kind offers none, and says why.
    read('repositories', client.ingestTokens.repositories(), []),
  ]);
  const flat = (group: string, list: readonly string[]) => [{ group, permissions: list.map((name) => ({ name, label: permissionLabel(name) })) }];
  return {
    provider: 'logscale',
    policies: policies ? toKindPolicies(policies) : null,
    ipFilters: ipFilters.map((f) => ({ id: f.id, name: f.name })),
    views: views.map((v) => ({ id: v.id, name: v.name, type: v.type })),
    repositories: repositories.map((r) => ({ name: r.name, parsers: r.parsers.map((p) => p.name) })),
    permissions: {
      system: flat('System', SYSTEM_PERMISSIONS),
      organization: flat('Organization', ORGANIZATION_PERMISSIONS),
      view: VIEW_PERMISSION_GROUPS.map((g) => ({ group: g.label, permissions: g.permissions.map((name) => ({ name, label: permissionLabel(name) })) })),
    },
    ...(Object.keys(unreadable).length ? { unreadable } : {}),
  };
}

/** A LogScale API token created: the secret from the answer, the token as the request describes it. */
async function createApiToken(
  client: LogScaleClient,
  request: Exclude<Extract<CreateRequest, { provider: 'logscale' }>, { kind: 'ingest' }>,
): Promise<CreatedRemote> {
  const created = await client.tokens.create(toCreateInput(request));
  const token: RemoteToken = {
    kind: created.kind,
    remoteId: created.tokenId,
    container: '',
    name: created.name ?? 'personal token of you',
    scope: request.permissions.length ? { permissions: [...request.permissions] } : {},
    createdAt: null,
    expiresAt: iso(created.expireAt),
    ipFilter: created.ipFilterId,
  };
  return { token, value: created.secret, ...(created.replacedOwnCredential ? { replacesAccountCredential: true } : {}) };
}

/** What a LogScale account holds besides tokens, read-only. */
function resourcesOf(client: LogScaleClient): NonNullable<ProviderAdapter['resources']> {
  return {
    ipFilters: async () => (await client.ipFilters.list()).map((f) => ({ id: f.id, name: f.name, rules: f.ipFilter })),
    async views() {
      const [views, repositories] = await Promise.all([client.views.list(), client.ingestTokens.repositories().catch(() => [])]);
      const parsers = new Map(repositories.map((r) => [r.id, r.parsers.map((p) => p.name)]));
      return views.map((v) => ({ id: v.id, name: v.name, type: v.type, ...(v.type === 'Repository' ? { parsers: parsers.get(v.id) ?? [] } : {}) }));
    },
    async policies() {
      const policies = await client.policies.read();
      return policies ? toKindPolicies(policies) : null;
    },
  };
}
