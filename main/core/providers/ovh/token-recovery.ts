/**
 * Re-read, never re-send: when a create (POST) or delete (DELETE) may have been applied but its
 * answer was lost (connection lost, 5xx, 429, unreadable answer), the client looks at what the
 * service has now (the token by name, running operations, the token itself) to tell what happened.
 */
import type { ClientContext } from './client-context';
import type { OperationOptions } from './client-types';
import { hasOvhCode } from './errors';
import { runningOperations, waitOperation } from './token-operations';
import type { OvhToken } from './types';

/**
 * Choice (unverified `namePattern` semantics, "like"): with the exact name as pattern, every
 * plausible reading (SQL LIKE, substring, glob) returns a superset of the exact match, so we
 * filter on the exact name ourselves.
 */
async function findTokenByName(ctx: ClientContext, serviceName: string, name: string, signal?: AbortSignal): Promise<OvhToken | undefined> {
  const client = ctx.self();
  const ids = await client.listTokenIds(serviceName, { namePattern: name, ...(signal ? { signal } : {}) });
  for (const id of ids) {
    const token = await client.getToken(serviceName, id, signal).catch((error: unknown) => {
      if (hasOvhCode(error, 'Client::NotFound::TokenDoesNotExists')) return undefined;
      throw error;
    });
    if (token?.name === name) return token;
  }
  return undefined;
}

/** The token created by the request whose answer was lost, or undefined when there is none. */
export async function recoverCreate(ctx: ClientContext, serviceName: string, name: string, o: OperationOptions): Promise<OvhToken | undefined> {
  const existing = await findTokenByName(ctx, serviceName, name, o.signal);
  if (existing) return existing;
  for (const op of await runningOperations(ctx, serviceName, o.signal)) {
    const done = await waitOperation(ctx, serviceName, op.operationId, `creating the token "${name}"`, o).catch(() => undefined);
    if (done?.tokenId) {
      const token = await ctx.self().getToken(serviceName, done.tokenId, o.signal).catch(() => undefined);
      if (token?.name === name) return token;
    }
  }
  return findTokenByName(ctx, serviceName, name, o.signal);
}

/** True when the token is gone (deleted by the request whose answer was lost, or by anyone). */
export async function recoverDelete(ctx: ClientContext, serviceName: string, tokenId: string, o: OperationOptions): Promise<boolean> {
  const exists = async (): Promise<boolean> =>
    ctx.self().getToken(serviceName, tokenId, o.signal).then(
      () => true,
      (error: unknown) => {
        if (hasOvhCode(error, 'Client::NotFound::TokenDoesNotExists')) return false;
        throw error;
      },
    );
  if (!(await exists())) return true;
  for (const op of await runningOperations(ctx, serviceName, o.signal)) {
    await waitOperation(ctx, serviceName, op.operationId, 'deleting the token', o).catch(() => undefined);
  }
  return !(await exists());
}
