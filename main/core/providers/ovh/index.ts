/**
 * OVHcloud Logs Data Platform: the provider's public API (see docs/providers/ovh.md). The token
 * service's adapter, the account client and its IAM part, consumer-key onboarding, token checks.
 */
export { createOvhAdapter } from './adapter';
export { DEFAULT_PAT_DESCRIPTION, IAM_USER_CONTAINER, NO_IAM_USER_NOTE, patContainer } from './adapter-pats';
export { createOvhClient, type OvhAuth, type OvhClient, type OvhClientOptions } from './client';
export { DEFAULT_BUSY, type BusyPolicy } from './transport';
export type { TokenInput, OperationOptions, OvhTokenListing, OvhServiceTokens, OvhDeleteResult } from './ldp-tokens';
export type { OvhTokenEndpoints } from './services';
export { WRITE_TOKEN_FIELD, type StreamReads } from './streams';
export { OVH_API_BASE_URLS, OVH_OAUTH2_TOKEN_URLS, apiRootUrl, resolveEndpoint, type OvhApiTarget, type OvhRegion, type ResolvedEndpoint } from './endpoints';
export { IAM_EXPLANATION, OvhRequestError, hasOvhCode, isHttpNotFound, type OvhFailureKind } from './errors';
export {
  createOvhIamClient,
  patCreateBody,
  POLICY_PATH,
  type OvhIamClient,
  type IamServiceRef,
  type IamServiceAccess,
  type IamPolicyRoutes,
  type IamTokenRoutes,
  type IamUserRoutes,
} from './iam';
export {
  LDP_BACKEND_ACTIONS,
  backendActions,
  computeServiceAccess,
  groupUrnOf,
  identityUrnsOf,
  isBackendAction,
  resourceCoversService,
  urnMatches,
  type IamPolicySummary,
  type IamUserAccess,
  type ServiceAccessInput,
} from './iam-access';
export type {
  OvhIamUser,
  OvhIamUserStatus,
  OvhIamUserType,
  OvhPat,
  OvhPatCreated,
  OvhPatInput,
  OvhPatPatch,
  OvhIamPolicy,
  OvhIamPolicyFilter,
  OvhIamAction,
} from './iam-types';
export { OVH_ACCESS_RULES, requestConsumerKey, waitForValidation, type RequestConsumerKeyOptions, type WaitForValidationOptions } from './onboarding';
export { DEFAULT_POLLING, nextPollDelay, type PollingPolicy, type OperationProgress } from './operations';
export { signOvhRequest, toWireJson } from './signing';
export {
  verifyLdpToken,
  verifyIamToken,
  patBasicUser,
  maskTokenValue,
  graylogCheckUrl,
  opensearchCheckUrl,
  curlExample,
  type TokenVerification,
  type EndpointVerification,
  type VerificationOutcome,
  type VerifyTokenInput,
  type VerifyAuth,
} from './verify';
export type {
  OvhService,
  OvhCluster,
  OvhServiceUrl,
  OvhToken,
  OvhStream,
  OvhStreamRule,
  OvhOperation,
  OvhOperationState,
  OvhAccessRule,
  OvhConsumerKeyRequest,
  OvhCredentialInfo,
  OvhCredentialState,
  OvhServiceState,
  OvhServicePlan,
  OvhUrlType,
  HttpMethod,
  KnownOr,
} from './types';
