/**
 * The LogScale client: every token kind (system, organization, view, personal), IP filters and
 * token security policies, over LogScale's GraphQL API. Plain Node; no Electron, no `graphql`
 * package (documents are strings in documents.ts).
 *
 * This class is a facade: the work is in token-reads.ts, token-writes.ts, ip-filters.ts and
 * token-policies.ts, with answer parsing in parse.ts and input checks in validate.ts.
 *
 * Round trips, for the record (docs/providers/logscale.md):
 *  - list: one per page (pages after the first are read `pageConcurrency` at a time);
 *  - create: policy read (skipped when the caller passes `policies`) + create (personal: a
 *    `viewer` read first); the token's details are the caller's next call, once the secret is safe;
 *  - rotate: one (personal: two, the user id is read first);
 *  - update permissions: policy read (skippable) + update + metadata read.
 */
import type { ClientContext } from './context';
import * as ipFilters from './ip-filters';
import * as policies from './token-policies';
import type { PolicyOption } from './token-policies';
import * as reads from './token-reads';
import type { ListTokensOptions } from './token-reads';
import * as writes from './token-writes';
import { LogScaleTransport, type LogScaleTransportOptions, type RequestOptions } from './transport';
import type {
  CreateTokenInput,
  CreatedToken,
  CredentialCheck,
  IpFilter,
  LogScaleStatus,
  LogScaleToken,
  PermissionTokenKind,
  RotatedToken,
  SearchDomainRef,
  TokenList,
  TokenPolicies,
  TokenPoliciesUpdate,
  TokenRef,
} from './types';

export interface LogScaleClientOptions extends LogScaleTransportOptions {
  /** Clock for expiry math and policy checks (epoch ms). Default Date.now. */
  now?: () => number;
  /** `limit` per `tokens(...)` page. Default 100 (the server's maximum is unverified; its default is 50). */
  pageSize?: number;
  /** Pages read in parallel once the first page gave the total. Default 4. */
  pageConcurrency?: number;
}

export class LogScaleClient {
  readonly transport: LogScaleTransport;
  private readonly context: ClientContext;

  constructor(options: LogScaleClientOptions) {
    this.transport = new LogScaleTransport(options);
    this.context = {
      transport: this.transport,
      now: options.now ?? Date.now,
      pageSize: Math.max(1, Math.floor(options.pageSize ?? 100)),
      pageConcurrency: Math.max(1, Math.floor(options.pageConcurrency ?? 4)),
    };
  }

  // ---------------------------------------------------------------- server and credentials

  /** Reachability and version, without authentication (`GET /api/v1/status`). */
  status(): Promise<LogScaleStatus> {
    return this.transport.status();
  }

  /**
   * Proves the token authenticates: any HTTP 200 from `/graphql` does (reference §1.4). 401/403
   * throw ('auth' / 'forbidden'). A GraphQL error on `viewerOpt` still means "authenticated".
   */
  checkCredentials(): Promise<CredentialCheck> {
    return reads.checkCredentials(this.context);
  }

  // ---------------------------------------------------------------- listing

  /** Every token of the given kinds, all pages, deduplicated by id, in the server's order. */
  listTokens(options: ListTokensOptions = {}): Promise<TokenList> {
    return reads.listTokens(this.context, options);
  }

  /** One token by id (null when it does not exist). Uses `tokens(searchFilter: id)` and compares ids. */
  getToken(kind: PermissionTokenKind, id: string): Promise<LogScaleToken | null> {
    return reads.getToken(this.context, kind, id);
  }

  /** The caller's user and personal token (null when they have none); `token` reads them with another bearer. */
  getPersonalToken(options: RequestOptions = {}): Promise<{ user: { id: string; username: string }; token: LogScaleToken | null }> {
    return reads.readPersonal(this.context, options.token);
  }

  /** Views and repositories the caller can see (ids for view tokens). */
  listSearchDomains(): Promise<SearchDomainRef[]> {
    return reads.listSearchDomains(this.context);
  }

  // ---------------------------------------------------------------- create

  /**
   * Creates a token and returns its show-once secret as soon as LogScale answers, with no request
   * after it: keep the secret first, then read the details (`getToken` / `getPersonalToken`). The
   * policy of the kind is checked first (AppError 'policy' with the reason, nothing sent).
   */
  createToken(input: CreateTokenInput, options: PolicyOption = {}): Promise<CreatedToken> {
    return writes.createToken(this.context, input, options);
  }

  // ---------------------------------------------------------------- update, rotate, delete

  /**
   * Replaces the permissions of a system/organization/view token. Refused before sending when the
   * policy says permission updates are off (the server's default). Returns the token as stored
   * (view tokens: umbrellas expanded, OrganizationOwnedQueries added), or null if it vanished.
   */
  updatePermissions(kind: PermissionTokenKind, id: string, permissions: readonly string[], options: PolicyOption = {}): Promise<LogScaleToken | null> {
    return writes.updatePermissions(this.context, kind, id, permissions, options);
  }

  /**
   * Rotates a token: LogScale invalidates the old secret and returns a new `<id>~<secret>` with a
   * NEW id. One round trip (personal tokens: two; LogScale rotates them by the user's id, as
   * humio-operator and humio/cli do; whether PersonalUserToken.id equals the user id is unverified).
   */
  rotateToken(ref: TokenRef): Promise<RotatedToken> {
    return writes.rotateToken(this.context, ref);
  }

  /**
   * Deletes (revokes) a token. A personal token is found through `viewer.token` and deleted by its
   * id (deleteToken on personal tokens is unverified). `false` from the server is treated as
   * "not found", so a failed revoke never looks like a success.
   */
  deleteToken(ref: TokenRef): Promise<void> {
    return writes.deleteToken(this.context, ref);
  }

  // ---------------------------------------------------------------- IP filters

  listIpFilters(): Promise<IpFilter[]> {
    return ipFilters.listIpFilters(this.context);
  }

  createIpFilter(input: { name: string; ipFilter: string }): Promise<IpFilter> {
    return ipFilters.createIpFilter(this.context, input);
  }

  /** Changes name and/or rules; omitted fields are not sent (so they are kept). */
  updateIpFilter(input: { id: string; name?: string; ipFilter?: string }): Promise<IpFilter> {
    return ipFilters.updateIpFilter(this.context, input);
  }

  deleteIpFilter(id: string): Promise<void> {
    return ipFilters.deleteIpFilter(this.context, id);
  }

  // ---------------------------------------------------------------- policies

  /** The organization's token security policies, per kind; null when the server does not expose them. */
  getTokenPolicies(): Promise<TokenPolicies | null> {
    return policies.getTokenPolicies(this.context);
  }

  /**
   * Replaces the policies (every field sent). The server then deletes tokens of disabled kinds,
   * pulls in expiries beyond a new maximum and writes a forced IP filter onto existing tokens.
   */
  updateTokenPolicies(update: TokenPoliciesUpdate): Promise<TokenPolicies | null> {
    return policies.updateTokenPolicies(this.context, update);
  }
}

export function createLogScaleClient(options: LogScaleClientOptions): LogScaleClient {
  return new LogScaleClient(options);
}
