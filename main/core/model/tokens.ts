/** Tokens: the provider-neutral record the core keeps, what the window sees, and what forms ask for. */
import type { ErrorPayload } from './errors';
import type { Provider } from './providers';
import type { AuditEntry } from './audit';

/**
 * `ingest`: a LogScale repository's ingest token (what log shippers send); `ldp-stream`: the write
 * token of an OVHcloud LDP Graylog stream (the `X-OVH-TOKEN` value shippers send). Both values are
 * readable again from the provider, like LDP token values.
 */
export type TokenKind = 'ldp' | 'system' | 'organization' | 'view' | 'personal' | 'iam-pat' | 'ingest' | 'ldp-stream';
export type TokenStatus = 'active' | 'expiring' | 'expired' | 'revoking' | 'revoked' | 'gone';
/**
 * `expiring` and `expired` are not stored; they are computed from `expiresAt`. Nor is `revoking`:
 * it lasts as long as one process's call to the provider, and a stored one would outlive a killed
 * process (the token would look busy for ever).
 */
export type StoredStatus = Extract<TokenStatus, 'active' | 'revoked' | 'gone'>;

export interface TokenScope {
  cluster?: string; // LDP cluster hostname
  clusterId?: string; // LDP cluster id (for verification endpoints)
  service?: string; // LDP service name
  permissions?: string[]; // LogScale permissions
  views?: string[]; // LogScale view names
  iam?: IamPatScope; // OVHcloud IAM personal access token (kind 'iam-pat')
  repository?: string; // LogScale ingest token: its repository
  parser?: string | null; // LogScale ingest token: the parser assigned to it (null: none)
  stream?: string; // LDP stream write token: the stream's title
}

/** What Tokendesk knows about an OVHcloud IAM personal access token besides name and dates. */
export interface IamPatScope {
  /** The local user's login; the record's container is `iam-user:<login>`. */
  user: string;
  description: string;
  /** When OVHcloud last saw it used; null: never (freshness unverified). */
  lastUsed: string | null;
  /** IAM-enabled LDP services the user's policies reach (service names). */
  services: string[];
  /** Read-only summary of the policies that grant that access. */
  policies: Array<{ id: string; name: string; actions: string[]; permissionsGroups: string[]; services: string[] }>;
}

/** A token as the metadata store keeps it (never a value: values live in the vault). */
export interface TokenRecord {
  id: string;
  accountId: string;
  provider: Provider;
  kind: TokenKind;
  /** The provider's id: LDP tokenId, LogScale token id, IAM PAT name. */
  remoteId: string;
  /** Where the token lives inside the account: the LDP service name, the IAM user; '' when flat. */
  container: string;
  name: string;
  scope: TokenScope;
  createdAt: string | null;
  expiresAt: string | null;
  ipFilter: string | null;
  hasSecret: boolean;
  /**
   * HMAC-SHA-256 of the value with the install's key (leak matching), when the value was seen.
   * Kept after the token is revoked, rotated or gone (the value never is), for the fingerprint
   * retention setting, so a leaked old value is still recognised.
   */
  fingerprint: string | null;
  status: StoredStatus;
  /** When the token was revoked or found gone (null while active). */
  statusSince?: string | null;
  /** The record that replaced this one in a rotation, and when. */
  rotatedTo?: { id: string; at: string } | null;
  /** When a sync last changed this record (when the account was last read is in its sync state). */
  lastSyncedAt: string | null;
  /**
   * The server the token lives on, set only once its account was pointed at another address
   * (tokens/token-server.ts): such a token is no longer synced, and never presented to the new one.
   */
  server?: string;
}

/** A token as the window sees it. */
export interface TokenSummary {
  id: string;
  accountId: string;
  provider: Provider;
  kind: TokenKind;
  name: string;
  scope: string;
  createdAt: string | null;
  expiresAt: string | null; // null = never expires
  ipFilter: string | null;
  hasSecret: boolean;
  status: TokenStatus;
  /** When it was revoked or found gone (null while it lives). */
  statusSince: string | null;
  /**
   * What to type to confirm a revoke: the name as shown, or, when another token of the account
   * has the same name, the name and the start of the id (`ci-reader #3fa9c2`).
   */
  confirmText: string;
  /** The account signs in with this very token: revoking it stops the account from syncing. */
  signsInAccount: boolean;
}

/** Everything the detail pane shows about one token (never its value). */
export interface TokenDetail {
  token: TokenSummary;
  /** LogScale permissions, with the labels LogScale's own UI uses. */
  permissions: Array<{ name: string; label: string }>;
  views: string[];
  /** LDP service and cluster hostname. */
  service: string | null;
  cluster: string | null;
  iam: IamPatScope | null;
  /** A LogScale ingest token's repository and parser (null: none); null for every other kind. */
  ingest: { repository: string; parser: string | null } | null;
  lastSyncedAt: string | null;
  /** The first 12 hex digits of the keyed fingerprint: names the value (as in the audit log) without revealing it. */
  fingerprintId: string | null;
  /** What happened to it, newest first (from the audit log). */
  history: AuditEntry[];
}

