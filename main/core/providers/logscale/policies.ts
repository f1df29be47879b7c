/**
 * The organization's token security policies (`organization.configs.tokens`) and the expiry rules
 * they enforce: reading and replacing them, turning a form's expiry into LogScale's `expireAt`, and
 * refusing, before anything is sent, a create or permission update the policy forbids. The server
 * enforces the same rules; its own refusal still surfaces as a provider error.
 *
 * What a policy does once changed (the server's side): disabling a kind deletes its tokens, a
 * forced IP filter is written onto existing tokens, and expiries beyond a new maximum are pulled in.
 */
import { AppError } from '../../errors';
import { describeDuration } from '../../durations';
import type { LogScaleTransport } from './transport';
import {
  toIpFilterOrNull,
  unexpected,
  type DurationUnit,
  type ExpirySpec,
  type PermissionTokenKind,
  type Raw,
  type LogScaleTokenKind,
  type TokenKindPolicy,
  type TokenPolicies,
  type TokenPoliciesUpdate,
} from './objects';

export interface PolicyOption {
  /**
   * Policies the caller already holds (e.g. the form's). undefined: read them first (one round
   * trip). null: none known (the server does not expose them); the server alone decides.
   */
  policies?: TokenPolicies | null;
}

/** Reads and replaces the policies over GraphQL. */
export class LogScalePolicies {
  constructor(private readonly transport: LogScaleTransport) {}

  /** The policies per kind; null when the server does not expose them (`configs.tokens` is nullable). */
  async read(): Promise<TokenPolicies | null> {
    const what = 'read the token security policies';
    const data = await this.transport.graphql<{ organization: Raw }>('TokenPolicies', undefined, what);
    return readPolicies(data?.organization, what);
  }

  /**
   * Replaces the policies, every field sent (`policiesToUpdate(current)` gives a starting point).
   * The server then deletes tokens of disabled kinds, pulls in expiries beyond a new maximum and
   * writes a forced IP filter onto existing tokens.
   */
  async replace(update: TokenPoliciesUpdate): Promise<TokenPolicies | null> {
    const what = 'change the token security policies';
    const data = await this.transport.graphql<{ updateTokenSecurityPolicies: Raw }>('UpdateTokenPolicies', { input: toTokenPoliciesInput(update) }, what);
    return readPolicies(data?.updateTokenSecurityPolicies, what);
  }

  /** What `options` says, or the policies read now. */
  async resolve(options: PolicyOption): Promise<TokenPolicies | null> {
    return options.policies === undefined ? this.read() : options.policies;
  }
}

// ------------------------------------------------------------------ reading and writing

/** Field-name prefix of each kind in `TokenSecurityPolicies` / `TokenSecurityPoliciesInput`. */
const POLICY_PREFIX: Record<LogScaleTokenKind, string> = {
  personal: 'personalUserTokens',
  view: 'viewPermissionTokens',
  organization: 'organizationPermissionTokens',
  system: 'systemPermissionTokens',
};

function readPolicies(organization: Raw | undefined, what: string): TokenPolicies | null {
  if (!organization || typeof organization !== 'object') throw unexpected(what, 'organization');
  const configs = organization.configs as Raw | undefined;
  if (!configs || typeof configs !== 'object') throw unexpected(what, 'configs');
  const tokens = configs.tokens;
  if (tokens === null || tokens === undefined) return null;
  return parseTokenPolicies(tokens as Raw);
}

