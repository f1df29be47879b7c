/**
 * What the detail pane shows about one token: every field the record holds, in words (LogScale
 * permissions by their labels, the IP filter by name, the IAM user's policies), a short id of the
 * keyed fingerprint (the same one the audit log records), and the token's history from the audit
 * log. Never its value.
 */
import type { AuditLog } from '../audit/audit-log';
import type { TokenDetail, TokenRecord, TokenSummary } from '../model';
import { permissionLabel } from '../providers/logscale';

/** Enough of the fingerprint to tell two values apart at a glance, too little to mean anything alone. */
const FINGERPRINT_ID_LENGTH = 12;

export async function tokenDetail(record: TokenRecord, summary: TokenSummary, audit: AuditLog): Promise<TokenDetail> {
  const scope = record.scope;
  const history = (await audit.search({ tokenId: record.id, limit: 50 })).entries;
  return {
    token: summary,
    permissions: record.provider === 'logscale' ? (scope.permissions ?? []).map((name) => ({ name, label: permissionLabel(name) })) : [],
    views: scope.views ?? [],
    service: scope.service ?? null,
    cluster: scope.cluster ?? null,
    iam: scope.iam ?? null,
    ingest: record.kind === 'ingest' && scope.repository ? { repository: scope.repository, parser: scope.parser ?? null } : null,
    lastSyncedAt: record.lastSyncedAt,
    fingerprintId: record.fingerprint ? record.fingerprint.slice(0, FINGERPRINT_ID_LENGTH) : (history.find((e) => e.fingerprint)?.fingerprint?.slice(0, FINGERPRINT_ID_LENGTH) ?? null),
    history,
  };
}
