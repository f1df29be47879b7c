/**
 * A token route's operations: waiting for the one a create or delete started, and finding the
 * service's unfinished ones (possibly one whose answer was lost).
 */
import type { ClientContext } from './client-context';
import type { OperationOptions } from './client-types';
import { allOrFirstError } from '../../net/parallel';
import { isOperationFinished, waitForOperation } from './operations';
import { seg, svc } from './endpoints';
import { OperationSchema, type OvhOperation } from './types';

/** Choice: on an unknown create outcome, look at no more than the last 100 operations of the service. */
const RECOVERY_OPERATION_LOOKBACK = 100;

export function waitOperation(ctx: ClientContext, serviceName: string, operationId: string, what: string, o: OperationOptions): Promise<OvhOperation> {
  return waitForOperation({
    serviceName,
    operationId,
    what,
    clock: ctx.clock,
    policy: ctx.polling,
    onProgress: o.onProgress,
    signal: o.signal,
    poll: (signal) => ctx.call({ method: 'GET', path: `${svc(serviceName)}/operation/${seg(operationId)}`, schema: OperationSchema, signal }),
  });
}

/** Operations of the service that have not finished (possibly the one our lost answer started). */
export async function runningOperations(ctx: ClientContext, serviceName: string, signal?: AbortSignal): Promise<OvhOperation[]> {
  const client = ctx.self();
  const ids = (await client.listOperationIds(serviceName, signal)).slice(-RECOVERY_OPERATION_LOOKBACK);
  const ops = await allOrFirstError(ids, (id, fan) => client.getOperation(serviceName, id, fan), signal);
  return ops.filter((op) => !isOperationFinished(op.state));
}
