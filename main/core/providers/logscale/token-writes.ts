/**
 * Writes: create, permission updates, rotate and delete. Create and rotate return a show-once
 * secret; the `...AndStore` variants hand it to the vault before anything else can fail.
 */
import { AppError } from '../../errors';
import type { ErrorPayload } from '../../model';
import type { ClientContext } from './context';
import type { LogScaleOperation } from './documents';
import { expiryToEpochMs } from './expiry';
import { issuedTokenId, logScaleTokenId } from './token-shape';
import { unexpected, type Raw } from './parse';
import { checkCreateAgainstPolicy, checkPermissionUpdateAgainstPolicy } from './policy';
import { storeSecretOnce } from './show-once';
import { getTokenPolicies, type PolicyOption } from './token-policies';
import { getToken, readPersonal } from './token-reads';
import {
  PERMISSION_TOKEN_KINDS,
  type CreateTokenInput,
  type CreatedToken,
  type LogScaleToken,
  type PermissionTokenKind,
  type RotatedToken,
  type SecretVault,
  type ShowOnce,
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

export function createToken(ctx: ClientContext, input: CreateTokenInput, options: PolicyOption = {}): Promise<CreatedToken> {
  return create(ctx, input, options, async () => undefined).then(({ created }) => created);
}

export async function createTokenAndStore(ctx: ClientContext, input: CreateTokenInput, vault: SecretVault, options: PolicyOption = {}): Promise<ShowOnce<CreatedToken>> {
  const { created, extra } = await create(ctx, input, options, (info, secret) => storeSecretOnce(vault, info, secret));
  return { ...created, ...extra };
}

async function create<X>(
  ctx: ClientContext,
  input: CreateTokenInput,
  options: PolicyOption,
  onSecret: (info: { kind: TokenKind; tokenId: string; name: string | null }, secret: string) => Promise<X>,
): Promise<{ created: CreatedToken; extra: X }> {
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
  const tokenId = issuedTokenId(secret);
  const name = kind === 'personal' ? null : (variables.name as string);
  const extra = await onSecret({ kind, tokenId, name }, secret);
  const replacedOwnCredential = kind === 'personal' && previousPersonalId !== null && previousPersonalId === bearerId;

  let token: LogScaleToken | null = null;
  let metadataError: ErrorPayload | undefined;
  try {
    if (kind === 'personal') token = (await readPersonal(ctx, replacedOwnCredential ? secret : undefined)).token;
    else token = await getToken(ctx, kind, tokenId);
    if (!token) throw new AppError('not-found', 'LogScale did not list the new token yet.');
  } catch (error) {
    token = null;
    metadataError = error instanceof AppError ? error.toPayload() : { code: 'internal', message: 'Reading the new token failed.' };
  }
  const created: CreatedToken = { kind, tokenId, secret, token };
  if (metadataError) created.metadataError = metadataError;
  if (replacedOwnCredential) created.replacedOwnCredential = true;
  return { created, extra };
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

export function rotateToken(ctx: ClientContext, ref: TokenRef): Promise<RotatedToken> {
  return rotate(ctx, ref, async () => undefined).then(({ rotated }) => rotated);
}

export async function rotateTokenAndStore(ctx: ClientContext, ref: TokenRef, vault: SecretVault, name: string | null = null): Promise<ShowOnce<RotatedToken>> {
  const { rotated, extra } = await rotate(ctx, ref, (info, secret) => storeSecretOnce(vault, { ...info, name }, secret));
  return { ...rotated, ...extra };
}

async function rotate<X>(
  ctx: ClientContext,
  ref: TokenRef,
  onSecret: (info: { kind: TokenKind; tokenId: string; previousId: string }, secret: string) => Promise<X>,
): Promise<{ rotated: RotatedToken; extra: X }> {
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
  const tokenId = issuedTokenId(secret);
  const extra = await onSecret({ kind: ref.kind, tokenId, previousId }, secret);
  const rotated: RotatedToken = { kind: ref.kind, previousId, tokenId, secret };
  if (bearerId !== null && bearerId === previousId) rotated.replacedOwnCredential = true;
  return { rotated, extra };
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