export type LogScaleTokenKind = 'system' | 'organization' | 'view' | 'personal';

export type TokenExpiry = { kind: 'never' } | { kind: 'duration'; amount: number; unit: 'minutes' | 'hours' | 'days' } | { kind: 'date'; at: string };

/**
 * What a create form sends (the contract's schema checks it). `kind` is the kind of token it
 * creates: OVH `ldp` (the default when absent) or `iam-pat`; LogScale its four kinds.
 */
export type CreateRequest =
  | { provider: 'ovh'; kind?: 'ldp'; serviceName: string; name: string; clusterId?: string }
  | {
      provider: 'ovh';
      kind: 'iam-pat';
      /** The IAM-enabled LDP service the token is for: the user must reach it through its IAM policies. */
      serviceName: string;
      /** The local user's login (the suffix after `<account-id>/`). */
      user: string;
      name: string;
      /** OVHcloud requires one; Tokendesk writes a default when absent. */
      description?: string;
      /** At most one of these two; neither: the token never expires (OVHcloud's default). */
      expiresAt?: string;
      /** Seconds. */
      expiresIn?: number;
    }
  | {
      provider: 'logscale';
      kind: LogScaleTokenKind;
      name?: string;
      permissions: string[];
      viewIds?: string[];
      expiry: TokenExpiry;
      ipFilterId?: string;
    }
  | {
      provider: 'logscale';
      kind: 'ingest';
      /** The repository's name (ingest tokens belong to one repository). */
      repository: string;
      name: string;
      /** A parser of that repository, by name; absent: none (LogScale then expects the shipper to name one). */
      parser?: string;
    };

/** What a create form needs to know about an account before the user submits. */
export type CreateOptions =
  | {
      provider: 'ovh';
      services: Array<{
        serviceName: string;
        displayName: string;
        state: string;
        /** IAM-enabled services take no LDP tokens: the form offers IAM personal access tokens instead. */
        iamEnabled: boolean;
        clusters: Array<{ clusterId: string; hostname: string; isDefault: boolean }>;
        /** IAM-enabled services: the local users whose IAM policies reach this service (a PAT is created for one of them). */
        iamUsers?: IamUserOption[];
      }>;
      /** Why the IAM users could not be read (e.g. a consumer key without the IAM access rules); absent otherwise. */
      iamUsersError?: ErrorPayload;
    }
  | {
      provider: 'logscale';
      /** Per kind, as the organization's token security policy says (null: the caller may not read it). */
      policies: Record<LogScaleTokenKind, KindPolicy> | null;
      ipFilters: Array<{ id: string; name: string }>;
      views: Array<{ id: string; name: string; type: string }>;
      /** Repositories, for ingest tokens, each with its parsers (by name). */
      repositories: Array<{ name: string; parsers: string[] }>;
      permissions: Record<'system' | 'organization' | 'view', Array<{ group: string; permissions: Array<{ name: string; label: string }> }>>;
      /** What could not be read, and why (a caller that may not read the policy, a broken account). */
      unreadable?: Partial<Record<'policies' | 'ipFilters' | 'views' | 'repositories', ErrorPayload>>;
    };

export interface IamUserOption {
  login: string;
  description: string;
  /** `OK`, `DISABLED`, `PASSWORD_CHANGE_REQUIRED` (or a value OVHcloud adds later). */
  status: string;
  group: string;
  /** The policies that give this user access to the service (read-only summary). */
  policies: Array<{ name: string; actions: string[]; permissionsGroups: string[] }>;
}

export interface KindPolicy {
  enabled: boolean;
  maxExpiryMs: number | null;
  forcedIpFilter: { id: string; name: string } | null;
  permissionUpdatesAllowed: boolean | null;
}

export interface CreatedResult {
  /** null only when the token exists at the provider but could not be recorded here (see warning). */
  token: TokenSummary | null;
  /** The value, returned once for the show-once dialog (LogScale, IAM PATs); LDP values can be revealed later. */
  secret: string;
  /** False when the vault refused it: the caller must make sure the user saves it now. */
  stored: boolean;
  warning?: string;
}

export interface RotatedResult extends CreatedResult {
  previous: { id: string; stillValid: boolean };
}

export interface RevokedResult {
  token: TokenSummary;
  requestId?: string;
  /** What could not be done after the provider confirmed the revoke (the token is revoked regardless). */
  warning?: string;
}

export interface EndpointCheck {
  endpoint: string;
  url: string;
  outcome: 'ok' | 'rejected' | 'unreachable' | 'error';
  status?: number;
  detail?: string;
}

export interface VerifyReport {
  checks: EndpointCheck[];
  /** A ready-to-paste command with the value masked. */
  example?: string;
}
