/**
 * Shapes the LogScale client hands to the rest of the core. They are plain data (no classes), so
 * they cross IPC as they are. None of them holds a secret except the results of create and rotate,
 * which carry the show-once `secret` exactly once.
 */
import type { OrganizationPermission, SystemPermission, ViewPermission } from './permissions';

/** The four kinds of LogScale API token. */
export type TokenKind = 'system' | 'organization' | 'view' | 'personal';
/** Kinds that `tokens(...)` can list and that carry their own permission set. */
export type PermissionTokenKind = Exclude<TokenKind, 'personal'>;

export const TOKEN_KINDS: readonly TokenKind[] = ['system', 'organization', 'view', 'personal'];
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
  kind: TokenKind;
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
export type ExpirySpec =
  | { kind: 'never' }
  | { kind: 'duration'; amount: number; unit: DurationUnit }
  | { kind: 'date'; at: Date | number | string };

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
  kind: TokenKind;
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
  kind: TokenKind;
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

export type TokenPolicies = Record<TokenKind, TokenKindPolicy>;

/** Input for `updateTokenPolicies`: every field is sent explicitly. */
export type TokenPoliciesUpdate = Record<
  TokenKind,
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
