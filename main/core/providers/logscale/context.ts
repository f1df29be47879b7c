/**
 * What the LogScale client's operations share: the transport and the client's settings. The
 * LogScaleClient facade (client.ts) builds one and hands it to each operation module.
 */
import type { LogScaleTransport } from './transport';

export interface ClientContext {
  readonly transport: LogScaleTransport;
  /** Clock for expiry math and policy checks (epoch ms). */
  readonly now: () => number;
  /** `limit` per `tokens(...)` page. */
  readonly pageSize: number;
  /** Pages read in parallel once the first page gave the total. */
  readonly pageConcurrency: number;
}
