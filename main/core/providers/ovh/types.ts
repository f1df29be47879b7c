/**
 * Boundary types of the OVHcloud LDP API and the schemas that check every answer before the app
 * sees it. Enumerations are typed with their documented values but accept any string: OVHcloud
 * adds values over time (e.g. `PROMETHEUS_API`), and an unknown value must not break a listing.
 * Fields the API spec marks nullable are `| null`; a body that lacks a required field or has a
 * wrong type is reported as an unreadable answer (never half-used).
 */
import * as v from 'valibot';

/** A documented enum value, or any other string OVHcloud may add later. */
export type KnownOr<T extends string> = T | (string & {});

export type OvhServiceState = KnownOr<'DISABLED' | 'ENABLED' | 'INIT' | 'TO_CONFIG'>;
export type OvhServicePlan = KnownOr<'ENTERPRISE' | 'STANDARD'>;
export type OvhOperationState = KnownOr<'PENDING' | 'RECEIVED' | 'STARTED' | 'RUNNING' | 'RETRY' | 'SUCCESS' | 'FAILURE' | 'REVOKED'>;
export type OvhUrlType = KnownOr<
  | 'GRAYLOG_API'
  | 'GRAYLOG_WEBUI'
  | 'OPENSEARCH_API'
  | 'ELASTICSEARCH_API'
  | 'OSD_WEBUI'
  | 'KIBANA_WEBUI'
  | 'CONSOLE'
  | 'SERVICE_DOMAIN'
  | 'WEB_SOCKET'
  | 'PROMETHEUS_API'
>;
export type OvhCredentialState = KnownOr<'expired' | 'pendingValidation' | 'refused' | 'validated'>;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** `dbaas.logs.ServiceWithIAM`. */
export interface OvhService {
  serviceName: string;
  username: string;
  displayName: string | null;
  state: OvhServiceState;
  plan: OvhServicePlan;
  isClusterOwner: boolean;
  /** Absent from the 2024 spec; read as false when missing (a 403 IAMService still teaches the client). */
  isIamEnabled: boolean;
  createdAt: string;
  updatedAt: string | null;
  iam: { id: string; urn: string; displayName?: string | undefined; tags?: Record<string, string> | undefined; state?: string | undefined } | null;
}

/** `dbaas.logs.Cluster`. The API spec gives types but not nullability beyond the id, host and default flag, so the rest may be null. */
export interface OvhCluster {
  clusterId: string;
  hostname: string;
  isDefault: boolean;
  clusterType: string | null;
  certificationLevel: string | null;
  isUnlocked: boolean | null;
  region: string | null;
  defaultRetentionId: string | null;
  archiveAllowedNetworks: string[] | null;
  directInputAllowedNetworks: string[] | null;
  queryAllowedNetworks: string[] | null;
  dedicatedInputPEM: string | null;
  directInputPEM: string | null;
}

/** `dbaas.logs.Stream`: the fields this app reads (a Graylog stream). */
export interface OvhStream {
  streamId: string;
  title: string;
  description: string | null;
  createdAt: string;
  updatedAt: string | null;
  isEditable: boolean | null;
}

/** `dbaas.logs.StreamRule`: a Graylog routing rule; the one on field `X-OVH-TOKEN` holds the stream's write token. */
export interface OvhStreamRule {
  ruleId: string;
  field: string;
  value: string;
  operator: string | null;
  isInverted: boolean | null;
}

export interface OvhServiceUrl {
  address: string;
  type: OvhUrlType;
}

/** `dbaas.logs.Token`: `value` is the secret, returned on every GET. */
export interface OvhToken {
  tokenId: string;
  name: string;
  value: string;
  clusterId: string | null;
  createdAt: string;
  updatedAt: string | null;
}

/** `dbaas.logs.Operation` (the fields this app reads; the other resource ids are ignored). */
export interface OvhOperation {
  operationId: string;
  serviceName: string;
  state: OvhOperationState;
  createdAt: string;
  updatedAt: string | null;
  tokenId: string | null;
}

export interface OvhAccessRule {
  method: HttpMethod;
  path: string;
}

/** `auth.ApiCredentialRequest`, the answer to POST /auth/credential. */
export interface OvhConsumerKeyRequest {
  consumerKey: string;
  validationUrl: string;
  state: OvhCredentialState;
}

