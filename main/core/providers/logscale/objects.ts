/**
 * LogScale's objects as the client hands them to the rest of the core, and the two borders they
 * cross: GraphQL answers read into them (a malformed answer is an AppError naming the field, never
 * a guess) and caller input checked before anything is sent (AppError 'invalid-input' per field).
 *
 * The shapes are plain data (no classes), so they cross IPC as they are. None holds a secret
 * except the results of create and rotate, which carry the show-once `secret` exactly once.
 */
import { AppError } from '../../errors';
import type { LogScaleTokenKind } from '../../model';
import type { OrganizationPermission, SystemPermission, ViewPermission } from './permissions';

/** The four kinds of LogScale API token (the model's word; re-exported so the client reads alone). */
export type { LogScaleTokenKind };
/** Kinds that `tokens(...)` can list and that carry their own permission set. */
export type PermissionTokenKind = Exclude<LogScaleTokenKind, 'personal'>;

export const TOKEN_KINDS: readonly LogScaleTokenKind[] = ['system', 'organization', 'view', 'personal'];
export const PERMISSION_TOKEN_KINDS: readonly PermissionTokenKind[] = ['system', 'organization', 'view'];

export interface IpFilter {
  id: string;
  name: string;
  /** Rule text, one `allow|deny <address|cidr|all>` per line. */
  ipFilter: string;
}

export interface SearchDomainRef {
  id: string;
  name: string;
  type: 'View' | 'Repository';
}

/** Token metadata as LogScale lists it. `createdAt` / `expireAt` are epoch milliseconds. */
export interface LogScaleToken {
  kind: LogScaleTokenKind;
  id: string;
  name: string;
  createdAt: number;
  /** null: never expires. */
  expireAt: number | null;
  /** null: no IP filter. Only `id` is guaranteed when the caller may not read filters. */
  ipFilter: IpFilter | null;
  /** As the server returns them (strings, not enum values). Empty for personal tokens. */
  permissions: string[];
  /** View tokens only; [] for other kinds. Only views the caller can see are listed. */
  views: SearchDomainRef[];
}

export interface TokenList {
  tokens: LogScaleToken[];
  /** What the server reported as the full count of the last page read. */
  totalResults: number;
  /** Requests made to read all pages. */
  pages: number;
}

export type DurationUnit = 'minutes' | 'hours' | 'days';

/** How a form states an expiry. Turned into epoch ms with the client's clock. */
export type ExpirySpec = { kind: 'never' } | { kind: 'duration'; amount: number; unit: DurationUnit } | { kind: 'date'; at: Date | number | string };

interface CreateCommon {
  expiry: ExpirySpec;
  /** An IP filter id from `listIpFilters()`; null/undefined for none (or the policy's forced one). */
  ipFilterId?: string | null;
}

export type CreateTokenInput =
  | ({ kind: 'system'; name: string; permissions: readonly SystemPermission[] } & CreateCommon)
  | ({ kind: 'organization'; name: string; permissions: readonly OrganizationPermission[] } & CreateCommon)
  | ({ kind: 'view'; name: string; viewIds: readonly string[]; permissions: readonly ViewPermission[] } & CreateCommon)
  | ({ kind: 'personal' } & CreateCommon);

/** What to rotate. A personal token is the caller's own; LogScale rotates it by the user's id. */
export type TokenRef = { kind: PermissionTokenKind; id: string } | { kind: 'personal' };

/**
 * A freshly created token, as the create mutation answered: the show-once `secret` (the full
 * `<id>~<secret>` string) and what was sent. LogScale's v1 creates answer nothing else; the token's
 * details are read separately, once the secret is safe.
 */
export interface CreatedToken {
  kind: LogScaleTokenKind;
  tokenId: string;
  secret: string;
  /** null for a personal token (it has no name). */
  name: string | null;
  /** What was sent: epoch ms, null for never. */
  expireAt: number | null;
  /** The IP filter sent: the caller's, or the one the policy forces; null for none. */
  ipFilterId: string | null;
  /**
   * true when this create/rotate replaced the very token the client authenticates with (the
   * caller's personal token): the account's stored credential must be updated to `secret`.
   */
  replacedOwnCredential?: boolean;
}

export interface RotatedToken {
  kind: LogScaleTokenKind;
  /** The id that is no longer valid. */
  previousId: string;
  /** Rotation gives a new id as well as a new secret. */
  tokenId: string;
  secret: string;
  /** See CreatedToken.replacedOwnCredential. */
  replacedOwnCredential?: boolean;
}

export interface TokenKindPolicy {
  /** false: tokens of this kind cannot be created (and the server has deleted existing ones). */
  enabled: boolean;
  /** Maximum lifetime in ms; null when not enforced. */
  maxExpiryMs: number | null;
  /** The IP filter the server applies to every token of this kind; null when none is forced. */
  forcedIpFilter: IpFilter | null;
  /**
   * Whether permissions of existing tokens may be changed. null: the server did not say (it is
   * nullable on read) or not applicable (personal tokens carry the user's permissions).
   */
  permissionUpdatesAllowed: boolean | null;
}

export type TokenPolicies = Record<LogScaleTokenKind, TokenKindPolicy>;

/** Input for `policies.replace`: every field is sent explicitly. */
export type TokenPoliciesUpdate = Record<
  LogScaleTokenKind,
  { enabled: boolean; maxExpiryMs: number | null; forcedIpFilterId: string | null; permissionUpdatesAllowed?: boolean }
>;

export interface LogScaleStatus {
  status: string;
  /** Full version string, e.g. `1.204.0--build-4049--sha-…`. */
  version: string;
  /** `major.minor.patch` when the version starts with one, else null. */
  semver: string | null;
}

export interface CredentialCheck {
  /** The user behind a personal token; null for system/organization/view tokens (not users). */
  user: { id: string; username: string } | null;
}

// ------------------------------------------------------------------ reading answers

/** A GraphQL object as it came, before it is read into one of the shapes above. */
export type Raw = Record<string, unknown>;

const KIND_BY_TYPENAME: Record<string, LogScaleTokenKind> = {
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

/** An `IPFilter` object; null when absent or without an id (a caller who may not read filters gets the id only). */
export function toIpFilterOrNull(raw: unknown): IpFilter | null {
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

// ------------------------------------------------------------------ checking input

export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 256) {
    throw new AppError('invalid-input', `A LogScale ${field} is required.`, { issues: [`${field}: required`] });
  }
  return value.trim();
}

export function requireText(value: unknown, field: string, label: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AppError('invalid-input', `The ${label} is required.`, { issues: [`${field}: required`] });
  }
  return value.trim();
}
