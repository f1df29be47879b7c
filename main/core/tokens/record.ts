/**
 * Helpers over the token record (core/model/tokens.ts): its secret's key, the status the window
 * shows, and the one-line scope summary.
 */
import type { TokenRecord, TokenScope, TokenStatus, TokenSummary } from '../model';

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
    // Records kept before `endedAt` existed: the sync that found them gone is the best date there is.
    endedAt: record.status === 'revoked' || record.status === 'gone' ? (record.endedAt ?? record.lastSyncedAt) : null,
  };
}
