/** Create / list / update / rotate / delete for system, organization and view tokens, over real HTTP. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectedViewTokenPermissions, policiesToUpdate, type CreateTokenInput, type PermissionTokenKind } from '../../../main/core/providers/logscale';
import { authenticates, DAY, failure, setup, T0, type Setup } from './helpers';

let s: Setup;
beforeEach(async () => {
  s = await setup();
});
afterEach(async () => s.close());

const cases: Array<{ kind: PermissionTokenKind; operation: string; permissions: string[]; update: string[]; typename: string }> = [
  {
    kind: 'system',
    operation: 'CreateSystemToken',
    permissions: ['ReadHealthCheck', 'ManageCluster'],
    update: ['ReadHealthCheck'],
    typename: 'SystemPermissionToken',
  },
  {
    kind: 'organization',
    operation: 'CreateOrganizationToken',
    permissions: ['ViewUsage'],
    update: ['ViewUsage', 'ManageUsers'],
    typename: 'OrganizationPermissionToken',
  },
  { kind: 'view', operation: 'CreateViewToken', permissions: ['ReadAccess'], update: ['ReadAccess', 'ChangeDashboards'], typename: 'ViewPermissionToken' },
];

function input(kind: PermissionTokenKind, name: string, permissions: string[], viewId: string): CreateTokenInput {
  const expiry = { kind: 'duration', amount: 2, unit: 'days' } as const;
  if (kind === 'view') return { kind, name, permissions: permissions as never, viewIds: [viewId], expiry };
  return { kind, name, permissions: permissions as never, expiry } as CreateTokenInput;
}

describe.each(cases)('LogScale $kind tokens', ({ kind, operation, permissions, update, typename }) => {
  const viewId = () => s.emulator.searchDomains[0]!.id;
  const stored = (p: string[]) => (kind === 'view' ? expectedViewTokenPermissions(p) : p);

  it('creates a token: sends name, permissions and expiry in epoch ms, returns the secret once', async () => {
    const created = await s.client.tokens.create(input(kind, 'ci-pipeline', permissions, viewId()));
    // The secret comes back as soon as LogScale answers: no request after the create (show-once).
    expect(s.emulator.requests.map((r) => r.operationName)).toEqual(['TokenPolicies', operation]);
    expect(created).toMatchObject({ kind, name: 'ci-pipeline', expireAt: T0 + 2 * DAY, ipFilterId: null });

    const [sent] = s.emulator.operations(operation);
    expect(sent?.variables).toEqual({
      name: 'ci-pipeline',
      permissions,
      expireAt: T0 + 2 * DAY,
      ipFilterId: null,
      ...(kind === 'view' ? { viewIds: [viewId()] } : {}),
    });
    expect(created.secret.startsWith(`${created.tokenId}~`)).toBe(true);
    const token = await s.client.tokens.get(kind, created.tokenId);
    expect(token).toMatchObject({
      kind,
      id: created.tokenId,
      name: 'ci-pipeline',
      createdAt: T0,
      expireAt: T0 + 2 * DAY,
      ipFilter: null,
      permissions: stored(permissions),
    });
    if (kind === 'view') expect(token?.views).toEqual([{ id: viewId(), name: 'humio-audit', type: 'View' }]);
    // The new token works against the server; nothing returns its secret later.
    expect(await authenticates(s, created.secret)).toBe(true);
    const listed = (await s.client.tokens.list()).tokens.find((t) => t.id === created.tokenId);
    expect(listed).toEqual(token);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
  });

  it('lists with a type filter on __typename', async () => {
    const created = await s.client.tokens.create(input(kind, 'mine', permissions, viewId()));
    const other = await s.client.tokens.create(
      input(kind === 'system' ? 'organization' : 'system', 'other', kind === 'system' ? ['ViewUsage'] : ['ReadHealthCheck'], viewId()),
    );
    const only = await s.client.tokens.list({ kinds: [kind] });
    expect(only.tokens.map((t) => t.id)).toEqual([created.tokenId]);
    expect(only.tokens.every((t) => t.kind === kind)).toBe(true);
    expect(s.emulator.operations('ListTokens').at(-1)?.variables.types).toEqual([typename]);
    const all = await s.client.tokens.list();
    expect(all.tokens.map((t) => t.id).sort()).toEqual([created.tokenId, other.tokenId].sort());
  });

  it('updates permissions once the policy allows it', async () => {
    const created = await s.client.tokens.create(input(kind, 'to-update', permissions, viewId()));
    const policies = (await s.client.policies.read())!;
    const allow = policiesToUpdate(policies);
    allow[kind].permissionUpdatesAllowed = true;
    await s.client.policies.replace(allow);

    const updated = await s.client.tokens.updatePermissions(kind, created.tokenId, update);
    const [sent] = s.emulator.operations(operation.replace('Create', 'Update') + 'Permissions');
    expect(sent?.variables).toEqual({ id: created.tokenId, permissions: update });
    expect(updated).toMatchObject({ id: created.tokenId, permissions: stored(update) });
  });

  it('rotates: new id and new secret, the old one is rejected', async () => {
    const created = await s.client.tokens.create(input(kind, 'to-rotate', permissions, viewId()));
    s.emulator.clearRequests();
    const rotated = await s.client.tokens.rotate({ kind, id: created.tokenId });

    expect(s.emulator.requests.map((r) => r.operationName)).toEqual(['RotateToken']); // one round trip
    expect(s.emulator.requests[0]?.variables).toEqual({ id: created.tokenId });
    expect(rotated.previousId).toBe(created.tokenId);
    expect(rotated.tokenId).not.toBe(created.tokenId);
    expect(rotated.secret.startsWith(`${rotated.tokenId}~`)).toBe(true);
    expect(await authenticates(s, created.secret)).toBe(false);
    expect(await authenticates(s, rotated.secret)).toBe(true);
    const ids = (await s.client.tokens.list({ kinds: [kind] })).tokens.map((t) => [t.id, t.name]);
    expect(ids).toEqual([[rotated.tokenId, 'to-rotate']]);
  });

  it('deletes: gone from the list, and the revoked token is rejected', async () => {
    const created = await s.client.tokens.create(input(kind, 'to-delete', permissions, viewId()));
    expect(await authenticates(s, created.secret)).toBe(true);
    await s.client.tokens.delete({ kind, id: created.tokenId });
    expect(s.emulator.operations('DeleteToken')[0]?.variables).toEqual({ id: created.tokenId });
    expect((await s.client.tokens.list()).tokens).toEqual([]);
    expect(await s.client.tokens.get(kind, created.tokenId)).toBeNull();
    expect(await authenticates(s, created.secret)).toBe(false);
    // Deleting again is a clear not-found, never a silent success.
    expect((await failure(s.client.tokens.delete({ kind, id: created.tokenId }))).code).toBe('not-found');
  });
});

describe('LogScale create input checks (nothing is sent)', () => {
  it('refuses unknown permissions, empty names and missing views', async () => {
    const bad = [
      { kind: 'system', name: 'x', permissions: ['ReadAccess'], expiry: { kind: 'never' } },
      { kind: 'organization', name: '  ', permissions: ['ViewUsage'], expiry: { kind: 'never' } },
      { kind: 'view', name: 'x', permissions: ['ReadAccess'], viewIds: [], expiry: { kind: 'never' } },
      { kind: 'system', name: 'x', permissions: [], expiry: { kind: 'never' } },
      { kind: 'system', name: 'x', permissions: ['ReadHealthCheck'], expiry: { kind: 'date', at: T0 - 1 } },
    ] as unknown as CreateTokenInput[];
    for (const input of bad) expect((await failure(s.client.tokens.create(input))).code).toBe('invalid-input');
    expect(s.emulator.requests).toEqual([]);
  });

  it('normalises view-token permissions on the server (umbrellas expanded, OrganizationOwnedQueries added)', async () => {
    const created = await s.client.tokens.create({
      kind: 'view',
      name: 'dash',
      viewIds: [s.emulator.searchDomains[0]!.id, s.emulator.searchDomains[1]!.id],
      permissions: ['ChangeDashboards', 'ReadAccess'],
      expiry: { kind: 'never' },
    });
    const token = await s.client.tokens.get('view', created.tokenId);
    expect(token?.permissions).toEqual(['CreateDashboards', 'DeleteDashboards', 'OrganizationOwnedQueries', 'ReadAccess', 'UpdateDashboards']);
    expect(token?.views.map((v) => v.type)).toEqual(['View', 'Repository']);
    expect(token?.expireAt).toBeNull();
  });

  it('lists the views and repositories a view token can target', async () => {
    expect((await s.client.views.list()).map((d) => [d.name, d.type])).toEqual([
      ['humio-audit', 'View'],
      ['sandbox', 'Repository'],
      ['web', 'View'],
    ]);
  });
});
