/**
 * Legacy LDP tokens: reads (ids, one token with its secret value, a service's tokens, every
 * service of the account with its tokens), create and delete, and what is done when the outcome of
 * a create or delete is unknown.
 *
 * Create and delete are POST / DELETE, sent once (after a 403 Busy, sent again: that refusal means
 * nothing was applied), then their operation is waited for. They are never re-sent blindly: when
 * the outcome is unknown (connection lost, 5xx, 429, unreadable answer) the client re-reads the
 * service (the token by name, the running operations, the token itself) and reports what really
 * happened. IAM-enabled services are told apart (services.ts) and never asked for legacy tokens.
 */
import { AppError, toErrorPayload } from '../../errors';
import type { ErrorPayload } from '../../model';
import type { Clock } from '../../net/clock';
import { allOrFirstError, sharedSignal } from '../../net/parallel';
import { idSegment, requireText, requireUuid, svc } from './endpoints';
import { hasOvhCode, IAM_EXPLANATION, OvhRequestError, withNote } from './errors';
import type { OperationProgress, Operations } from './operations';
import type { KnownIamServices, ServiceReads } from './services';
import { whileBusy, type BusyOptions, type BusyPolicy, type OvhAnswer, type Transport } from './transport';
import { OperationSchema, StringList, TokenSchema, type OvhOperation, type OvhService, type OvhToken } from './types';

export interface TokenInput {
  name: string;
  /** Cluster to attach the token to; the service's default cluster when omitted. */
  clusterId?: string | null;
}

export interface OperationOptions extends BusyOptions {
  onProgress?: (progress: OperationProgress) => void;
  signal?: AbortSignal;
}

export type OvhTokenListing = { status: 'ok'; serviceName: string; tokens: OvhToken[] } | { status: 'iam-enabled'; serviceName: string; explanation: string };

export type OvhServiceTokens =
  | { status: 'ok'; serviceName: string; service: OvhService; tokens: OvhToken[] }
  | { status: 'iam-enabled'; serviceName: string; service: OvhService; explanation: string }
  | { status: 'error'; serviceName: string; service: OvhService | null; error: ErrorPayload };

export interface OvhDeleteResult {
  tokenId: string;
  /** The delete operation, or null when the answer was lost and a re-read showed the token gone. */
  operationId: string | null;
}

export interface LdpTokens {
  listTokenIds(serviceName: string, options?: { namePattern?: string; signal?: AbortSignal }): Promise<string[]>;
  /** The token, its secret value included. */
  getToken(serviceName: string, tokenId: string, signal?: AbortSignal): Promise<OvhToken>;
  /** Ids, then every token in parallel (within the cap). An IAM-enabled service gives `status: 'iam-enabled'`. */
  listTokens(serviceName: string, signal?: AbortSignal): Promise<OvhTokenListing>;
  /** Every service of the account with its tokens; one failing service does not hide the others. */
  listAccountTokens(signal?: AbortSignal): Promise<OvhServiceTokens[]>;
  /** POST, wait for the operation, read `tokenId` from the finished operation, GET the token. */
  createToken(serviceName: string, input: TokenInput, options?: OperationOptions): Promise<OvhToken>;
  /** DELETE, wait for the operation. */
  deleteToken(serviceName: string, tokenId: string, options?: OperationOptions): Promise<OvhDeleteResult>;
}

export interface LdpTokenDeps {
  api: Transport;
  services: ServiceReads;
  operations: Operations;
  iamServices: KnownIamServices;
  clock: Clock;
  random: () => number;
  busy: BusyPolicy;
}

/** Deleted between a listing and this read: it is simply gone. */
function unlessGone(error: unknown): undefined {
  if (hasOvhCode(error, 'Client::NotFound::TokenDoesNotExists')) return undefined;
  throw error;
}

// ---------------------------------------------------------------- reads

async function listTokenIds(
  { api, iamServices }: LdpTokenDeps,
  serviceName: string,
  o: { namePattern?: string; signal?: AbortSignal } = {},
): Promise<string[]> {
  return iamServices.tokenRoute(serviceName, () =>
    api.get(`${svc(serviceName)}/token`, StringList, o.signal, o.namePattern ? { namePattern: o.namePattern } : undefined),
  );
}

