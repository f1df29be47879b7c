/**
 * The LogScale client: a transport (GraphQL over HTTP, bearer auth, errors) and one object per
 * concept built on it: `tokens`, `ingestTokens`, `policies`, `ipFilters` and `views`.
 */
import { LogScaleIngestTokens } from './ingest-tokens';
import { LogScalePolicies } from './policies';
import type { CredentialCheck, LogScaleStatus } from './objects';
import { LogScaleTokens } from './tokens';
import { LogScaleTransport, type LogScaleTransportOptions } from './transport';
import { LogScaleIpFilters, LogScaleViews } from './views-and-ip-filters';

export interface LogScaleClientOptions extends LogScaleTransportOptions {
  /** Clock for expiry math and policy checks (epoch ms). Default Date.now. */
  now?: () => number;
  /**
   * `limit` per `tokens(...)` page. Default 1,000: the server's maximum is unverified (its default
   * is 50); a server that caps it answers fewer, and the client steps by what it answered.
   */
  pageSize?: number;
  /** Pages (and repositories, for ingest tokens) read in parallel; read at each listing (a setting). Default 4. */
  pageConcurrency?: number | (() => number);
}

export class LogScaleClient {
  readonly transport: LogScaleTransport;
  readonly policies: LogScalePolicies;
  readonly tokens: LogScaleTokens;
  readonly ingestTokens: LogScaleIngestTokens;
  readonly ipFilters: LogScaleIpFilters;
  readonly views: LogScaleViews;

  constructor(options: LogScaleClientOptions) {
    this.transport = new LogScaleTransport(options);
    this.policies = new LogScalePolicies(this.transport);
    const concurrency = () =>
      Math.max(1, Math.floor((typeof options.pageConcurrency === 'function' ? options.pageConcurrency() : options.pageConcurrency) ?? 4));
    this.tokens = new LogScaleTokens(this.transport, this.policies, {
      now: options.now ?? Date.now,
      pageSize: Math.max(1, Math.floor(options.pageSize ?? 1_000)),
      pageConcurrency: concurrency,
    });
    this.ingestTokens = new LogScaleIngestTokens(this.transport, concurrency);
    this.ipFilters = new LogScaleIpFilters(this.transport);
    this.views = new LogScaleViews(this.transport);
  }

  /** Reachability and version, without authentication (`GET /api/v1/status`). */
  status(): Promise<LogScaleStatus> {
    return this.transport.status();
  }

  /** Whether the token authenticates ('auth' / 'forbidden' AppError otherwise), and the user behind a personal token. */
  checkCredentials(): Promise<CredentialCheck> {
    return this.transport.checkCredentials();
  }
}

export function createLogScaleClient(options: LogScaleClientOptions): LogScaleClient {
  return new LogScaleClient(options);
}
