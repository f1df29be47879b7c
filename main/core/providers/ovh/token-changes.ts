/**
 * Token create and delete: POST / DELETE (after 403 Busy, sent again), then wait for the
 * operation. Never re-sent blindly: when the outcome is unknown, re-read (token-recovery.ts) and
 * report what really happened.
 */
import { AppError } from '../../errors';
import type { ClientContext } from './client-context';
import type { OvhClient } from './client-types';
import { OvhRequestError, withNote } from './errors';
import { requireText, requireUuid, seg, svc } from './endpoints';
import { waitOperation } from './token-operations';
import { recoverCreate, recoverDelete } from './token-recovery';
import { whileBusy, type OvhAnswer } from './transport';
import { OperationSchema, type OvhOperation } from './types';

export type TokenChanges = Pick<OvhClient, 'createToken' | 'deleteToken'>;

export function createTokenChanges(ctx: ClientContext): TokenChanges {
  const { call, iamServices } = ctx;
  return {
    async createToken(serviceName, input, o = {}) {
      const name = requireText(input?.name, 'name');
      const clusterId = input.clusterId == null ? undefined : requireUuid(input.clusterId, 'clusterId');
      const what = `creating the token "${name}"`;
      const body = clusterId ? { name, clusterId } : { name }; // TF sends clusterId only when set
      let op: OvhAnswer<OvhOperation>;
      try {
        op = await iamServices.tokenRoute(serviceName, () => whileBusy(() => call({ method: 'POST', path: `${svc(serviceName)}/token`, body, schema: OperationSchema, signal: o.signal }), o, ctx));
      } catch (error) {
        if (!(error instanceof OvhRequestError) || !error.mayHaveBeenApplied) throw error;
        // The POST may have been applied: never send it again; look at what the service has now.
        const found = await recoverCreate(ctx, serviceName, name, o).catch((reread: unknown) => {
          throw withNote(error, `Tokendesk could not check whether the token was created (${reread instanceof AppError ? reread.message : 'the check failed'}); refresh the list before trying again.`);
        });
        if (found) return found;
        throw withNote(error, `Tokendesk checked: no token named "${name}" exists on ${serviceName}, so nothing was created. You can try again.`);
      }
      const done = await waitOperation(ctx, serviceName, op.data.operationId, what, o);
      // TF: the created token's id is read from the finished operation.
      if (!done.tokenId) {
        throw new AppError('provider', `OVHcloud finished ${what} but did not say which token it created (operation ${done.operationId} has no tokenId). Refresh the list to see it.`, {
          provider: { provider: 'ovh', status: 200, message: 'a tokenId should be returned in operation but is missing', path: `GET ${svc(serviceName)}/operation/${done.operationId}` },
        });
      }
      return ctx.self().getToken(serviceName, done.tokenId, o.signal);
    },

    async deleteToken(serviceName, tokenId, o = {}) {
      requireText(tokenId, 'tokenId');
      let op: OvhAnswer<OvhOperation>;
      try {
        op = await iamServices.tokenRoute(serviceName, () => whileBusy(() => call({ method: 'DELETE', path: `${svc(serviceName)}/token/${seg(tokenId)}`, schema: OperationSchema, signal: o.signal }), o, ctx));
      } catch (error) {
        if (!(error instanceof OvhRequestError) || !error.mayHaveBeenApplied) throw error;
        const gone = await recoverDelete(ctx, serviceName, tokenId, o).catch((reread: unknown) => {
          throw withNote(error, `Tokendesk could not check whether the token was deleted (${reread instanceof AppError ? reread.message : 'the check failed'}); refresh the list before trying again.`);
        });
        if (gone) return { tokenId, operationId: null };
        throw withNote(error, 'Tokendesk checked: the token still exists, so nothing was deleted. You can try again.');
      }
      await waitOperation(ctx, serviceName, op.data.operationId, 'deleting the token', o);
      return { tokenId, operationId: op.data.operationId };
    },
  };
}
