/**
 * Permission enums of LogScale 1.204.0, in schema order. test/unit/logscale/permissions.test.ts
 * checks each list against the enum in the real schema (`SystemPermission`,
 * `OrganizationPermission`, `Permission`), so a schema update that adds or drops a value fails
 * the build instead of silently hiding a permission from the forms.
 */

export const SYSTEM_PERMISSIONS = [
  'ReadHealthCheck',
  'ViewOrganizations',
  'ManageOrganizations',
  'ImportOrganization',
  'DeleteOrganizations',
  'ChangeSystemPermissions',
  'ManageCluster',
  'IngestAcrossAllReposWithinCluster',
  'DeleteHumioOwnedRepositoryOrView',
  'ChangeUsername',
  'ChangeFeatureFlags',
  'ChangeSubdomains',
  'ListSubdomains',
  'PatchGlobal',
  'ChangeBucketStorage',
  'ManageOrganizationLinks',
] as const;

export const ORGANIZATION_PERMISSIONS = [
  'ExportOrganization',
  'ChangeOrganizationPermissions',
  'ChangeIdentityProviders',
  'CreateRepository',
  'ManageUsers',
  'ViewUsage',
  'ChangeOrganizationSettings',
  'ChangeIPFilters',
  'ChangeSessions',
  'ChangeAllViewOrRepositoryPermissions',
  'IngestAcrossAllReposWithinOrganization',
  'DeleteAllRepositories',
  'DeleteAllViews',
  'ViewAllInternalNotifications',
  'ChangeFleetManagement',
  'ViewFleetManagement',
  'ChangeTriggersToRunAsOtherUsers',
  'MonitorQueries',
  'BlockQueries',
  'ChangeSecurityPolicies',
  'ChangeExternalFunctions',
  'ChangeFieldAliases',
  'ManageViewConnections',
] as const;

/** The schema's `Permission` enum: view and repository permissions. */
export const VIEW_PERMISSIONS = [
  'ChangeUserAccess',
  'ChangeTriggers',
  'CreateTriggers',
  'UpdateTriggers',
  'DeleteTriggers',
  'ChangeActions',
  'CreateActions',
  'UpdateActions',
  'DeleteActions',
  'ChangeDashboards',
  'CreateDashboards',
  'UpdateDashboards',
  'DeleteDashboards',
  'ChangeDashboardReadonlyToken',
  'ChangeFiles',
  'CreateFiles',
  'UpdateFiles',
  'DeleteFiles',
  'ChangeInteractions',
  'ChangeParsers',
  'ChangeSavedQueries',
  'CreateSavedQueries',
  'UpdateSavedQueries',
  'DeleteSavedQueries',
  'ConnectView',
  'ChangeArchivingSettings',
  'ChangeDataDeletionPermissions',
  'ChangeRetention',
  'ChangeDefaultSearchSettings',
  'ChangeS3ArchivingSettings',
  'DeleteDataSources',
  'DeleteRepositoryOrView',
  'DeleteEvents',
  'ReadAccess',
  'ChangeIngestTokens',
  'ChangePackages',
  'ChangeViewOrRepositoryDescription',
  'ChangeConnections',
  'EventForwarding',
  'QueryDashboard',
  'ChangeViewOrRepositoryPermissions',
  'ChangeFdrFeeds',
  'OrganizationOwnedQueries',
  'ReadExternalFunctions',
  'ChangeIngestFeeds',
  'ChangeScheduledReports',
  'CreateScheduledReports',
  'UpdateScheduledReports',
  'DeleteScheduledReports',
] as const;

export type SystemPermission = (typeof SYSTEM_PERMISSIONS)[number];
export type OrganizationPermission = (typeof ORGANIZATION_PERMISSIONS)[number];
export type ViewPermission = (typeof VIEW_PERMISSIONS)[number];

