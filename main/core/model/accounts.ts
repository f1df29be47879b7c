/** Accounts: a provider connection the admin added, as the core keeps it and as the window sees it. */
export type Provider = 'ovh' | 'logscale';

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
  /** Whether the keychain still holds this account's credentials. */
  hasCredentials: boolean;
}

export type OvhCredentials =
  | { mode: 'consumer-key'; applicationSecret: string; consumerKey: string }
  | { mode: 'oauth2'; clientSecret: string };
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

/** New credentials for an existing account (as at add; an OVHcloud key or client id may change with them). */
export type ReplacementCredentials =
  | { token: string }
  | { mode: 'consumer-key'; applicationKey?: string; applicationSecret: string; consumerKey: string }
  | { mode: 'oauth2'; clientId?: string; clientSecret: string };

/** Changes to an account (the edit form, `tokendesk accounts edit`); what is absent stays as it is. */
export interface EditAccountInput {
  label?: string;
  /** LogScale: the cluster URL; OVHcloud: the base URL of a custom endpoint (regions have theirs). */
  baseUrl?: string;
  credentials?: ReplacementCredentials;
  /** Check that a new URL or new credentials work before saving them (default: yes). */
  test?: boolean;
}
