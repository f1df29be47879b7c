/**
 * The LogScale client: a transport and one object per concept (tokens, policies, IP filters,
 * views). The methods below keep the old flat names while callers move to the concept objects.
 */
import { LogScalePolicies, type PolicyOption } from './policies';
import type { CreateTokenInput, CreatedToken, CredentialCheck, IpFilter, LogScaleStatus, LogScaleToken, PermissionTokenKind, RotatedToken, SearchDomainRef, TokenList, TokenPolicies, TokenPoliciesUpdate, TokenRef } from './shapes';
import { LogScaleTokens, type ListTokensOptions, type PersonalToken } from './tokens';
import { LogScaleTransport, type LogScaleTransportOptions, type RequestOptions } from './transport';
import { LogScaleIpFilters, LogScaleViews } from './views-and-ip-filters';

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
  readonly policies: LogScalePolicies;
  readonly tokens: LogScaleTokens;
  readonly ipFilters: LogScaleIpFilters;
  readonly views: LogScaleViews;

  constructor(options: LogScaleClientOptions) {
    this.transport = new LogScaleTransport(options);
    this.policies = new LogScalePolicies(this.transport);
    this.tokens = new LogScaleTokens(this.transport, this.policies, {
      now: options.now ?? Date.now,
      pageSize: Math.max(1, Math.floor(options.pageSize ?? 100)),
      pageConcurrency: Math.max(1, Math.floor(options.pageConcurrency ?? 4)),
    });
    this.ipFilters = new LogScaleIpFilters(this.transport);
    this.views = new LogScaleViews(this.transport);
  }

  status(): Promise<LogScaleStatus> {
    return this.transport.status();
  }
  checkCredentials(): Promise<CredentialCheck> {
    return this.transport.checkCredentials();
  }
  listTokens(options: ListTokensOptions = {}): Promise<TokenList> {
    return this.tokens.list(options);
  }
  getToken(kind: PermissionTokenKind, id: string): Promise<LogScaleToken | null> {
    return this.tokens.get(kind, id);
  }
  getPersonalToken(options: RequestOptions = {}): Promise<PersonalToken> {
    return this.tokens.personal(options);
  }
  listSearchDomains(): Promise<SearchDomainRef[]> {
    return this.views.list();
  }
  createToken(input: CreateTokenInput, options: PolicyOption = {}): Promise<CreatedToken> {
    return this.tokens.create(input, options);
  }
  updatePermissions(kind: PermissionTokenKind, id: string, permissions: readonly string[], options: PolicyOption = {}): Promise<LogScaleToken | null> {
    return this.tokens.updatePermissions(kind, id, permissions, options);
  }
  rotateToken(ref: TokenRef): Promise<RotatedToken> {
    return this.tokens.rotate(ref);
  }
  deleteToken(ref: TokenRef): Promise<void> {
    return this.tokens.delete(ref);
  }
  listIpFilters(): Promise<IpFilter[]> {
    return this.ipFilters.list();
  }
  createIpFilter(input: { name: string; ipFilter: string }): Promise<IpFilter> {
    return this.ipFilters.create(input);
  }
  updateIpFilter(input: { id: string; name?: string; ipFilter?: string }): Promise<IpFilter> {
    return this.ipFilters.update(input);
  }
  deleteIpFilter(id: string): Promise<void> {
    return this.ipFilters.delete(id);
  }
  getTokenPolicies(): Promise<TokenPolicies | null> {
    return this.policies.read();
  }
  updateTokenPolicies(update: TokenPoliciesUpdate): Promise<TokenPolicies | null> {
    return this.policies.replace(update);
  }
}

export function createLogScaleClient(options: LogScaleClientOptions): LogScaleClient {
  return new LogScaleClient(options);
}