export const PERMISSIONS_BY_KIND = {
  system: SYSTEM_PERMISSIONS,
  organization: ORGANIZATION_PERMISSIONS,
  view: VIEW_PERMISSIONS,
} as const;

/**
 * Umbrella view permissions and the specific ones LogScale reports back instead of them
 * (from humio-operator's hand-kept map; the list may be incomplete, which is
 * unverified beyond these six).
 */
export const VIEW_PERMISSION_UMBRELLAS: Readonly<Record<string, readonly ViewPermission[]>> = {
  ChangeTriggers: ['CreateTriggers', 'UpdateTriggers', 'DeleteTriggers'],
  ChangeActions: ['CreateActions', 'UpdateActions', 'DeleteActions'],
  ChangeDashboards: ['CreateDashboards', 'UpdateDashboards', 'DeleteDashboards'],
  ChangeFiles: ['CreateFiles', 'UpdateFiles', 'DeleteFiles'],
  ChangeSavedQueries: ['CreateSavedQueries', 'UpdateSavedQueries', 'DeleteSavedQueries'],
  ChangeScheduledReports: ['CreateScheduledReports', 'UpdateScheduledReports', 'DeleteScheduledReports'],
};

/** The permission LogScale adds to every view token. */
export const VIEW_TOKEN_IMPLICIT_PERMISSION: ViewPermission = 'OrganizationOwnedQueries';

/**
 * What the server is expected to store for a requested set of view-token permissions: umbrellas
 * replaced by their parts, `OrganizationOwnedQueries` added, duplicates removed, sorted. Used to
 * tell "the server normalised it" from "the server changed it" when comparing.
 */
export function expectedViewTokenPermissions(requested: readonly string[]): string[] {
  const out = new Set<string>();
  for (const permission of requested) {
    const parts = VIEW_PERMISSION_UMBRELLAS[permission];
    if (parts) for (const part of parts) out.add(part);
    else out.add(permission);
  }
  out.add(VIEW_TOKEN_IMPLICIT_PERMISSION);
  return [...out].sort();
}

const ACRONYMS: Record<string, string> = { Ip: 'IP', Ips: 'IPs', S3: 'S3', Fdr: 'FDR', Humio: 'Humio' };

export interface PermissionGroup {
  /** Heading for the form. */
  label: string;
  permissions: readonly string[];
}

/**
 * Grouping for the view-permission picker. The reference gives no grouping beyond the umbrella
 * map above, so: one group per umbrella (the umbrella first, then its parts), then "Other" with the
 * rest in schema order. System and organization permissions are shown as one flat list each.
 */
export const VIEW_PERMISSION_GROUPS: readonly PermissionGroup[] = (() => {
  const groups: PermissionGroup[] = [];
  const grouped = new Set<string>();
  for (const [umbrella, parts] of Object.entries(VIEW_PERMISSION_UMBRELLAS)) {
    const label = permissionLabel(umbrella).replace(/^Change /, '');
    groups.push({ label: label.charAt(0).toUpperCase() + label.slice(1), permissions: [umbrella, ...parts] });
    grouped.add(umbrella);
    for (const part of parts) grouped.add(part);
  }
  groups.push({ label: 'Other', permissions: VIEW_PERMISSIONS.filter((p) => !grouped.has(p)) });
  return groups;
})();

/** `ChangeIPFilters` → "Change IP filters", `IngestAcrossAllReposWithinCluster` → "Ingest across all repos within cluster". */
export function permissionLabel(permission: string): string {
  const words = permission
    .replace(/IPFilters/g, 'IpFilters')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ')
    .filter(Boolean);
  return words
    .map((word, index) => {
      const acronym = ACRONYMS[word];
      if (acronym) return acronym;
      return index === 0 ? word : word.toLowerCase();
    })
    .join(' ');
}

export function isPermissionOf(kind: keyof typeof PERMISSIONS_BY_KIND, permission: string): boolean {
  return (PERMISSIONS_BY_KIND[kind] as readonly string[]).includes(permission);
}