/** `auth.ApiCredential`, the answer to GET /auth/currentCredential. */
export interface OvhCredentialInfo {
  credentialId: number;
  applicationId: number;
  creation: string;
  expiration: string | null;
  lastUse: string | null;
  status: OvhCredentialState;
  rules: OvhAccessRule[];
  allowedIPs: string[] | null;
  ovhSupport: boolean;
}

// ------------------------------------------------------------------------------------------
// Schemas (valibot). `nullish(x, null)`: a nullable field that is also tolerated when absent.

const str = v.string();
const nstr = v.nullish(v.string(), null);
const Method = v.picklist(['GET', 'POST', 'PUT', 'DELETE']);

/**
 * A list of ids or names. Each id becomes one more request: a list longer than any real account's
 * (a hostile or broken server) is refused rather than read for hours.
 */
export const MAX_LISTED_IDS = 100_000;
export const StringList = v.pipe(
  v.array(v.string()),
  v.maxLength(MAX_LISTED_IDS, `has more than ${MAX_LISTED_IDS.toLocaleString('en')} entries, more than Tokendesk reads`),
);
export const ServerTime = v.pipe(v.number(), v.integer());

export const ServiceSchema = v.object({
  serviceName: str,
  username: str,
  displayName: nstr,
  state: str,
  plan: str,
  isClusterOwner: v.boolean(),
  isIamEnabled: v.optional(v.boolean(), false),
  createdAt: str,
  updatedAt: nstr,
  iam: v.nullish(
    v.object({ id: str, urn: str, displayName: v.optional(str), tags: v.optional(v.record(v.string(), v.string())), state: v.optional(str) }),
    null,
  ),
});

export const ClusterSchema = v.object({
  clusterId: str,
  hostname: str,
  isDefault: v.boolean(),
  clusterType: nstr,
  certificationLevel: nstr,
  isUnlocked: v.nullish(v.boolean(), null),
  region: nstr,
  defaultRetentionId: nstr,
  archiveAllowedNetworks: v.nullish(v.array(str), null),
  directInputAllowedNetworks: v.nullish(v.array(str), null),
  queryAllowedNetworks: v.nullish(v.array(str), null),
  dedicatedInputPEM: nstr,
  directInputPEM: nstr,
});

export const UrlListSchema = v.array(v.object({ address: str, type: str }));

export const TokenSchema = v.object({ tokenId: str, name: str, value: str, clusterId: nstr, createdAt: str, updatedAt: nstr });

export const StreamSchema = v.object({
  streamId: str,
  title: str,
  description: nstr,
  createdAt: str,
  updatedAt: nstr,
  isEditable: v.nullish(v.boolean(), null),
});

export const StreamRuleSchema = v.object({ ruleId: str, field: str, value: str, operator: nstr, isInverted: v.nullish(v.boolean(), null) });

export const OperationSchema = v.object({ operationId: str, serviceName: str, state: str, createdAt: str, updatedAt: nstr, tokenId: nstr });

export const ConsumerKeyRequestSchema = v.object({ consumerKey: str, validationUrl: str, state: str });

export const CredentialInfoSchema = v.object({
  credentialId: v.number(),
  applicationId: v.number(),
  creation: str,
  expiration: nstr,
  lastUse: nstr,
  status: str,
  rules: v.array(v.object({ method: Method, path: str })),
  allowedIPs: v.nullish(v.array(str), null),
  ovhSupport: v.optional(v.boolean(), false),
});

export const OAuth2TokenSchema = v.object({ access_token: str, token_type: v.optional(str), expires_in: v.optional(v.number()) });

// Compile-time checks that each schema produces exactly the exported type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _checks: [
  Same<v.InferOutput<typeof ServiceSchema>, Omit<OvhService, 'state' | 'plan'> & { state: string; plan: string }>,
  Same<v.InferOutput<typeof ClusterSchema>, OvhCluster>,
  Same<v.InferOutput<typeof TokenSchema>, OvhToken>,
  Same<v.InferOutput<typeof StreamSchema>, OvhStream>,
  Same<v.InferOutput<typeof StreamRuleSchema>, OvhStreamRule>,
  Same<v.InferOutput<typeof OperationSchema>, Omit<OvhOperation, 'state'> & { state: string }>,
  Same<v.InferOutput<typeof CredentialInfoSchema>, Omit<OvhCredentialInfo, 'status'> & { status: string }>,
] = [true, true, true, true, true, true, true];
void _checks;
