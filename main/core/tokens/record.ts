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
