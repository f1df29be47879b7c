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
export { LogScaleClient, createLogScaleClient, type LogScaleClientOptions } from './client';
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
export { TOKEN_KINDS, PERMISSION_TOKEN_KINDS } from './objects';
export type {
  LogScaleTokenKind,
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
} from './objects';
