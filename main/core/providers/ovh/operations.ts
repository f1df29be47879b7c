/**
 * LDP operations. Token create and delete answer with an Operation; the change is done when it
 * reaches SUCCESS. FAILURE and REVOKED are failures; PENDING, RECEIVED, STARTED, RUNNING and RETRY
 * are not terminal (RETRY included, as terraform-provider-ovh does). This file reads them, waits
 * for one, and finds a service's unfinished ones (possibly one whose answer was lost).
 *
 * Adaptive polling: the first poll comes fast (most operations are short), then the gap grows
 * with the time already waited (10 % of it, between 100 ms and 5 s), which bounds how late we
 * notice the end to about a tenth of the operation's duration while keeping long waits cheap.
 * Choice: a state outside the documented enum is treated as "not finished yet" (the wait stays
 * bounded by the timeout) rather than as a failure, so an unknown state never reports a
 * change as failed that may still succeed.
 */
import { describeDuration } from '../../durations';
import { AppError } from '../../errors';
import type { ProviderErrorInfo } from '../../model';
import type { Clock } from '../../net/clock';
import { allOrFirstError } from '../../net/parallel';
import { idSegment, svc } from './endpoints';
import type { OvhAnswer, Transport } from './transport';
import { OperationSchema, StringList, type OvhOperation, type OvhOperationState } from './types';

export interface PollingPolicy {
  /** Wait before the first poll. */
  firstDelayMs: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** Gap = elapsed × factor, clamped to [min, max]. */
  factor: number;
  /** Give up (with a clear error) after this long. */
  timeoutMs: number;
}

export const DEFAULT_POLLING: PollingPolicy = { firstDelayMs: 100, minDelayMs: 100, maxDelayMs: 5_000, factor: 0.1, timeoutMs: 120_000 };

export const PENDING_STATES: readonly string[] = ['PENDING', 'RECEIVED', 'STARTED', 'RUNNING', 'RETRY'];
export const FAILED_STATES: readonly string[] = ['FAILURE', 'REVOKED'];

export function nextPollDelay(pollIndex: number, elapsedMs: number, p: PollingPolicy): number {
  if (pollIndex === 0) return p.firstDelayMs;
  return Math.min(p.maxDelayMs, Math.max(p.minDelayMs, Math.round(elapsedMs * p.factor)));
}

export function isOperationFinished(state: OvhOperationState): boolean {
  return state === 'SUCCESS' || FAILED_STATES.includes(state);
}

export interface OperationProgress {
  operationId: string;
  state: OvhOperationState;
  elapsedMs: number;
}

export interface WaitOptions {
  serviceName: string;
  operationId: string;
  /** What is being done, for messages: e.g. `creating the token "ci"`. */
  what: string;
  poll: (signal?: AbortSignal) => Promise<OvhAnswer<OvhOperation>>;
  clock: Clock;
  policy: PollingPolicy;
  onProgress?: ((progress: OperationProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export async function waitForOperation(o: WaitOptions): Promise<OvhOperation> {
  const start = o.clock.monotonic();
  const route = `GET /dbaas/logs/${encodeURIComponent(o.serviceName)}/operation/${encodeURIComponent(o.operationId)}`;
  let last: OvhAnswer<OvhOperation> | undefined;
  for (let i = 0; ; i += 1) {
    const elapsed = o.clock.monotonic() - start;
    const remaining = o.policy.timeoutMs - elapsed;
    if (remaining <= 0) break;
    await o.clock.sleep(Math.min(remaining, nextPollDelay(i, elapsed, o.policy)), o.signal);
    last = await o.poll(o.signal);
    const op = last.data;
    o.onProgress?.({ operationId: op.operationId, state: op.state, elapsedMs: o.clock.monotonic() - start });
    if (op.state === 'SUCCESS') return op;
    if (FAILED_STATES.includes(op.state)) {
      const provider: ProviderErrorInfo = {
        provider: 'ovh',
        status: last.status,
        errorClass: op.state,
        message: `Operation ${op.operationId} ended in state ${op.state}`,
        path: route,
      };
      if (last.requestId) provider.requestId = last.requestId;
      throw new AppError(
        'provider',
        `OVHcloud could not finish ${o.what}: operation ${op.operationId} ended in state ${op.state}. Nothing was changed by it; try again, and if it fails again contact OVHcloud support with the operation id.`,
        { provider },
      );
    }
  }
  const state = last?.data.state ?? 'unknown';
  const provider: ProviderErrorInfo = { provider: 'ovh', message: `Operation ${o.operationId} still in state ${state}`, path: route };
  if (last?.requestId) provider.requestId = last.requestId;
  throw new AppError(
    'timeout',
    `OVHcloud has not finished ${o.what} after ${describeDuration(o.policy.timeoutMs)} (operation ${o.operationId} is still ${state}). It may still complete: refresh the list in a moment.`,
    { provider },
  );
}

// ---------------------------------------------------------------- a service's operations

/** Choice: on an unknown create outcome, look at no more than the last 100 operations of the service. */
const RECOVERY_OPERATION_LOOKBACK = 100;

export interface OperationReads {
  listOperationIds(serviceName: string, signal?: AbortSignal): Promise<string[]>;
  getOperation(serviceName: string, operationId: string, signal?: AbortSignal): Promise<OvhOperation>;
}

export interface Operations extends OperationReads {
  /** Polls the operation until it ends (see `waitForOperation`). `what` names the change for messages. */
  wait(
    serviceName: string,
    operationId: string,
    what: string,
    o: { onProgress?: ((progress: OperationProgress) => void) | undefined; signal?: AbortSignal | undefined },
  ): Promise<OvhOperation>;
  /** Operations of the service that have not finished (possibly the one a lost answer started). */
  running(serviceName: string, signal?: AbortSignal): Promise<OvhOperation[]>;
}

export function createOperations(api: Transport, deps: { clock: Clock; policy: PollingPolicy }): Operations {
  const path = (serviceName: string, operationId: string): string => `${svc(serviceName)}/operation/${idSegment(operationId, 'operationId')}`;
  const operations: Operations = {
    listOperationIds: async (serviceName, signal) => api.get(`${svc(serviceName)}/operation`, StringList, signal),
    getOperation: async (serviceName, operationId, signal) => api.get(path(serviceName, operationId), OperationSchema, signal),

    async wait(serviceName, operationId, what, o) {
      return waitForOperation({
        serviceName,
        operationId,
        what,
        clock: deps.clock,
        policy: deps.policy,
        onProgress: o.onProgress,
        signal: o.signal,
        poll: (signal) => api.request({ method: 'GET', path: path(serviceName, operationId), schema: OperationSchema, signal }),
      });
    },

    async running(serviceName, signal) {
      const ids = (await operations.listOperationIds(serviceName, signal)).slice(-RECOVERY_OPERATION_LOOKBACK);
      const ops = await allOrFirstError(ids, (id, fan) => operations.getOperation(serviceName, id, fan), signal);
      return ops.filter((op) => !isOperationFinished(op.state));
    },
  };
  return operations;
}
