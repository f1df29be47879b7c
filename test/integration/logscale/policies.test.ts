/** Token security policies: read, refuse before sending, and the server's own refusal and retroactive effects. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { policiesToUpdate, type TokenPolicies, type TokenPoliciesUpdate } from '../../../main/core/providers/logscale';
import { DAY, failure, setup, T0, type Setup } from './helpers';

let s: Setup;
let defaults: TokenPolicies;
beforeEach(async () => {
  s = await setup();
  defaults = (await s.client.policies.read())!;
  s.emulator.clearRequests();
});
afterEach(async () => s.close());

const change = (policies: TokenPolicies, edit: (u: TokenPoliciesUpdate) => void): TokenPoliciesUpdate => {
  const update = policiesToUpdate(policies);
  edit(update);
  return update;
};
const system = (name: string, expiry: { kind: 'never' } | { kind: 'duration'; amount: number; unit: 'days' } = { kind: 'never' }) =>
  ({ kind: 'system', name, permissions: ['ReadHealthCheck'], expiry }) as const;

describe('LogScale token security policies', () => {
  it('reads organization.configs.tokens: every kind enabled, permission updates off by default', () => {
    const open = { enabled: true, maxExpiryMs: null, forcedIpFilter: null };
    expect(defaults).toEqual({
      system: { ...open, permissionUpdatesAllowed: false },
      organization: { ...open, permissionUpdatesAllowed: false },
      view: { ...open, permissionUpdatesAllowed: false },
      personal: { ...open, permissionUpdatesAllowed: null },
    });
  });

  it('sends every policy field explicitly when changing them', async () => {
    await s.client.policies.replace(change(defaults, (u) => (u.view.maxExpiryMs = 7 * DAY)));
    const input = s.emulator.operations('UpdateTokenPolicies')[0]?.variables.input as Record<string, unknown>;
    expect(Object.keys(input).sort()).toHaveLength(15);
    expect(input).toMatchObject({
      viewPermissionTokensEnforceExpirationAfterMs: 7 * DAY,
      systemPermissionTokensEnforceIpFilterId: null,
      systemPermissionTokensAllowPermissionUpdates: false,
    });
  });

  it('refuses a create for a disabled kind before sending, and the server deleted existing ones', async () => {
    s.emulator.seedTokens(3, { kind: 'system' });
    const after = await s.client.policies.replace(change(defaults, (u) => (u.system.enabled = false)));
    expect(after?.system.enabled).toBe(false);
    expect((await s.client.tokens.list({ kinds: ['system'] })).tokens).toEqual([]);

    const error = await failure(s.client.tokens.create(system('blocked')));
    expect(error.toPayload()).toEqual({
      code: 'policy',
      message: "The organization's token security policy does not allow system tokens, so none can be created.",
    });
    expect(s.emulator.operations('CreateSystemToken')).toEqual([]);

    // With stale policies the client sends it, and the server's own refusal comes back clearly.
    const server = await failure(s.client.tokens.create(system('blocked'), { policies: defaults }));
    expect(server.code).toBe('forbidden');
    expect(server.provider).toMatchObject({
      status: 200,
      path: 'createSystemPermissionsToken',
      message: "System permission tokens are disabled by the organization's token security policy",
    });
  });

  it('enforces the maximum expiry before sending; the server pulls existing tokens in', async () => {
    const forever = await s.client.tokens.create(system('forever'), { policies: defaults });
    await s.client.policies.replace(change(defaults, (u) => (u.system.maxExpiryMs = 7 * DAY)));
    expect((await s.client.tokens.get('system', forever.tokenId))?.expireAt).toBe(T0 + 7 * DAY);
    s.emulator.clearRequests();

    const tooLong = await failure(s.client.tokens.create(system('long', { kind: 'duration', amount: 8, unit: 'days' })));
    expect(tooLong.toPayload()).toEqual({
      code: 'policy',
      message: "The organization's token security policy limits system tokens to 7 days. Choose an earlier expiry.",
    });
    const never = await failure(s.client.tokens.create(system('never')));
    expect(never.message).toBe("The organization's token security policy requires system tokens to expire within 7 days. Choose an expiry.");
    expect(s.emulator.operations('CreateSystemToken')).toEqual([]);

    const ok = await s.client.tokens.create(system('week', { kind: 'duration', amount: 7, unit: 'days' }));
    expect((await s.client.tokens.get('system', ok.tokenId))?.expireAt).toBe(T0 + 7 * DAY);

    const server = await failure(s.client.tokens.create(system('long', { kind: 'duration', amount: 8, unit: 'days' }), { policies: defaults }));
    expect(server.code).toBe('forbidden');
    expect(server.provider?.message).toMatch(/requires system permission tokens to expire within/);
  });

  it('applies a forced IP filter: filled in on create, another one refused, written onto existing tokens', async () => {
    const existing = await s.client.tokens.create(
      { kind: 'organization', name: 'old', permissions: ['ViewUsage'], expiry: { kind: 'never' } },
      { policies: defaults },
    );
    const office = await s.client.ipFilters.create({ name: 'office', ipFilter: 'allow 127.0.0.1' });
    const other = await s.client.ipFilters.create({ name: 'elsewhere', ipFilter: 'allow 10.0.0.0/8' });
    const policies = await s.client.policies.replace(change(defaults, (u) => (u.organization.forcedIpFilterId = office.id)));
    expect(policies?.organization.forcedIpFilter).toEqual(office);
    expect((await s.client.tokens.get('organization', existing.tokenId))?.ipFilter).toEqual(office);

    const created = await s.client.tokens.create({ kind: 'organization', name: 'new', permissions: ['ViewUsage'], expiry: { kind: 'never' } });
    expect(s.emulator.operations('CreateOrganizationToken').at(-1)?.variables.ipFilterId).toBe(office.id);
    expect(created.ipFilterId).toBe(office.id);
    expect((await s.client.tokens.get('organization', created.tokenId))?.ipFilter).toEqual(office);

    const refused = await failure(
      s.client.tokens.create({ kind: 'organization', name: 'x', permissions: ['ViewUsage'], expiry: { kind: 'never' }, ipFilterId: other.id }),
    );
    expect(refused.toPayload()).toEqual({
      code: 'policy',
      message: `The organization's token security policy forces the IP filter "office" on organization tokens; another IP filter cannot be chosen.`,
    });
  });

  it('refuses permission updates before sending while the policy has them off (the default)', async () => {
    const token = await s.client.tokens.create({
      kind: 'view',
      name: 'v',
      viewIds: [s.emulator.searchDomains[0]!.id],
      permissions: ['ReadAccess'],
      expiry: { kind: 'never' },
    });
    const error = await failure(s.client.tokens.updatePermissions('view', token.tokenId, ['ReadAccess', 'ChangeFiles']));
    expect(error.code).toBe('policy');
    expect(error.message).toMatch(/does not allow changing the permissions of existing view tokens/);
    expect(s.emulator.operations('UpdateViewTokenPermissions')).toEqual([]);

    // A client holding wrong policies still gets the server's refusal, and nothing changes.
    const permissive = { ...defaults, view: { ...defaults.view, permissionUpdatesAllowed: true } };
    const server = await failure(s.client.tokens.updatePermissions('view', token.tokenId, ['ReadAccess', 'ChangeFiles'], { policies: permissive }));
    expect(server.code).toBe('forbidden');
    expect(server.provider?.message).toBe("Permission updates on view permission tokens are not allowed by the organization's token security policy");
    expect((await s.client.tokens.get('view', token.tokenId))?.permissions).toEqual(['OrganizationOwnedQueries', 'ReadAccess']);
  });
});