async function getToken({ api, iamServices }: LdpTokenDeps, serviceName: string, tokenId: string, signal?: AbortSignal): Promise<OvhToken> {
  return iamServices.tokenRoute(serviceName, () => api.get(`${svc(serviceName)}/token/${idSegment(tokenId, 'tokenId')}`, TokenSchema, signal));
}

async function listTokens(d: LdpTokenDeps, serviceName: string, signal?: AbortSignal): Promise<OvhTokenListing> {
  const iamListing = (): OvhTokenListing => ({ status: 'iam-enabled', serviceName, explanation: IAM_EXPLANATION });
  if (d.iamServices.isEnabled(serviceName)) return iamListing();
  let ids: string[];
  try {
    ids = await listTokenIds(d, serviceName, signal ? { signal } : {});
  } catch (error) {
    if (hasOvhCode(error, 'Client::Forbidden::IAMService')) return iamListing();
    throw error;
  }
  // The first read that fails for good (after its own retries) cancels the others still queued:
  // a broken service costs a few requests, not every token times every attempt.
  const read = await allOrFirstError(ids, (id, fan) => getToken(d, serviceName, id, fan).catch(unlessGone), signal);
  return { status: 'ok', serviceName, tokens: read.filter((t): t is OvhToken => t !== undefined) };
}

async function listAccountTokens(d: LdpTokenDeps, parent?: AbortSignal): Promise<OvhServiceTokens[]> {
  const names = await d.services.listServiceNames(parent);
  const signal = sharedSignal(parent);
  return Promise.all(
    names.map(async (serviceName): Promise<OvhServiceTokens> => {
      let service: OvhService | null = null;
      try {
        service = await d.services.getService(serviceName, signal);
        if (service.isIamEnabled) return { status: 'iam-enabled', serviceName, service, explanation: IAM_EXPLANATION };
        const listing = await listTokens(d, serviceName, signal);
        if (listing.status === 'iam-enabled') return { status: 'iam-enabled', serviceName, service, explanation: listing.explanation };
        return { status: 'ok', serviceName, service, tokens: listing.tokens };
      } catch (error) {
        if (signal?.aborted) throw error;
        return { status: 'error', serviceName, service, error: toErrorPayload(error) };
      }
    }),
  );
}

// ---------------------------------------------------------------- create and delete

async function createToken(d: LdpTokenDeps, serviceName: string, input: TokenInput, o: OperationOptions = {}): Promise<OvhToken> {
  const { api, operations, iamServices } = d;
  const path = `${svc(serviceName)}/token`;
  const name = requireText(input?.name, 'name');
  const clusterId = input.clusterId == null ? undefined : requireUuid(input.clusterId, 'clusterId');
  const what = `creating the token "${name}"`;
  const body = clusterId ? { name, clusterId } : { name }; // terraform-provider-ovh sends clusterId only when set
  let op: OvhAnswer<OvhOperation>;
  try {
    op = await iamServices.tokenRoute(serviceName, () =>
      whileBusy(() => api.request({ method: 'POST', path, body, schema: OperationSchema, signal: o.signal }), o, d),
    );
  } catch (error) {
    if (!(error instanceof OvhRequestError) || !error.mayHaveBeenApplied) throw error;
    // The POST may have been applied: never send it again; look at what the service has now.
    const found = await recoverCreate(d, serviceName, name, o).catch((reread: unknown) => {
      throw withNote(
        error,
        `Tokendesk could not check whether the token was created (${reread instanceof AppError ? reread.message : 'the check failed'}); refresh the list before trying again.`,
      );
    });
    if (found) return found;
    throw withNote(error, `Tokendesk checked: no token named "${name}" exists on ${serviceName}, so nothing was created. You can try again.`);
  }
  const done = await operations.wait(serviceName, op.data.operationId, what, o);
  // As terraform-provider-ovh does, the created token's id is read from the finished operation.
  if (!done.tokenId) {
    throw new AppError(
      'provider',
      `OVHcloud finished ${what} but did not say which token it created (operation ${done.operationId} has no tokenId). Refresh the list to see it.`,
      {
        provider: {
          provider: 'ovh',
          status: 200,
          message: 'a tokenId should be returned in operation but is missing',
          path: `GET ${svc(serviceName)}/operation/${done.operationId}`,
        },
      },
    );
  }
  return getToken(d, serviceName, done.tokenId, o.signal);
}

