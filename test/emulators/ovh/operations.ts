/**
 * Asynchronous LDP operations: PENDING at once, RUNNING after 30 % of the delay (optionally
 * RETRY then RUNNING again), then SUCCESS / FAILURE / REVOKED at the end of the delay. The change
 * (token created or deleted) happens only on SUCCESS, and `tokenId` of a create is filled then
 * (the reference leaves the POST answer's content unverified; TF reads it from the finished
 * operation). While one runs, the service answers 403 Busy to token changes.
 */
import type { OvhEmulatorKnobs } from './knobs';
import type { EmuOperation, EmuService, OperationState } from './state';
import { ovhDate, uuid } from './util';

const TERMINAL: OperationState[] = ['SUCCESS', 'FAILURE', 'REVOKED'];

export class OperationEngine {
  private held = new Set<EmuOperation>();
  private outcomes: OperationState[] = [];
  private all = new Set<EmuOperation>();

  constructor(private readonly knobs: () => OvhEmulatorKnobs) {}

  static isRunning(op: EmuOperation): boolean {
    return !TERMINAL.includes(op.state);
  }

  running(service: EmuService): EmuOperation[] {
    return [...service.operations.values()].filter(OperationEngine.isRunning);
  }

  /** `apply` makes the change and returns the token id to publish on the operation (or null). */
  start(service: EmuService, kind: EmuOperation['kind'], apply: () => string | null, tokenId: string | null): EmuOperation {
    const op: EmuOperation = {
      operationId: uuid(),
      serviceName: service.serviceName,
      state: 'PENDING',
      createdAt: ovhDate(Date.now()),
      updatedAt: null,
      tokenId,
      kind,
      apply,
      timers: [],
    };
    service.operations.set(op.operationId, op);
    this.all.add(op);
    const { operationDelayMs: delay, operationRetryPhase } = this.knobs();
    const at = (fraction: number, run: () => void): void => {
      op.timers.push(setTimeout(run, Math.round(delay * fraction)));
    };
    const move = (state: OperationState) => () => {
      if (!OperationEngine.isRunning(op)) return;
      op.state = state;
      op.updatedAt = ovhDate(Date.now());
    };
    at(0.3, move('RUNNING'));
    if (operationRetryPhase) {
      at(0.5, move('RETRY'));
      at(0.7, move('RUNNING'));
    }
    at(1, () => {
      if (this.knobs().holdOperations) {
        move('RUNNING')();
        this.held.add(op);
      } else this.finish(op);
    });
    return op;
  }

  finish(op: EmuOperation): void {
    if (!OperationEngine.isRunning(op)) return;
    const outcome = this.outcomes.shift() ?? this.knobs().operationOutcome;
    if (outcome === 'SUCCESS') {
      const tokenId = op.apply();
      if (tokenId) op.tokenId = tokenId;
    }
    op.state = outcome;
    op.updatedAt = ovhDate(Date.now());
  }

  /** Ends every held operation now (and lets later ones end on their own if holdOperations was turned off). */
  release(): void {
    for (const op of this.held) this.finish(op);
    this.held.clear();
  }

  /** The next `count` operations end in `state` instead of the default outcome. */
  failNext(count: number, state: 'FAILURE' | 'REVOKED' = 'FAILURE'): void {
    for (let i = 0; i < count; i += 1) this.outcomes.push(state);
  }

  dispose(): void {
    for (const op of this.all) for (const timer of op.timers) clearTimeout(timer);
    this.all.clear();
    this.held.clear();
  }
}
