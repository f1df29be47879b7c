/**
 * The provider-neutral token record the store keeps (never a value: values live in the keychain
 * under `token:<id>`). `expiring` and `expired` are not stored; they are computed from `expiresAt`.
 */
import type { Provider, TokenKind, TokenStatus, TokenSummary } from '../../../preload/contract';

export type StoredStatus = Extract<TokenStatus, 'active' | 'revoking' | 'revoked' | 'gone'>;

export interface TokenScope {
  cluster?: string; // LDP cluster hostname
  clusterId?: string; // LDP cluster id (for verification endpoints)
  service?: string; // LDP service name
  permissions?: string[]; // LogScale permissions
  views?: string[]; // LogScale view names
  iam?: IamPatScope; // OVHcloud IAM personal access token (kind 'iam-pat')
}

/** What Tokendesk knows about an OVHcloud IAM personal access token besides name and dates. */
export interface IamPatScope {
  /** The local user's login; the record's container is `iam-user:<login>`. */
  user: string;
  description: string;
  /** When OVHcloud last saw it used; null: never (freshness unverified). */
  lastUsed: string | null;
  /** IAM-enabled LDP services the user's policies reach (service names). */
  services: string[];
  /** Read-only summary of the policies that grant that access. */
  policies: Array<{ id: string; name: string; actions: string[]; permissionsGroups: string[]; services: string[] }>;
}

export interface TokenRecord {
  id: string;
  accountId: string;
  provider: Provider;
  kind: TokenKind;
  /** The provider's id: LDP tokenId, LogScale token id, IAM PAT name. */
  remoteId: string;
  /** Where the token lives inside the account: the LDP service name, the IAM user; '' when flat. */
  container: string;
  name: string;
  scope: TokenScope;
  createdAt: string | null;
  expiresAt: string | null;
  ipFilter: string | null;
  hasSecret: boolean;
  /** HMAC-SHA-256 of the value with the install's key (leak matching), when the value was seen. */
  fingerprint: string | null;
  status: StoredStatus;
  lastSyncedAt: string | null;
}

export const tokenSecretKey = (id: string): string => `token:${id}`;

const DAY = 86_400_000;

/** What the window shows: the stored status, or expiring/expired from the clock. */
export function effectiveStatus(record: TokenRecord, now: number, expiringWithinDays = 14): TokenStatus {
  if (record.status !== 'active' || !record.expiresAt) return record.status;
  const left = Date.parse(record.expiresAt) - now;
  if (left <= 0) return 'expired';
  return left <= expiringWithinDays * DAY ? 'expiring' : 'active';
}

export function scopeSummary(scope: TokenScope): string {
  const parts: string[] = [];
  if (scope.service) parts.push(scope.service);
  if (scope.cluster) parts.push(scope.cluster);
  if (scope.views?.length) parts.push(`views: ${scope.views.join(', ')}`);
  if (scope.permissions?.length) parts.push(`${scope.permissions.length} permission${scope.permissions.length === 1 ? '' : 's'}`);
  if (scope.iam) {
    if (!scope.service) parts.push(scope.iam.services.length ? scope.iam.services.join(', ') : 'reaches no IAM-enabled LDP service');
    parts.push(`IAM user ${scope.iam.user}`);
    if (scope.iam.policies.length) parts.push(`${scope.iam.policies.length} polic${scope.iam.policies.length === 1 ? 'y' : 'ies'}`);
    parts.push(scope.iam.lastUsed ? `last used ${scope.iam.lastUsed.slice(0, 10)}` : 'never used');
  }
  return parts.join(' · ');
}

export function toTokenSummary(record: TokenRecord, now: number): TokenSummary {
  return {
    id: record.id,
    accountId: record.accountId,
    provider: record.provider,
    kind: record.kind,
    name: record.name,
    scope: scopeSummary(record.scope),
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    ipFilter: record.ipFilter,
    hasSecret: record.hasSecret,
    status: effectiveStatus(record, now),
  };
}
