/**
 * What the token service needs from a provider, per account. Each provider implements it over its
 * own client (providers/ovh/adapter.ts, providers/logscale/adapter.ts); the service never sees a
 * provider's API shapes, and the adapters never touch the metadata store or the vault.
 */
import type { CreateOptions, CreateRequest, IpFilterSummary, PolicySummary, ServiceSummary, SyncNote, TokenRecord, VerifyReport, ViewSummary } from '../model';

/** A token as a provider describes it: the record's provider-side fields, and the value when the provider gives it. */
export type RemoteToken = Pick<TokenRecord, 'kind' | 'remoteId' | 'container' | 'name' | 'scope' | 'createdAt' | 'expiresAt' | 'ipFilter'> & {
  /** LDP values, LogScale ingest tokens and LDP stream write tokens come on every read: the service keeps the value in the vault and fingerprints it. */
  value?: string;
};

/** Counts the tokens a sync reads, for the window's progress bar ("312 of 1,000"). */
export interface ListProgress {
  /** There are `count` more tokens to read. */
  expect(count: number): void;
  /** `count` (default 1) more tokens were read. */
  read(count?: number): void;
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
  /** As far as the create's answer tells; `describeCreated` reads the rest where the provider has it. */
  token: RemoteToken;
  /** The secret, exactly as the provider returned it (shown once for LogScale). */
  value: string;
  requestId?: string;
  /** The new value replaces the credential the account itself signs in with (LogScale personal token). */
  replacesAccountCredential?: boolean;
}

export interface ProviderAdapter {
  /** Proves the account's credentials work, in one sentence for the admin; throws the provider's error otherwise. */
  testConnection(): Promise<{ detail: string }>;
  /** Everything a create form shows before submitting (services, clusters, policies, permissions). */
  createOptions(): Promise<CreateOptions>;
  /**
   * Reads the account's tokens; `known` holds the keys already in the store (LDP skips their
   * details). `progress` hears how many tokens there are to read, and each one read.
   */
  list(known: ReadonlySet<string>, progress?: ListProgress): Promise<ListResult>;
  /** Creates a token and returns its value as soon as the provider answers, making no further request. */
  create(request: CreateRequest): Promise<CreatedRemote>;
  /**
   * For providers whose create answers little more than the secret (LogScale): reads the new token's
   * details. The service calls it only once the value is kept, so a failure here costs details
   * until the next sync, never the secret.
   */
  describeCreated?(created: CreatedRemote): Promise<RemoteToken>;
  /** LogScale rotates in place (new id, new secret, old one gone); LDP creates a successor. */
  rotate(record: TokenRecord): Promise<CreatedRemote & { oldStillValid: boolean }>;
  revoke(record: TokenRecord): Promise<{ requestId?: string }>;
  verify(record: TokenRecord, value: string): Promise<VerifyReport>;
  /** Whether the provider now refuses this value (after a revoke: "verified dead"). */
  rejects(record: TokenRecord, value: string): Promise<boolean>;
  /** LogScale ingest tokens: assigns a parser of the token's repository (null: none). Returns the token as it is now. */
  setParser?(record: TokenRecord, parser: string | null): Promise<RemoteToken>;
  /** What the account holds besides tokens, read-only (the CLI's browse commands). */
  resources?: AccountResources;
}

/** Read-only views of an account; a provider offers the ones it has. Errors are the provider's, never swallowed. */
export interface AccountResources {
  services?(): Promise<ServiceSummary[]>;
  ipFilters?(): Promise<IpFilterSummary[]>;
  views?(): Promise<ViewSummary[]>;
  policies?(): Promise<PolicySummary>;
}

export const remoteKey = (t: Pick<RemoteToken, 'kind' | 'container' | 'remoteId'>): string => `${t.kind}|${t.container}|${t.remoteId}`;

/** The containers of a kind among keys (see remoteKey): what a listing must leave alone when it cannot read that kind at all. */
export function containersOf(keys: Iterable<string>, kind: RemoteToken['kind']): string[] {
  const prefix = `${kind}|`;
  const found = new Set<string>();
  for (const key of keys) if (key.startsWith(prefix)) found.add(key.slice(prefix.length, key.indexOf('|', prefix.length)));
  return [...found];
}