async function deleteToken(d: LdpTokenDeps, serviceName: string, tokenId: string, o: OperationOptions = {}): Promise<OvhDeleteResult> {
  const { api, operations, iamServices } = d;
  const path = `${svc(serviceName)}/token/${idSegment(tokenId, 'tokenId')}`;
  let op: OvhAnswer<OvhOperation>;
  try {
    op = await iamServices.tokenRoute(serviceName, () =>
      whileBusy(() => api.request({ method: 'DELETE', path, schema: OperationSchema, signal: o.signal }), o, d),
    );
  } catch (error) {
    if (!(error instanceof OvhRequestError) || !error.mayHaveBeenApplied) throw error;
    const gone = await recoverDelete(d, serviceName, tokenId, o).catch((reread: unknown) => {
      throw withNote(
        error,
        `Tokendesk could not check whether the token was deleted (${reread instanceof AppError ? reread.message : 'the check failed'}); refresh the list before trying again.`,
      );
    });
    if (gone) return { tokenId, operationId: null };
    throw withNote(error, 'Tokendesk checked: the token still exists, so nothing was deleted. You can try again.');
  }
  await operations.wait(serviceName, op.data.operationId, 'deleting the token', o);
  return { tokenId, operationId: op.data.operationId };
}

// ---------------------------------------------------------------- re-read, never re-send

/**
 * Choice (unverified `namePattern` semantics, "like"): with the exact name as pattern, every
 * plausible reading (SQL LIKE, substring, glob) returns a superset of the exact match, so we
 * filter on the exact name ourselves.
 */
async function findTokenByName(d: LdpTokenDeps, serviceName: string, name: string, signal?: AbortSignal): Promise<OvhToken | undefined> {
  const ids = await listTokenIds(d, serviceName, { namePattern: name, ...(signal ? { signal } : {}) });
  for (const id of ids) {
    const token = await getToken(d, serviceName, id, signal).catch(unlessGone);
    if (token?.name === name) return token;
  }
  return undefined;
}

/** The token created by the request whose answer was lost, or undefined when there is none. */
async function recoverCreate(d: LdpTokenDeps, serviceName: string, name: string, o: OperationOptions): Promise<OvhToken | undefined> {
  const existing = await findTokenByName(d, serviceName, name, o.signal);
  if (existing) return existing;
  for (const op of await d.operations.running(serviceName, o.signal)) {
    const done = await d.operations.wait(serviceName, op.operationId, `creating the token "${name}"`, o).catch(() => undefined);
    if (done?.tokenId) {
      const token = await getToken(d, serviceName, done.tokenId, o.signal).catch(() => undefined);
      if (token?.name === name) return token;
    }
  }
  return findTokenByName(d, serviceName, name, o.signal);
}

/** True when the token is gone (deleted by the request whose answer was lost, or by anyone). */
async function recoverDelete(d: LdpTokenDeps, serviceName: string, tokenId: string, o: OperationOptions): Promise<boolean> {
  const exists = async (): Promise<boolean> =>
    getToken(d, serviceName, tokenId, o.signal).then(
      () => true,
      (error: unknown) => unlessGone(error) ?? false,
    );
  if (!(await exists())) return true;
  for (const op of await d.operations.running(serviceName, o.signal)) {
    await d.operations.wait(serviceName, op.operationId, 'deleting the token', o).catch(() => undefined);
  }
  return !(await exists());
}

export function createLdpTokens(d: LdpTokenDeps): LdpTokens {
  return {
    listTokenIds: (serviceName, o) => listTokenIds(d, serviceName, o),
    getToken: (serviceName, tokenId, signal) => getToken(d, serviceName, tokenId, signal),
    listTokens: (serviceName, signal) => listTokens(d, serviceName, signal),
    listAccountTokens: (signal) => listAccountTokens(d, signal),
    createToken: (serviceName, input, o) => createToken(d, serviceName, input, o),
    deleteToken: (serviceName, tokenId, o) => deleteToken(d, serviceName, tokenId, o),
  };
}
