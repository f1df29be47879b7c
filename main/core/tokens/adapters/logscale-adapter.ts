/**
 * Falcon LogScale behind the ProviderAdapter interface. One listing returns every token's metadata
 * (all pages); secrets exist only in create and rotate answers, once. Rotation gives a new id and
 * invalidates the old secret at once.
 */
import { AppError, toErrorPayload } from '../../errors';
import {
  ORGANIZATION_PERMISSIONS,
  SYSTEM_PERMISSIONS,
  VIEW_PERMISSION_GROUPS,
  permissionLabel,
  type CreateTokenInput,
  type LogScaleClient,
  type LogScaleToken,
  type TokenRef,
} from '../../providers/logscale';
import type { ListResult, ProviderAdapter, RemoteToken } from '../adapter';
import type { CreateOptions, CreateRequest } from '../../model';
import type { TokenRecord } from '../../model';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function toRemoteToken(token: LogScaleToken, personalOwner?: string): RemoteToken {
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

function toCreateInput(request: Extract<CreateRequest, { provider: 'logscale' }>): CreateTokenInput {
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

const refOf = (record: TokenRecord): TokenRef =>
  record.kind === 'personal' ? { kind: 'personal' } : { kind: record.kind as Exclude<TokenRef['kind'], 'personal'>, id: record.remoteId };

/**
 * `probe` presents a value to LogScale and says whether it is accepted. A 403 (IP filter) counts as
 * accepted: the token exists, it is only refused from here, so it is not dead.
 */
export function createLogScaleAdapter(client: LogScaleClient, baseUrl: string, probe: (value: string) => Promise<'accepted' | 'rejected'>): ProviderAdapter {
  return {
    async testConnection() {
      const [status, check] = await Promise.all([client.status(), client.checkCredentials()]);
      return { detail: `Connected to LogScale ${status.semver ?? status.version}${check.user ? ` as ${check.user.username}` : ' with an organization or system token'}.` };
    },

    async createOptions(): Promise<CreateOptions> {
      // Policies and IP filters may be unreadable for a non-root caller: the form then shows no policy,
      // and says why (a missing permission is not the same as a broken account).
      const unreadable: NonNullable<Extract<CreateOptions, { provider: 'logscale' }>['unreadable']> = {};
      const read = <T>(part: keyof typeof unreadable, pending: Promise<T>, fallback: T): Promise<T> =>
        pending.catch((error: unknown) => {
          unreadable[part] = toErrorPayload(error);
          return fallback;
        });
      const [policies, ipFilters, views] = await Promise.all([read('policies', client.getTokenPolicies(), null), read('ipFilters', client.listIpFilters(), []), read('views', client.listSearchDomains(), [])]);
      const flat = (group: string, list: readonly string[]) => [{ group, permissions: list.map((name) => ({ name, label: permissionLabel(name) })) }];
      return {
        provider: 'logscale',
        policies: policies
          ? Object.fromEntries(
              Object.entries(policies).map(([kind, p]) => [
                kind,
                { enabled: p.enabled, maxExpiryMs: p.maxExpiryMs, forcedIpFilter: p.forcedIpFilter ? { id: p.forcedIpFilter.id, name: p.forcedIpFilter.name } : null, permissionUpdatesAllowed: p.permissionUpdatesAllowed },
              ]),
            ) as Extract<CreateOptions, { provider: 'logscale' }>['policies']
          : null,
        ipFilters: ipFilters.map((f) => ({ id: f.id, name: f.name })),
        views: views.map((v) => ({ id: v.id, name: v.name, type: v.type })),
        permissions: {
          system: flat('System', SYSTEM_PERMISSIONS),
          organization: flat('Organization', ORGANIZATION_PERMISSIONS),
          view: VIEW_PERMISSION_GROUPS.map((g) => ({ group: g.label, permissions: g.permissions.map((name) => ({ name, label: permissionLabel(name) })) })),
        },
        ...(Object.keys(unreadable).length ? { unreadable } : {}),
      };
    },

    async list(): Promise<ListResult> {
      const [listed, personal] = await Promise.all([client.listTokens(), client.getPersonalToken().catch(() => null)]);
      const tokens = listed.tokens.map((t) => toRemoteToken(t));
      if (personal?.token) tokens.push(toRemoteToken(personal.token, personal.user.username));
      return { tokens, unchanged: [], unreadable: [], notes: [] };
    },

    async create(request) {
      if (request.provider !== 'logscale') throw new AppError('invalid-input', 'This is a LogScale account: create a LogScale token.');
      const created = await client.createToken(toCreateInput(request));
      const token: RemoteToken = created.token
        ? toRemoteToken(created.token)
        : { kind: created.kind, remoteId: created.tokenId, container: '', name: request.name ?? 'personal token', scope: { permissions: request.permissions }, createdAt: null, expiresAt: null, ipFilter: null };
      return { token, value: created.secret, ...(created.replacedOwnCredential ? { replacesAccountCredential: true } : {}) };
    },

    async rotate(record) {
      const rotated = await client.rotateToken(refOf(record));
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
      await client.deleteToken(refOf(record));
      return {};
    },

    async verify(_record, value) {
      const outcome = await probe(value);
      return {
        checks: [{ endpoint: 'LogScale GraphQL API', url: `${baseUrl}/graphql`, outcome: outcome === 'accepted' ? 'ok' : 'rejected', detail: outcome === 'accepted' ? 'LogScale accepts this token.' : 'LogScale refuses this token (401).' }],
        example: `curl -sS -H "Authorization: Bearer $LOGSCALE_TOKEN" -H 'Content-Type: application/json' -d '{"query":"{viewer{id}}"}' '${baseUrl}/graphql'`,
      };
    },

    async rejects(_record, value) {
      return (await probe(value)) === 'rejected';
    },
  };
}
