import { buildSchema, GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  ORGANIZATION_PERMISSIONS,
  SYSTEM_PERMISSIONS,
  VIEW_PERMISSION_GROUPS,
  VIEW_PERMISSION_UMBRELLAS,
  VIEW_PERMISSIONS,
  expectedViewTokenPermissions,
  isPermissionOf,
  permissionLabel,
} from '../../../main/core/providers/logscale';
import { logScaleSchemaText } from '../../emulators/logscale/schema';

const schema = buildSchema(logScaleSchemaText());
const enumValues = (name: string): string[] => {
  const type = schema.getType(name);
  if (!(type instanceof GraphQLEnumType)) throw new Error(`${name} is not an enum in the schema`);
  return type.getValues().map((v) => v.name);
};

describe('LogScale permission lists', () => {
  it('match the schema enums exactly, in schema order', () => {
    expect([...SYSTEM_PERMISSIONS]).toEqual(enumValues('SystemPermission'));
    expect([...ORGANIZATION_PERMISSIONS]).toEqual(enumValues('OrganizationPermission'));
    expect([...VIEW_PERMISSIONS]).toEqual(enumValues('Permission'));
  });

  it('groups every view permission exactly once for the form', () => {
    const grouped = VIEW_PERMISSION_GROUPS.flatMap((g) => g.permissions);
    expect([...grouped].sort()).toEqual([...VIEW_PERMISSIONS].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(VIEW_PERMISSION_GROUPS.find((g) => g.label === 'Dashboards')?.permissions).toEqual([
      'ChangeDashboards',
      'CreateDashboards',
      'UpdateDashboards',
      'DeleteDashboards',
    ]);
    for (const parts of Object.values(VIEW_PERMISSION_UMBRELLAS)) for (const p of parts) expect(isPermissionOf('view', p)).toBe(true);
  });

  it('predicts the server normalisation of view-token permissions', () => {
    expect(expectedViewTokenPermissions(['ChangeFiles', 'ReadAccess', 'ReadAccess'])).toEqual([
      'CreateFiles',
      'DeleteFiles',
      'OrganizationOwnedQueries',
      'ReadAccess',
      'UpdateFiles',
    ]);
  });

  it('labels permissions for people', () => {
    expect(permissionLabel('ChangeIPFilters')).toBe('Change IP filters');
    expect(permissionLabel('IngestAcrossAllReposWithinCluster')).toBe('Ingest across all repos within cluster');
    expect(permissionLabel('ChangeS3ArchivingSettings')).toBe('Change S3 archiving settings');
    expect(permissionLabel('ReadHealthCheck')).toBe('Read health check');
  });

  it('tells which kind a permission belongs to', () => {
    expect(isPermissionOf('system', 'ManageCluster')).toBe(true);
    expect(isPermissionOf('organization', 'ManageCluster')).toBe(false);
    expect(isPermissionOf('view', 'ReadAccess')).toBe(true);
  });
});
