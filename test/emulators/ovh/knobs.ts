/** The emulator's settings and fault injection (latency, clock, operations, errors). */
export interface OvhEmulatorKnobs {
  /** Added before every API answer (the injected round trip). */
  latencyMs: number;
  /** Server clock = real clock + this (what /auth/time returns and what timestamps are checked against). */
  clockOffsetSec: number;
  /** Accepted |X-Ovh-Timestamp - server time| in seconds. Unverified on the real API (no source gives the width). */
  timestampWindowSec: number;
  /** Answer to a timestamp outside the window. The real answer is unverified; INVALID_SIGNATURE by default. */
  staleTimestampError: 'INVALID_SIGNATURE' | 'QUERY_TIME_OUT';
  /** Answer to a signed call with a consumer key not yet validated (reference: INVALID_CREDENTIAL per §6, INVALID_SIGNATURE per php-ovh#62). */
  pendingCredentialError: 'INVALID_CREDENTIAL' | 'INVALID_SIGNATURE';
  /** How `*` in access rules matches: any text ('any', `/` included) or one path segment ('segment'). Unverified. */
  ruleWildcard: 'any' | 'segment';
  /** Total duration of an operation, PENDING -> RUNNING -> SUCCESS/FAILURE. */
  operationDelayMs: number;
  /** Operations stop at RUNNING until releaseOperations() (for busy and timeout tests). */
  holdOperations: boolean;
  /** How operations end, unless failNextOperations() said otherwise. */
  operationOutcome: 'SUCCESS' | 'FAILURE' | 'REVOKED';
  /** Operations pass through RETRY (then RUNNING again) before ending. */
  operationRetryPhase: boolean;
  /** `expires_in` of OAuth2 access tokens. */
  oauth2TokenTtlSec: number;
  /** Fraction (0..1) of API requests answered with `errorStatus`, before processing. */
  errorRate: number;
  errorStatus: number;
  /** Fraction of API requests whose connection is reset before processing. */
  resetRate: number;
  /** Fraction of API requests processed and then answered with a truncated JSON body. */
  malformedRate: number;
  /** Latency of the Graylog / OpenSearch stubs. */
  stubLatencyMs: number;
  /** How consumer-key rules name `/v2` routes: with the prefix (`/v2/iam/policy`) or without (`/iam/policy`). Unverified. */
  v2RulePath: 'with-prefix' | 'without-prefix';
  /** Page size of `GET /v2/iam/policy` when the request sends no X-Pagination-Size. */
  policyPageSize: number;
  /** The Graylog stub accepts the hybrid `pat_jwt_` Basic auth (unverified on the real Graylog; OpenSearch always does). */
  graylogPatBasic: boolean;
}

export const DEFAULT_KNOBS: OvhEmulatorKnobs = {
  latencyMs: 0,
  clockOffsetSec: 0,
  timestampWindowSec: 180,
  staleTimestampError: 'INVALID_SIGNATURE',
  pendingCredentialError: 'INVALID_CREDENTIAL',
  ruleWildcard: 'any',
  operationDelayMs: 200,
  holdOperations: false,
  operationOutcome: 'SUCCESS',
  operationRetryPhase: false,
  oauth2TokenTtlSec: 3599,
  errorRate: 0,
  errorStatus: 500,
  resetRate: 0,
  malformedRate: 0,
  stubLatencyMs: 0,
  v2RulePath: 'with-prefix',
  policyPageSize: 25,
  graylogPatBasic: false,
};

export type FaultKind =
  | 'status' // an error status (default 500) with an OVH-like body (HTML for 502/503/504, like a proxy)
  | 'rate-limit' // 429, with or without Retry-After
  | 'reset' // the connection is destroyed without an answer
  | 'malformed' // 200 with truncated JSON
  | 'wrong-content-type'; // 200 with an HTML page

export interface FaultSpec {
  kind: FaultKind;
  /** How many matching requests get it (default 1). */
  times?: number;
  /** 'before': the request is not processed. 'after': processed (state changed), then the answer is spoiled. */
  phase?: 'before' | 'after';
  method?: string;
  /** Matches the path after /1.0 (string: exact path or, ending with `*`, a prefix). */
  path?: string | RegExp;
  status?: number;
  /** For 'rate-limit': Retry-After in seconds, sent as delay-seconds or as an HTTP date. Omit for none. */
  retryAfterSec?: number;
  retryAfterFormat?: 'seconds' | 'date';
}

export interface ActiveFault extends Required<Pick<FaultSpec, 'kind' | 'phase'>> {
  spec: FaultSpec;
  remaining: number;
}

export function faultMatches(fault: ActiveFault, method: string, path: string): boolean {
  if (fault.spec.method && fault.spec.method.toUpperCase() !== method) return false;
  const p = fault.spec.path;
  if (p === undefined) return true;
  if (p instanceof RegExp) return p.test(path);
  return p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path.split('?')[0] === p;
}
