/**
 * Writes: create, permission updates, rotate and delete. Create and rotate return a show-once
 * secret and make no request after it: keeping it is the caller's first step.
 */
import { AppError } from '../../errors';
import type { ClientContext } from './context';
import type { LogScaleOperation } from './documents';
import { expiryToEpochMs } from './expiry';
import { issuedTokenId, logScaleTokenId } from './token-shape';
import { unexpected, type Raw } from './parse';
import { checkCreateAgainstPolicy, checkPermissionUpdateAgainstPolicy } from './policy';
import { getTokenPolicies, type PolicyOption } from './token-policies';
import { getToken, readPersonal } from './token-reads';
import {
  PERMISSION_TOKEN_KINDS,
  type CreateTokenInput,
  type CreatedToken,
  type LogScaleToken,
  type PermissionTokenKind,
  type RotatedToken,
  type TokenKind,
  type TokenRef,
} from './types';
import { requireId, validateCreate, validatePermissions } from './validate';

const CREATE_OPERATION: Record<TokenKind, { operation: LogScaleOperation; field: string }> = {
  system: { operation: 'CreateSystemToken', field: 'createSystemPermissionsToken' },
  organization: { operation: 'CreateOrganizationToken', field: 'createOrganizationPermissionsToken' },
  view: { operation: 'CreateViewToken', field: 'createViewPermissionsToken' },
  personal: { operation: 'CreatePersonalToken', field: 'createPersonalUserToken' },
};

const UPDATE_OPERATION: Record<PermissionTokenKind, LogScaleOperation> = {
  system: 'UpdateSystemTokenPermissions',
  organization: 'UpdateOrganizationTokenPermissions',
  view: 'UpdateViewTokenPermissions',
};

// ------------------------------------------------------------------ create

/**
 * Creates a token and returns its show-once secret as soon as LogScale answers, with no further
 * request: the caller must put the secret somewhere safe before reading the token's details
 * (`getToken`, `getPersonalToken`), so a failed read can never cost the secret.
 */
export async function createToken(ctx: ClientContext, input: CreateTokenInput, options: PolicyOption = {}): Promise<CreatedToken> {
  const kind = input.kind;
  const variables = validateCreate(input);
  const now = ctx.now();
  const expireAt = expiryToEpochMs(input.expiry, now);
  let ipFilterId = input.ipFilterId ? requireId(input.ipFilterId, 'ipFilterId') : null;
  const policies = options.policies === undefined ? await getTokenPolicies(ctx) : options.policies;
  if (policies) ({ ipFilterId } = checkCreateAgainstPolicy(kind, { expireAt, ipFilterId }, policies[kind], now));

  // A personal token is one per user: creating one replaces the caller's current one, which may
  // be the very token we authenticate with.
  let previousPersonalId: string | null = null;
  if (kind === 'personal') previousPersonalId = (await readPersonal(ctx)).token?.id ?? null;
  const bearerId = logScaleTokenId(await ctx.transport.bearer());

  const { operation, field } = CREATE_OPERATION[kind];
  const what = kind === 'personal' ? 'create your personal token' : `create the ${kind} token "${variables.name as string}"`;
  const result = await ctx.transport.request<Raw>(operation, { ...variables, expireAt, ipFilterId }, what);
  const secret = result.data?.[field];
  if (typeof secret !== 'string' || secret === '') {
    if (result.errors.length) throw ctx.transport.graphqlError(result.errors, what, operation);
    throw unexpected(what, field);
  }
  // From here on the secret exists only in this process: nothing may throw before the caller has it.
  const created: CreatedToken = { kind, tokenId: issuedTokenId(secret), secret, name: kind === 'personal' ? null : (variables.name as string), expireAt, ipFilterId };
  if (kind === 'personal' && previousPersonalId !== null && previousPersonalId === bearerId) created.replacedOwnCredential = true;
  return created;
}

// ------------------------------------------------------------------ update permissions

export async function updatePermissions(
  ctx: ClientContext,
  kind: PermissionTokenKind,
  id: string,
  permissions: readonly string[],
  options: PolicyOption = {},
): Promise<LogScaleToken | null> {
  requireId(id, 'id');
  const checked = validatePermissions(kind, permissions);
  const policies = options.policies === undefined ? await getTokenPolicies(ctx) : options.policies;
  if (policies) checkPermissionUpdateAgainstPolicy(kind, policies[kind]);
  await ctx.transport.graphql(UPDATE_OPERATION[kind], { id, permissions: checked }, `change the permissions of ${kind} token ${id}`);
  return getToken(ctx, kind, id);
}

// ------------------------------------------------------------------ rotate

/**
 * Rotates a token: LogScale invalidates the old secret and returns a new `<id>~<secret>` with a
 * NEW id. One round trip (personal tokens: two; LogScale rotates them by the user's id, as
 * humio-operator and humio/cli do; whether PersonalUserToken.id equals the user id is unverified).
 */
export async function rotateToken(ctx: ClientContext, ref: TokenRef): Promise<RotatedToken> {
  let rotateId: string;
  let previousId: string;
  if (ref.kind === 'personal') {
    const personal = await readPersonal(ctx);
    if (!personal.token) throw new AppError('not-found', 'You have no personal token to rotate. Create one instead.');
    rotateId = personal.user.id;
    previousId = personal.token.id;
  } else {
    if (!PERMISSION_TOKEN_KINDS.includes(ref.kind)) throw new AppError('invalid-input', 'Unknown token kind.', { issues: ['kind: unknown'] });
    rotateId = requireId(ref.id, 'id');
    previousId = ref.id;
  }
  const bearerId = logScaleTokenId(await ctx.transport.bearer());
  const what = ref.kind === 'personal' ? 'rotate your personal token' : `rotate ${ref.kind} token ${previousId}`;
  const result = await ctx.transport.request<{ rotateToken: unknown }>('RotateToken', { id: rotateId }, what);
  const secret = result.data?.rotateToken;
  if (typeof secret !== 'string' || secret === '') {
    if (result.errors.length) throw ctx.transport.graphqlError(result.errors, what, 'RotateToken');
    throw unexpected(what, 'rotateToken');
  }
  const rotated: RotatedToken = { kind: ref.kind, previousId, tokenId: issuedTokenId(secret), secret };
  if (bearerId !== null && bearerId === previousId) rotated.replacedOwnCredential = true;
  return rotated;
}

// ------------------------------------------------------------------ delete

export async function deleteToken(ctx: ClientContext, ref: TokenRef): Promise<void> {
  let id: string;
  if (ref.kind === 'personal') {
    const personal = await readPersonal(ctx);
    if (!personal.token) throw new AppError('not-found', 'You have no personal token to delete.');
    id = personal.token.id;
  } else {
    id = requireId(ref.id, 'id');
  }
  const what = ref.kind === 'personal' ? 'delete your personal token' : `delete ${ref.kind} token ${id}`;
  const data = await ctx.transport.graphql<{ deleteToken: unknown }>('DeleteToken', { id }, what);
  if (data?.deleteToken !== true) {
    throw new AppError('not-found', `LogScale did not delete ${ref.kind} token ${id}: it answered that nothing was deleted. The token may already be gone; refresh the list.`, {
      provider: { provider: 'logscale', status: 200, path: 'deleteToken' },
    });
  }
}
