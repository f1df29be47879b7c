/**
 * Falcon LogScale: the client and the provider's public API (see docs/providers/logscale.md).
 *
 * The client is a transport (GraphQL over HTTP, bearer auth, errors) and one object per concept
 * built on it: `tokens` (every API token kind: list, read, create, permissions, rotate, delete),
 * `ingestTokens` (per repository: list, create, parser, remove, and the ingest probe), `policies`
 * (the organization's token security policies), `ipFilters` and `views`. `adapter.ts` puts it
 * behind the token service's ProviderAdapter. Plain Node: no Electron, and no `graphql` package
 * at run time (the documents are strings in documents.ts).
 */
import { LogScaleIngestTokens } from './ingest-tokens';
import { LogScalePolicies } from './policies';
import type { CredentialCheck, LogScaleStatus } from './shapes';
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
    const concurrency = () => Math.max(1, Math.floor((typeof options.pageConcurrency === 'function' ? options.pageConcurrency() : options.pageConcurrency) ?? 4));
    this.tokens = new LogScaleTokens(this.transport, this.policies, { now: options.now ?? Date.now, pageSize: Math.max(1, Math.floor(options.pageSize ?? 1_000)), pageConcurrency: concurrency });
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

export { createLogScaleAdapter } from './adapter';
export { LogScaleTransport, normaliseBaseUrl, classifyGraphQLMessage, retryingFetch, isReadRequest } from './transport';
export type { FetchLike, LogScaleTransportOptions, GraphQLErrorEntry, GraphQLResponse, RequestOptions } from './transport';
export { LOGSCALE_DOCUMENTS, NON_IDEMPOTENT_OPERATIONS } from './documents';
export type { LogScaleOperation } from './documents';
export { LogScaleTokens } from './tokens';
export { LogScaleIngestTokens } from './ingest-tokens';
export type { IngestToken, IngestTokenListing, IngestParserRef, RepositoryRef } from './ingest-tokens';
export type { ListTokensOptions, PersonalToken } from './tokens';
export {
  LogScalePolicies,
  parseTokenPolicies,
  toTokenPoliciesInput,
  policiesToUpdate,
  checkCreateAgainstPolicy,
  checkPermissionUpdateAgainstPolicy,
  expiryToEpochMs,
  DURATION_UNIT_MS,
} from './policies';
export type { PolicyOption } from './policies';
export { LogScaleIpFilters, LogScaleViews } from './views-and-ip-filters';
export {
  SYSTEM_PERMISSIONS,
  ORGANIZATION_PERMISSIONS,
  VIEW_PERMISSIONS,
  PERMISSIONS_BY_KIND,
  VIEW_PERMISSION_UMBRELLAS,
  VIEW_PERMISSION_GROUPS,
  VIEW_TOKEN_IMPLICIT_PERMISSION,
  expectedViewTokenPermissions,
  permissionLabel,
  isPermissionOf,
} from './permissions';
export type { SystemPermission, OrganizationPermission, ViewPermission, PermissionGroup } from './permissions';
export { LOGSCALE_TOKEN_PATTERN, isLogScaleToken, logScaleTokenId, issuedTokenId, redactLogScaleTokens } from './token-shape';
export { TOKEN_KINDS, PERMISSION_TOKEN_KINDS } from './shapes';
export type {
  TokenKind,
  PermissionTokenKind,
  IpFilter,
  SearchDomainRef,
  LogScaleToken,
  TokenList,
  DurationUnit,
  ExpirySpec,
  CreateTokenInput,
  TokenRef,
  CreatedToken,
  RotatedToken,
  TokenKindPolicy,
  TokenPolicies,
  TokenPoliciesUpdate,
  LogScaleStatus,
  CredentialCheck,
} from './shapes';
