/**
 * What the detail pane shows about one token: every field the record holds, in words (LogScale
 * permissions by their labels, the IP filter by name, the IAM user's policies), a short id of the
 * keyed fingerprint (the same one the audit log records), and the token's history from the audit
 * log. Never its value.
 */
import type { AuditLog } from '../audit/audit-log';
import type { IamPatScope, TokenDetail, TokenRecord, TokenSummary } from '../model';
import { providerModule } from '../providers/registry';
import { visibleName } from '../visible-name';

/** Enough of the fingerprint to tell two values apart at a glance, too little to mean anything alone. */
const FINGERPRINT_ID_LENGTH = 12;

/**
 * Every name here came from the provider (service, cluster, views, repository, parser, the IAM
 * user, its policies and what they reach): each is in its visible form, as the token's own name is
 * (visible-name.ts), so a direction mark or a control character cannot disguise it.
 */
export async function tokenDetail(record: TokenRecord, summary: TokenSummary, audit: AuditLog): Promise<TokenDetail> {
  const scope = record.scope;
  const history = (await audit.search({ tokenId: record.id, limit: 50 })).entries;
  const shown = (name: string | null | undefined): string | null => (typeof name === 'string' ? visibleName(name) : null);
  return {
    token: summary,
    permissions: (scope.permissions ?? []).map((name) => ({ name, label: visibleName(providerModule(record.provider).permissionLabel(name)) })),
    views: (scope.views ?? []).map(visibleName),
    service: shown(scope.service),
    cluster: shown(scope.cluster),
    iam: scope.iam ? visibleIam(scope.iam) : null,
    ingest: record.kind === 'ingest' && scope.repository ? { repository: visibleName(scope.repository), parser: shown(scope.parser) } : null,
    lastSyncedAt: record.lastSyncedAt,
    fingerprintId: record.fingerprint
      ? record.fingerprint.slice(0, FINGERPRINT_ID_LENGTH)
      : (history.find((e) => e.fingerprint)?.fingerprint?.slice(0, FINGERPRINT_ID_LENGTH) ?? null),
    history,
  };
}

function visibleIam(iam: IamPatScope): IamPatScope {
  return {
    ...iam,
    user: visibleName(iam.user),
    description: visibleName(iam.description),
    services: iam.services.map(visibleName),
    policies: iam.policies.map((p) => ({
      ...p,
      name: visibleName(p.name),
      actions: p.actions.map(visibleName),
      permissionsGroups: p.permissionsGroups.map(visibleName),
      services: p.services.map(visibleName),
    })),
  };
}
