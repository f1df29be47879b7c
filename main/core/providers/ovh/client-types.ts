/**
 * The OVHcloud Logs Data Platform client's public shape: its options, what its methods take and
 * give, and the `OvhClient` interface itself. Built by `createOvhClient` (client.ts).
 */
import type { ErrorPayload } from '../../model';
import type { Clock } from '../../net/clock';
import type { RetryPolicy } from '../../net/retry';
import type { OvhEndpoint, ResolvedEndpoint } from './endpoints';
import type { OvhIamClient } from './iam';
import type { OperationProgress, PollingPolicy } from './operations';
import type { BusyOptions, BusyPolicy } from './transport';
import type { OvhCluster, OvhCredentialInfo, OvhOperation, OvhService, OvhServiceUrl, OvhToken } from './types';
import type { TokenVerification, VerifyTokenInput } from './verify';

export type OvhAuth =
  | { mode: 'consumer-key'; applicationKey: string; applicationSecret: string; consumerKey: string }
  | { mode: 'oauth2'; clientId: string; clientSecret: string; tokenUrl?: string };

export interface OvhClientOptions {
  endpoint: OvhEndpoint;
  auth: OvhAuth;
  /** Politeness cap for this account (default 8). */
  maxInFlight?: number;
  fetch?: typeof fetch;
  clock?: Clock;
  /** 0 <= x < 1, for backoff jitter. */
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Per request, headers and body included (default 30 s). */
  requestTimeoutMs?: number;
  polling?: Partial<PollingPolicy>;
  busy?: Partial<BusyPolicy>;
  /** `X-Pagination-Size` for IAM policy listings; not sent by default (the maximum is unverified). */
  iamPolicyPageSize?: number;
}

export interface TokenInput {
  name: string;
  /** Cluster to attach the token to; the service's default cluster when omitted. */
  clusterId?: string | null;
}

export interface OperationOptions extends BusyOptions {
  onProgress?: (progress: OperationProgress) => void;
  signal?: AbortSignal;
}

export type OvhTokenListing =
  | { status: 'ok'; serviceName: string; tokens: OvhToken[] }
  | { status: 'iam-enabled'; serviceName: string; explanation: string };

export type OvhServiceTokens =
  | { status: 'ok'; serviceName: string; service: OvhService; tokens: OvhToken[] }
  | { status: 'iam-enabled'; serviceName: string; service: OvhService; explanation: string }
  | { status: 'error'; serviceName: string; service: OvhService | null; error: ErrorPayload };

export interface OvhDeleteResult {
  tokenId: string;
  /** The delete operation, or null when the answer was lost and a re-read showed the token gone. */
  operationId: string | null;
}

export interface OvhTokenEndpoints {
  graylogUrl: string | undefined;
  opensearchUrl: string | undefined;
}

export interface OvhClient {
  readonly endpoint: ResolvedEndpoint;
  readonly authMode: OvhAuth['mode'];
  /** `GET /auth/time`: the server's Unix time in seconds. */
  serverTime(signal?: AbortSignal): Promise<number>;
  /** `GET /auth/currentCredential` (consumer-key mode). */
  currentCredential(options?: { signal?: AbortSignal; recoverAuth?: boolean }): Promise<OvhCredentialInfo>;
  listServiceNames(signal?: AbortSignal): Promise<string[]>;
  getService(serviceName: string, signal?: AbortSignal): Promise<OvhService>;
  /** Names, then every service in parallel (within the cap). */
  listServices(signal?: AbortSignal): Promise<OvhService[]>;
  listClusterIds(serviceName: string, signal?: AbortSignal): Promise<string[]>;
  getCluster(serviceName: string, clusterId: string, signal?: AbortSignal): Promise<OvhCluster>;
  listClusters(serviceName: string, signal?: AbortSignal): Promise<OvhCluster[]>;
  /** `GET /dbaas/logs/{service}/url`: the API's own list of the service's endpoints. */
  getUrls(serviceName: string, signal?: AbortSignal): Promise<OvhServiceUrl[]>;
  /** Graylog API and OpenSearch API addresses to verify a token of that cluster against. */
  tokenEndpoints(serviceName: string, clusterId?: string | null, signal?: AbortSignal): Promise<OvhTokenEndpoints>;
  listTokenIds(serviceName: string, options?: { namePattern?: string; signal?: AbortSignal }): Promise<string[]>;
  /** The token, its secret value included. */
  getToken(serviceName: string, tokenId: string, signal?: AbortSignal): Promise<OvhToken>;
  /** Ids, then every token in parallel (within the cap). An IAM-enabled service gives `status: 'iam-enabled'`. */
  listTokens(serviceName: string, signal?: AbortSignal): Promise<OvhTokenListing>;
  /** Every service of the account with its tokens; one failing service does not hide the others. */
  listAccountTokens(signal?: AbortSignal): Promise<OvhServiceTokens[]>;
  listOperationIds(serviceName: string, signal?: AbortSignal): Promise<string[]>;
  getOperation(serviceName: string, operationId: string, signal?: AbortSignal): Promise<OvhOperation>;
  /** POST, wait for the operation, read `tokenId` from the finished operation, GET the token. */
  createToken(serviceName: string, input: TokenInput, options?: OperationOptions): Promise<OvhToken>;
  /** DELETE, wait for the operation. */
  deleteToken(serviceName: string, tokenId: string, options?: OperationOptions): Promise<OvhDeleteResult>;
  verifyToken(input: VerifyTokenInput): Promise<TokenVerification>;
  /** OVHcloud IAM: local users, their personal access tokens, IAM policies (`/v2`), who reaches which service. */
  readonly iam: OvhIamClient;
  /** A personal access token: Bearer on Graylog and OpenSearch, hybrid `pat_jwt_` Basic on OpenSearch. */
  verifyIamToken(input: VerifyTokenInput & { patUser?: string }): Promise<TokenVerification>;
  /** True / false once known (from the service or a 403 IAMService), undefined before. */
  isIamEnabled(serviceName: string): boolean | undefined;
}