/** From the GraphQL `TokenSecurityPolicies` object to one policy per kind. */
export function parseTokenPolicies(raw: Raw): TokenPolicies {
  const read = (kind: LogScaleTokenKind): TokenKindPolicy => {
    const p = POLICY_PREFIX[kind];
    const max = raw[`${p}EnforceExpirationAfterMs`];
    const updates = raw[`${p}AllowPermissionUpdates`];
    return {
      enabled: raw[`${p}Enabled`] === true,
      maxExpiryMs: typeof max === 'number' ? max : null,
      forcedIpFilter: toIpFilterOrNull(raw[`${p}EnforceIpFilter`]),
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
  const one = (kind: LogScaleTokenKind) => {
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

// ------------------------------------------------------------------ checks before sending

/**
 * Checks a create against the policy of its kind. Returns the IP filter id to send: the forced one
 * when the form left it empty (the server applies it anyway; sending it keeps the request and the
 * resulting token honest about it). Throws AppError('policy') with the reason otherwise.
 */
export function checkCreateAgainstPolicy(
  kind: LogScaleTokenKind,
  request: { expireAt: number | null; ipFilterId: string | null },
  policy: TokenKindPolicy,
  now: number,
): { ipFilterId: string | null } {
  if (!policy.enabled) {
    throw new AppError('policy', `The organization's token security policy does not allow ${kind} tokens, so none can be created.`);
  }
  if (policy.maxExpiryMs !== null) {
    const max = describeDuration(policy.maxExpiryMs);
    // Unverified whether the server fills in an expiry when none is given under an enforced
    // maximum; refusing here is the careful choice (the user picks an expiry within the limit).
    if (request.expireAt === null) {
      throw new AppError('policy', `The organization's token security policy requires ${kind} tokens to expire within ${max}. Choose an expiry.`);
    }
    if (request.expireAt - now > policy.maxExpiryMs) {
      throw new AppError('policy', `The organization's token security policy limits ${kind} tokens to ${max}. Choose an earlier expiry.`);
    }
  }
  const forced = policy.forcedIpFilter;
  if (forced) {
    if (request.ipFilterId && request.ipFilterId !== forced.id) {
      throw new AppError(
        'policy',
        `The organization's token security policy forces the IP filter "${forced.name || forced.id}" on ${kind} tokens; another IP filter cannot be chosen.`,
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
      `The organization's token security policy does not allow changing the permissions of existing ${kind} tokens. Create a new token instead, or ask an admin to allow permission updates.`,
    );
  }
}

// ------------------------------------------------------------------ expiry

/*
 * LogScale's `expireAt` is epoch milliseconds; null means never. A day is 24 h of
 * wall-clock-independent milliseconds: epoch time has no DST.
 */
export const DURATION_UNIT_MS: Readonly<Record<DurationUnit, number>> = {
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

/** Turns a form's expiry into the `expireAt` to send, using `now` (epoch ms) from the injected clock. */
export function expiryToEpochMs(spec: ExpirySpec, now: number): number | null {
  switch (spec.kind) {
    case 'never':
      return null;
    case 'duration': {
      const unitMs = DURATION_UNIT_MS[spec.unit];
      if (unitMs === undefined) {
        throw new AppError('invalid-input', 'The expiry unit must be minutes, hours or days.', { issues: ['expiry.unit: must be minutes, hours or days'] });
      }
      if (typeof spec.amount !== 'number' || !Number.isFinite(spec.amount) || spec.amount <= 0) {
        throw new AppError('invalid-input', 'The expiry must be a positive number of minutes, hours or days.', {
          issues: ['expiry.amount: must be a positive number'],
        });
      }
      const at = now + Math.round(spec.amount * unitMs);
      if (!Number.isSafeInteger(at)) {
        throw new AppError('invalid-input', 'The expiry is too far in the future.', { issues: ['expiry.amount: too large'] });
      }
      return at;
    }
    case 'date': {
      const at = toEpochMs(spec.at);
      if (at === null) {
        throw new AppError('invalid-input', 'The expiry date is not a valid date.', { issues: ['expiry.at: not a valid date'] });
      }
      if (at <= now) {
        throw new AppError('invalid-input', 'The expiry date must be in the future.', { issues: ['expiry.at: must be in the future'] });
      }
      return at;
    }
    default:
      throw new AppError('invalid-input', 'The expiry must be never, a duration or a date.', { issues: ['expiry.kind: must be never, duration or date'] });
  }
}

function toEpochMs(value: Date | number | string): number | null {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) && Number.isSafeInteger(Math.round(ms)) ? Math.round(ms) : null;
}
