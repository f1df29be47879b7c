/** What a failure looks like once it leaves the core: a stable code, words for the admin, and the provider's own report. */
import type { Provider } from './providers';

export type ErrorCode =
  | 'invalid-input' // a payload or argument failed validation
  | 'unknown-channel' // an IPC channel that is not in the contract
  | 'forbidden-sender' // an IPC call from a frame that is not our main frame
  | 'keychain-unavailable' // no OS keychain (Secret Service, Keychain, Credential Vault)
  | 'keychain-failed' // the OS keychain answered with an error
  | 'vault-entry-unreadable' // a vault entry is missing or damaged (an account's credentials)
  | 'not-found' // the account / token / resource does not exist
  | 'conflict' // name already used, or a concurrent change
  | 'policy' // refused before sending because a provider policy forbids it
  | 'auth' // provider rejected our credentials (401, invalid signature, expired)
  | 'forbidden' // provider says we are not allowed (403, not granted, IP filter)
  | 'busy' // provider busy (LDP operation running), after bounded retries
  | 'rate-limited' // 429 after bounded retries
  | 'unreachable' // network error, timeout, DNS, TLS
  | 'provider' // any other provider error (5xx, malformed body, GraphQL error)
  | 'timeout' // we gave up waiting (async operation)
  | 'locked' // the app is locked: unlock it first
  | 'internal'; // a bug: should never reach a user

/** What a provider said, kept verbatim for the user and for support tickets. */
export interface ProviderErrorInfo {
  provider: Provider;
  status?: number; // HTTP status
  errorClass?: string; // OVH `class` / `errorCode`, or GraphQL extensions code
  message?: string; // the provider's own message
  requestId?: string; // OVH X-Ovh-QueryID, or a LogScale trace id when present
  path?: string; // GraphQL error path, or the HTTP route
}

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  provider?: ProviderErrorInfo;
  /** Field-level problems for invalid input: `path: what is wrong` (never the received value). */
  issues?: string[];
}
