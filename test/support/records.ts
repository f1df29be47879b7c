/** Token records for tests that need a store's worth of them without a provider. */
import type { TokenRecord } from '../../main/core/model';

export function tokenRecord(id: string, expiresAt: number | null, extra: Partial<TokenRecord> = {}): TokenRecord {
  return {
    id,
    accountId: 'acc',
    provider: 'logscale',
    kind: 'system',
    remoteId: id,
    container: '',
    name: id,
    scope: {},
    createdAt: null,
    expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
    ipFilter: null,
    hasSecret: true,
    fingerprint: null,
    status: 'active',
    lastSyncedAt: null,
    ...extra,
  };
}
