/** Accounts: a provider connection the admin added, as the core keeps it and as the window sees it. */
import type { ErrorPayload } from './errors';
import type { Provider } from './providers';

/** The OVHcloud API regions Tokendesk knows, or a custom base URL. */
export type OvhEndpoint = 'ovh-eu' | 'ovh-ca' | 'ovh-us' | 'custom';

export interface OvhConnection {
  provider: 'ovh';
  endpoint: OvhEndpoint;
  baseUrl: string;
  authMode: 'consumer-key' | 'oauth2';
  /** The application key or OAuth2 client id: identifiers, not secrets. */
  appId: string;
}

export interface LogScaleConnection {
  provider: 'logscale';
  baseUrl: string;
}

/** What the store keeps of an account (never a credential). */
export interface AccountRecord {
  id: string;
  label: string;
  createdAt: string;
  connection: OvhConnection | LogScaleConnection;
}

/** What the window sees of an account. */
export interface AccountSummary extends AccountRecord {
  provider: Provider;
  /** Whether the vault still holds this account's credentials. */
  hasCredentials: boolean;
}

export type OvhCredentials = { mode: 'consumer-key'; applicationSecret: string; consumerKey: string } | { mode: 'oauth2'; clientSecret: string };
export type LogScaleCredentials = { token: string };
export type AccountCredentials = OvhCredentials | LogScaleCredentials;

/** A new account, as the add form or `tokendesk accounts add` gives it (the contract's schema checks it). */
export type AddAccountInput =
  | {
      provider: 'ovh';
      label: string;
      endpoint: OvhEndpoint;
      customBaseUrl?: string;
      auth:
        | { mode: 'consumer-key'; applicationKey: string; applicationSecret: string; consumerKey: string }
        | { mode: 'oauth2'; clientId: string; clientSecret: string };
    }
  | { provider: 'logscale'; label: string; baseUrl: string; token: string };

/** A new credential for an account (replaces the old one, which is forgotten). */
export type AccountCredentialInput =
  | { provider: 'logscale'; token: string }
  | { provider: 'ovh'; mode: 'consumer-key'; applicationKey: string; applicationSecret: string; consumerKey: string }
  | { provider: 'ovh'; mode: 'oauth2'; clientId: string; clientSecret: string };

/** What editing an account may change; absent fields stay as they are. */
export interface AccountChange {
  label?: string;
  /** LogScale: the cluster's URL. */
  baseUrl?: string;
  /** OVHcloud: the API region, or `custom` with customBaseUrl. */
  endpoint?: OvhEndpoint;
  customBaseUrl?: string;
  credentials?: AccountCredentialInput;
}

/** Why a connection test failed, in the words an admin acts on. */
export type ConnectionFailureKind = 'network' | 'tls' | 'auth' | 'permission' | 'other';

/** The answer of a connection test run before saving (the account is not saved either way). */
export type ConnectionCheck = { ok: true; detail: string } | { ok: false; kind: ConnectionFailureKind; message: string; error: ErrorPayload };
