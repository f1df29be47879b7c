/**
 * Falcon LogScale provider: public API. See docs/providers/logscale.md.
 */
export { LogScaleClient, createLogScaleClient } from './client';
export { createLogScaleAdapter } from './adapter';
export type { LogScaleClientOptions } from './client';
export { toToken } from './parse';
export type { ListTokensOptions } from './token-reads';
export type { PolicyOption } from './token-policies';
export { LogScaleTransport, normaliseBaseUrl, classifyGraphQLMessage } from './transport';
export type { FetchLike, LogScaleTransportOptions, GraphQLErrorEntry, GraphQLResponse, RequestOptions } from './transport';
export { LOGSCALE_DOCUMENTS, NON_IDEMPOTENT_OPERATIONS } from './documents';
export type { LogScaleOperation } from './documents';
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
export { expiryToEpochMs, DURATION_UNIT_MS } from './expiry';
export {
  parseTokenPolicies,
  toTokenPoliciesInput,
  policiesToUpdate,
  checkCreateAgainstPolicy,
  checkPermissionUpdateAgainstPolicy,
} from './policy';
export { LOGSCALE_TOKEN_PATTERN, isLogScaleToken, logScaleTokenId, issuedTokenId, redactLogScaleTokens } from './token-shape';
export { TOKEN_KINDS, PERMISSION_TOKEN_KINDS } from './types';
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
} from './types';
export { retryingFetch, isReadRequest } from './retrying-fetch';
