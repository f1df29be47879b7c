import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import {
  checkCreateAgainstPolicy,
  checkPermissionUpdateAgainstPolicy,
  parseTokenPolicies,
  policiesToUpdate,
  toTokenPoliciesInput,
  type TokenKindPolicy,
} from '../../../main/core/providers/logscale';

const NOW = 1_800_000_000_000;
const DAY = 86_400_000;
const open: TokenKindPolicy = { enabled: true, maxExpiryMs: null, forcedIpFilter: null, permissionUpdatesAllowed: false };

function reason(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return { code: (error as AppError).code, message: (error as AppError).message };
  }
  throw new Error('expected a policy refusal');
}

describe('LogScale token security policy checks (before sending)', () => {
  it('reads organization.configs.tokens into one policy per kind', () => {
    const policies = parseTokenPolicies({
      personalUserTokensEnabled: false,
      personalUserTokensEnforceExpirationAfterMs: null,
      personalUserTokensEnforceIpFilter: null,
      viewPermissionTokensEnabled: true,
      viewPermissionTokensEnforceExpirationAfterMs: 7 * DAY,
      viewPermissionTokensEnforceIpFilter: { id: 'f1', name: 'office', ipFilter: 'allow 10.0.0.0/8' },
      viewPermissionTokensAllowPermissionUpdates: true,
      organizationPermissionTokensEnabled: true,
      organizationPermissionTokensEnforceExpirationAfterMs: null,
      organizationPermissionTokensEnforceIpFilter: null,
      organizationPermissionTokensAllowPermissionUpdates: null,
      systemPermissionTokensEnabled: true,
      systemPermissionTokensEnforceExpirationAfterMs: null,
      systemPermissionTokensEnforceIpFilter: null,
      systemPermissionTokensAllowPermissionUpdates: false,
    });
    expect(policies).toEqual({
      personal: { enabled: false, maxExpiryMs: null, forcedIpFilter: null, permissionUpdatesAllowed: null },
      view: { enabled: true, maxExpiryMs: 7 * DAY, forcedIpFilter: { id: 'f1', name: 'office', ipFilter: 'allow 10.0.0.0/8' }, permissionUpdatesAllowed: true },
      organization: { enabled: true, maxExpiryMs: null, forcedIpFilter: null, permissionUpdatesAllowed: null },
      system: { enabled: true, maxExpiryMs: null, forcedIpFilter: null, permissionUpdatesAllowed: false },
    });
    // Round trip to the mutation input: every field explicit, required booleans never null.
    const input = toTokenPoliciesInput(policiesToUpdate(policies));
    expect(Object.keys(input)).toHaveLength(15);
    expect(input).toMatchObject({
      viewPermissionTokensEnforceIpFilterId: 'f1',
      organizationPermissionTokensAllowPermissionUpdates: false,
      personalUserTokensEnabled: false,
    });
  });

  it('refuses a disabled kind', () => {
    expect(reason(() => checkCreateAgainstPolicy('system', { expireAt: null, ipFilterId: null }, { ...open, enabled: false }, NOW))).toEqual({
      code: 'policy',
      message: "The organization's token security policy does not allow system tokens, so none can be created.",
    });
  });

  it('enforces the maximum expiry, and refuses "never" under one', () => {
    const policy = { ...open, maxExpiryMs: 30 * DAY };
    expect(checkCreateAgainstPolicy('view', { expireAt: NOW + 30 * DAY, ipFilterId: null }, policy, NOW)).toEqual({ ipFilterId: null });
    expect(reason(() => checkCreateAgainstPolicy('view', { expireAt: NOW + 30 * DAY + 1, ipFilterId: null }, policy, NOW)).message).toMatch(
      /limits view tokens to 30 days/,
    );
    expect(reason(() => checkCreateAgainstPolicy('view', { expireAt: null, ipFilterId: null }, policy, NOW)).message).toMatch(/expire within 30 days/);
    // Worded by the core's one duration formatter: every unit down to minutes, seconds below one.
    const limitOf = (maxExpiryMs: number) =>
      reason(() => checkCreateAgainstPolicy('system', { expireAt: null, ipFilterId: null }, { ...open, maxExpiryMs }, NOW)).message;
    expect(limitOf(DAY + 6 * 3_600_000 + 60_000)).toMatch(/expire within 1 day 6 hours 1 minute\./);
    expect(limitOf(45_000)).toMatch(/expire within 45 seconds\./);
  });

  it('fills in a forced IP filter and refuses another one', () => {
    const policy = { ...open, forcedIpFilter: { id: 'f1', name: 'office', ipFilter: 'allow 10.0.0.0/8' } };
    expect(checkCreateAgainstPolicy('organization', { expireAt: null, ipFilterId: null }, policy, NOW)).toEqual({ ipFilterId: 'f1' });
    expect(checkCreateAgainstPolicy('organization', { expireAt: null, ipFilterId: 'f1' }, policy, NOW)).toEqual({ ipFilterId: 'f1' });
    expect(reason(() => checkCreateAgainstPolicy('organization', { expireAt: null, ipFilterId: 'f2' }, policy, NOW)).message).toMatch(
      /forces the IP filter "office"/,
    );
  });

  it('refuses permission updates only when the policy says false', () => {
    expect(reason(() => checkPermissionUpdateAgainstPolicy('system', open)).code).toBe('policy');
    expect(() => checkPermissionUpdateAgainstPolicy('system', { ...open, permissionUpdatesAllowed: true })).not.toThrow();
    expect(() => checkPermissionUpdateAgainstPolicy('system', { ...open, permissionUpdatesAllowed: null })).not.toThrow();
  });
});
