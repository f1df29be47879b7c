/**
 * OVHcloud Logs Data Platform: the public API of the provider client (see docs/providers/ovh.md).
 */
export {
  createOvhClient,
  DEFAULT_BUSY,
  type OvhAuth,
  type OvhClient,
  type OvhClientOptions,
  type BusyPolicy,
  type TokenInput,
  type OperationOptions,
  type OvhTokenListing,
  type OvhServiceTokens,
  type OvhDeleteResult,
  type OvhTokenEndpoints,
} from './client';
export { OVH_API_BASE_URLS, OVH_OAUTH2_TOKEN_URLS, resolveEndpoint, type OvhEndpoint, type OvhRegion, type ResolvedEndpoint } from './endpoints';
export { IAM_EXPLANATION, OvhRequestError, hasOvhCode, type OvhFailureKind } from './errors';
export {
  OVH_ACCESS_RULES,
  requestConsumerKey,
  waitForValidation,
  completeConsumerKeyOnboarding,
  storeOvhCredentials,
  ovhAccountSecretKey,
  type RequestConsumerKeyOptions,
  type WaitForValidationOptions,
  type CompleteOnboardingOptions,
  type StoredConsumerKeyCredentials,
} from './onboarding';
export { DEFAULT_POLLING, nextPollDelay, type PollingPolicy, type OperationProgress } from './operations';
export { signOvhRequest, toWireJson } from './signature';
export {
  verifyLdpToken,
  maskTokenValue,
  graylogCheckUrl,
  opensearchCheckUrl,
  curlExample,
  type TokenVerification,
  type EndpointVerification,
  type VerificationOutcome,
  type VerifyTokenInput,
} from './verify';
export type {
  OvhService,
  OvhCluster,
  OvhServiceUrl,
  OvhToken,
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
