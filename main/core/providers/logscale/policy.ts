/**
 * Token security policies (`organization.configs.tokens`, reference §5): reading them into one
 * shape per kind, and refusing, before anything is sent, a create or update the policy forbids.
 * The server enforces the same rules; its own refusal still surfaces as a provider error.
 */
import { AppError } from '../../errors';
import { describeDuration } from '../../durations';
import type { IpFilter, PermissionTokenKind, TokenKind, TokenKindPolicy, TokenPolicies, TokenPoliciesUpdate } from './types';

const KIND_LABEL: Record<TokenKind, string> = {
  system: 'system',
  organization: 'organization',
  view: 'view',
  personal: 'personal',
};

/** Field-name prefix of each kind in `TokenSecurityPolicies` / `TokenSecurityPoliciesInput`. */
export const POLICY_PREFIX: Record<TokenKind, string> = {
  personal: 'personalUserTokens',
  view: 'viewPermissionTokens',
  organization: 'organizationPermissionTokens',
  system: 'systemPermissionTokens',
};

type Raw = Record<string, unknown>;

function readFilter(value: unknown): IpFilter | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Raw;
  if (typeof v.id !== 'string') return null;
  return { id: v.id, name: typeof v.name === 'string' ? v.name : '', ipFilter: typeof v.ipFilter === 'string' ? v.ipFilter : '' };
}

/** From the GraphQL `TokenSecurityPolicies` object to one policy per kind. */
export function parseTokenPolicies(raw: Raw): TokenPolicies {
  const read = (kind: TokenKind): TokenKindPolicy => {
    const p = POLICY_PREFIX[kind];
    const max = raw[`${p}EnforceExpirationAfterMs`];
    const updates = raw[`${p}AllowPermissionUpdates`];
    return {
      enabled: raw[`${p}Enabled`] === true,
      maxExpiryMs: typeof max === 'number' ? max : null,
      forcedIpFilter: readFilter(raw[`${p}EnforceIpFilter`]),
      permissionUpdatesAllowed: kind === 'personal' ? null : typeof updates === 'boolean' ? updates : null,
    };
  };
  return { system: read('system'), organization: read('organization'), view: read('view'), personal: read('personal') };
}

/**
 * To `TokenSecurityPoliciesInput`, every field explicit: the mutation replaces the whole policy and
 * whether an omitted optional field means "clear" or "keep" is unverified.
 */
export function toTokenPoliciesInput(update: TokenPoliciesUpdate): Record<string, boolean | number | string | null> {
  const input: Record<string, boolean | number | string | null> = {};
  for (const kind of ['personal', 'view', 'organization', 'system'] as const) {
    const p = POLICY_PREFIX[kind];
    const u = update[kind];
    input[`${p}Enabled`] = u.enabled;
    input[`${p}EnforceExpirationAfterMs`] = u.maxExpiryMs;
    input[`${p}EnforceIpFilterId`] = u.forcedIpFilterId;
    if (kind !== 'personal') input[`${p}AllowPermissionUpdates`] = u.permissionUpdatesAllowed ?? false;
  }
  return input;
}

/** The current policies as an update input, to change one field and send the rest unchanged. */
export function policiesToUpdate(policies: TokenPolicies): TokenPoliciesUpdate {
  const one = (kind: TokenKind) => {
    const p = policies[kind];
    return {
      enabled: p.enabled,
      maxExpiryMs: p.maxExpiryMs,
      forcedIpFilterId: p.forcedIpFilter?.id ?? null,
      ...(kind === 'personal' ? {} : { permissionUpdatesAllowed: p.permissionUpdatesAllowed ?? false }),
    };
  };
  return { system: one('system'), organization: one('organization'), view: one('view'), personal: one('personal') };
}

/**
 * Checks a create against the policy of its kind. Returns the IP filter id to send: the forced one
 * when the form left it empty (the server applies it anyway; sending it keeps the request and the
 * resulting token honest about it). Throws AppError('policy') with the reason otherwise.
 */
export function checkCreateAgainstPolicy(
  kind: TokenKind,
  request: { expireAt: number | null; ipFilterId: string | null },
  policy: TokenKindPolicy,
  now: number,
): { ipFilterId: string | null } {
  const label = KIND_LABEL[kind];
  if (!policy.enabled) {
    throw new AppError('policy', `The organization's token security policy does not allow ${label} tokens, so none can be created.`);
  }
  if (policy.maxExpiryMs !== null) {
    const max = describeDuration(policy.maxExpiryMs);
    // Unverified whether the server fills in an expiry when none is given under an enforced
    // maximum; refusing here is the careful choice (the user picks an expiry within the limit).
    if (request.expireAt === null) {
      throw new AppError('policy', `The organization's token security policy requires ${label} tokens to expire within ${max}. Choose an expiry.`);
    }
    if (request.expireAt - now > policy.maxExpiryMs) {
      throw new AppError('policy', `The organization's token security policy limits ${label} tokens to ${max}. Choose an earlier expiry.`);
    }
  }
  const forced = policy.forcedIpFilter;
  if (forced) {
    if (request.ipFilterId && request.ipFilterId !== forced.id) {
      throw new AppError(
        'policy',
        `The organization's token security policy forces the IP filter "${forced.name || forced.id}" on ${label} tokens; another IP filter cannot be chosen.`,
      );
    }
    return { ipFilterId: forced.id };
  }
  return { ipFilterId: request.ipFilterId };
}

/**
 * Refuses a permission update the policy forbids. Only an explicit `false` refuses: the field is
 * nullable on read and a null is left for the server to decide (its refusal still surfaces).
 */
export function checkPermissionUpdateAgainstPolicy(kind: PermissionTokenKind, policy: TokenKindPolicy): void {
  if (policy.permissionUpdatesAllowed === false) {
    throw new AppError(
      'policy',
      `The organization's token security policy does not allow changing the permissions of existing ${KIND_LABEL[kind]} tokens. Create a new token instead, or ask an admin to allow permission updates.`,
    );
  }
}
