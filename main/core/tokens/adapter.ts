/**
 * What the token service needs from a provider, per account. Each provider implements it over its
 * own client (providers/ovh/adapter.ts, providers/logscale/adapter.ts); the service never sees a
 * provider's API shapes, and the adapters never touch the store or the keychain.
 */
import type { ErrorPayload } from '../errors';
import type { TokenRecord } from './record';

/** A token as a provider describes it: the record's provider-side fields, and the value when the provider gives it. */
export type RemoteToken = Pick<TokenRecord, 'kind' | 'remoteId' | 'container' | 'name' | 'scope' | 'createdAt' | 'expiresAt' | 'ipFilter'> & {
  /** LDP answers the value on every read: the service keeps it in the keychain and fingerprints it. */
  value?: string;
};

/** Something about a part of the account the admin should know (an IAM-enabled service, a failed service). */
export interface SyncNote {
  container: string;
  level: 'info' | 'error';
  message: string;
  error?: ErrorPayload;
}

export interface ListResult {
  /** Tokens read in full (new ones, or every token when the provider lists details anyway). */
  tokens: RemoteToken[];
  /** Keys (see remoteKey) of tokens that still exist and whose details were not re-read. */
  unchanged: string[];
  /** Containers that could not be read: their tokens are left as they were, never marked gone. */
  unreadable: string[];
  notes: SyncNote[];
}

export interface CreatedRemote {
  token: RemoteToken;
  /** The secret, exactly as the provider returned it (shown once for LogScale). */
  value: string;
  requestId?: string;
  /** The new value replaces the credential the account itself signs in with (LogScale personal token). */
  replacesAccountCredential?: boolean;
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

/**
 * What a create form sends. `kind` is the kind of token it creates (TokenKind): OVH `ldp` (the
 * default when absent) or `iam-pat`; LogScale its four kinds.
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
      kind: 'system' | 'organization' | 'view' | 'personal';
      name?: string;
      permissions: string[];
      viewIds?: string[];
      expiry: { kind: 'never' } | { kind: 'duration'; amount: number; unit: 'minutes' | 'hours' | 'days' } | { kind: 'date'; at: string };
      ipFilterId?: string;
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
      policies: Record<'system' | 'organization' | 'view' | 'personal', KindPolicy> | null;
      ipFilters: Array<{ id: string; name: string }>;
      views: Array<{ id: string; name: string; type: string }>;
      permissions: Record<'system' | 'organization' | 'view', Array<{ group: string; permissions: Array<{ name: string; label: string }> }>>;
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

export interface ProviderAdapter {
  /** Proves the account's credentials work, in one sentence for the admin; throws the provider's error otherwise. */
  testConnection(): Promise<{ detail: string }>;
  /** Everything a create form shows before submitting (services, clusters, policies, permissions). */
  createOptions(): Promise<CreateOptions>;
  /** Reads the account's tokens; `known` holds the keys already in the store (LDP skips their details). */
  list(known: ReadonlySet<string>): Promise<ListResult>;
  create(request: CreateRequest): Promise<CreatedRemote>;
  /** LogScale rotates in place (new id, new secret, old one gone); LDP creates a successor. */
  rotate(record: TokenRecord): Promise<CreatedRemote & { oldStillValid: boolean }>;
  revoke(record: TokenRecord): Promise<{ requestId?: string }>;
  verify(record: TokenRecord, value: string): Promise<VerifyReport>;
  /** Whether the provider now refuses this value (after a revoke: "verified dead"). */
  rejects(record: TokenRecord, value: string): Promise<boolean>;
}

export const remoteKey = (t: Pick<RemoteToken, 'kind' | 'container' | 'remoteId'>): string => `${t.kind}|${t.container}|${t.remoteId}`;
