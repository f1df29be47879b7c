/**
 * The emulator's world: one organization with users, API tokens of the four kinds, IP filters,
 * views/repositories and token security policies. Behaviour follows reference/logscale.md §10;
 * every place where the real behaviour is unverified says what the emulator chose.
 *
 * This file deliberately shares no code with the client (main/core/providers/logscale): the
 * emulator plays the server, so a client bug cannot hide behind the same helper on both sides.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { ipFilterAllows, IpFilterSyntaxError, parseIpFilterRules } from './ip-filter';

export type EmuKind = 'system' | 'organization' | 'view' | 'personal';

export interface EmuToken {
  kind: EmuKind;
  id: string;
  secretHash: Buffer;
  name: string;
  createdAt: number;
  expireAt: number | null;
  ipFilterId: string | null;
  permissions: string[];
  viewIds: string[];
  /** Owner of a personal token. */
  userId: string | null;
}

export interface EmuUser {
  id: string;
  username: string;
  isRoot: boolean;
}

export interface EmuIpFilter {
  id: string;
  name: string;
  ipFilter: string;
}

export interface EmuSearchDomain {
  id: string;
  name: string;
  type: 'View' | 'Repository';
  /** Repositories only: their parsers. */
  parsers: EmuParser[];
  /** Repositories only: their ingest tokens by name. */
  ingestTokens: Map<string, EmuIngestToken>;
}

export interface EmuParser {
  id: string;
  name: string;
}

/** An ingest token: no id, no expiry; the value is readable on every listing. */
export interface EmuIngestToken {
  name: string;
  token: string;
  parserId: string | null;
}

/** What the structured ingest endpoint received with a valid ingest token. */
export interface EmuIngested {
  repository: string;
  tokenName: string;
  events: number;
}

/** Parsers every repository has (LogScale ships built-in parsers; these are a few of their names). */
export const BUILT_IN_PARSERS = ['accesslog', 'json', 'kv', 'syslog'];

/** The error text LogScale's docs quote for a caller without ChangeIngestTokens (reference §1.5). */
export const NO_INGEST_PERMISSION = "You don't have permission to read ingest tokens.";

export interface EmuKindPolicy {
  enabled: boolean;
  maxExpiryMs: number | null;
  ipFilterId: string | null;
  /** Off by default (humio-operator's comment; reference §5). Personal tokens: not applicable. */
  allowPermissionUpdates: boolean;
}

/** Who is calling: the token that authenticated and, for a personal token, its user. */
export interface Principal {
  token: EmuToken;
  user: EmuUser | null;
}

/** A refusal the server reports in GraphQL `errors[]` (HTTP 200). */
export class EmulatorGraphQLError extends Error {}

export const TYPENAME: Record<EmuKind, string> = {
  system: 'SystemPermissionsToken',
  organization: 'OrganizationPermissionsToken',
  view: 'ViewPermissionsToken',
  personal: 'PersonalUserToken',
};

export const TYPE_FILTER_KIND: Record<string, EmuKind | null> = {
  SystemPermissionToken: 'system',
  OrganizationPermissionToken: 'organization',
  ViewPermissionToken: 'view',
  // No object type implements it in 1.204; the emulator holds none.
  OrganizationManagementPermissionToken: null,
};

/** Umbrella view permissions LogScale reports as their parts (reference §3). */
const UMBRELLAS: Record<string, string[]> = {
  ChangeFiles: ['CreateFiles', 'UpdateFiles', 'DeleteFiles'],
  ChangeDashboards: ['CreateDashboards', 'UpdateDashboards', 'DeleteDashboards'],
  ChangeSavedQueries: ['CreateSavedQueries', 'UpdateSavedQueries', 'DeleteSavedQueries'],
  ChangeScheduledReports: ['CreateScheduledReports', 'UpdateScheduledReports', 'DeleteScheduledReports'],
  ChangeTriggers: ['CreateTriggers', 'UpdateTriggers', 'DeleteTriggers'],
  ChangeActions: ['CreateActions', 'UpdateActions', 'DeleteActions'],
};

/**
 * How long an expired token stays listed (docs: UI lists show expired tokens up to ~5 min).
 * Whether `tokens(...)` returns them in that window is unverified; the emulator does.
 */
export const EXPIRED_LISTED_FOR_MS = 5 * 60_000;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlnum(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; i < bytes.length && out.length < length; i++) {
    const b = bytes[i] as number;
    if (b < 248) out += ALPHABET[b % 62];
  }
  while (out.length < length) out += ALPHABET[(randomBytes(1)[0] as number) % 62];
  return out;
}

const hash = (secret: string): Buffer => createHash('sha256').update(secret).digest();

export function normaliseViewPermissions(permissions: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of permissions) for (const part of UMBRELLAS[p] ?? [p]) out.add(part);
  out.add('OrganizationOwnedQueries');
  return [...out].sort();
}

export interface CreateInput {
  name?: string;
  expireAt?: number | null;
  ipFilterId?: string | null;
  permissions?: string[];
  viewIds?: string[];
}

export class LogScaleState {
  readonly users = new Map<string, EmuUser>();
  readonly tokens = new Map<string, EmuToken>();
  readonly ipFilters = new Map<string, EmuIpFilter>();
  readonly searchDomains = new Map<string, EmuSearchDomain>();
  /**
   * Repositories on which even a root caller lacks ChangeIngestTokens (a test knob; non-root users
   * lack it everywhere). Which permission the real server checks for listing is ChangeIngestTokens
   * according to its docs; the exact rule per caller kind is unverified.
   */
  readonly ingestDenied = new Set<string>();
  /** Every batch the structured ingest endpoint accepted. */
  readonly ingested: EmuIngested[] = [];
  readonly organization = { id: 'SINGLE_ORGANIZATION_ID', name: 'Tokendesk Emulated Org' };
  readonly policies: Record<EmuKind, EmuKindPolicy> = {
    personal: { enabled: true, maxExpiryMs: null, ipFilterId: null, allowPermissionUpdates: false },
    view: { enabled: true, maxExpiryMs: null, ipFilterId: null, allowPermissionUpdates: false },
    organization: { enabled: true, maxExpiryMs: null, ipFilterId: null, allowPermissionUpdates: false },
    system: { enabled: true, maxExpiryMs: null, ipFilterId: null, allowPermissionUpdates: false },
  };

  constructor(readonly now: () => number) {}

  // ------------------------------------------------------------------ users, domains, filters

  addUser(username: string, isRoot = false): EmuUser {
    const user: EmuUser = { id: randomAlnum(24), username, isRoot };
    this.users.set(user.id, user);
    return user;
  }

  addSearchDomain(name: string, type: 'View' | 'Repository' = 'View'): EmuSearchDomain {
    const parsers = type === 'Repository' ? BUILT_IN_PARSERS.map((p) => ({ id: randomAlnum(20), name: p })) : [];
    const domain: EmuSearchDomain = { id: randomAlnum(24), name, type, parsers, ingestTokens: new Map() };
    this.searchDomains.set(domain.id, domain);
    return domain;
  }

  // ------------------------------------------------------------------ ingest tokens

  repository(name: string): EmuSearchDomain {
    const repo = [...this.searchDomains.values()].find((d) => d.name === name);
    // The real message for an unknown repository is unverified.
    if (!repo || repo.type !== 'Repository') throw new EmulatorGraphQLError(`Could not find a repository named '${name}'`);
    return repo;
  }

  /** ChangeIngestTokens: a root user has it except where a test denies it; other callers never. */
  requireIngestPermission(principal: Principal, repo: EmuSearchDomain): void {
    if (!principal.user?.isRoot || this.ingestDenied.has(repo.name)) throw new EmulatorGraphQLError(NO_INGEST_PERMISSION);
  }

  /** By id or by name, as the real `parser: String` argument documents. */
  parserOf(repo: EmuSearchDomain, parser: string): EmuParser {
    const found = repo.parsers.find((p) => p.id === parser || p.name === parser);
    if (!found) throw new EmulatorGraphQLError(`Could not find a parser named '${parser}' in repository '${repo.name}'`);
    return found;
  }

  /**
   * A new ingest token. The real value format is undocumented; the emulator issues UUIDs (the shape
   * seen in public shipper configurations, unverified). Names are unique per repository (unverified).
   */
  addIngestToken(repo: EmuSearchDomain, name: string, parser: string | null): EmuIngestToken {
    if (!name.trim()) throw new EmulatorGraphQLError('The ingest token name must not be empty');
    if (repo.ingestTokens.has(name)) throw new EmulatorGraphQLError(`An ingest token named '${name}' already exists in repository '${repo.name}'`);
    const token: EmuIngestToken = { name, token: randomUUID(), parserId: parser === null ? null : this.parserOf(repo, parser).id };
    repo.ingestTokens.set(name, token);
    return token;
  }

  ingestToken(repo: EmuSearchDomain, name: string): EmuIngestToken {
    const token = repo.ingestTokens.get(name);
    if (!token) throw new EmulatorGraphQLError(`Could not find an ingest token named '${name}' in repository '${repo.name}'`);
    return token;
  }

  /** The repository and token a value belongs to (the ingest endpoint's authentication); null → 401. */
  authenticateIngest(value: string): { repo: EmuSearchDomain; token: EmuIngestToken } | null {
    for (const repo of this.searchDomains.values()) for (const token of repo.ingestTokens.values()) if (token.token === value) return { repo, token };
    return null;
  }

  createIpFilter(name: string, ipFilter: string): EmuIpFilter {
    if (!name.trim()) throw new EmulatorGraphQLError('The IP filter name must not be empty');
    this.checkRules(ipFilter);
    // Names are not unique (reference §4).
    const filter: EmuIpFilter = { id: randomAlnum(20), name, ipFilter };
    this.ipFilters.set(filter.id, filter);
    return filter;
  }

  updateIpFilter(id: string, name: string | null | undefined, ipFilter: string | null | undefined): EmuIpFilter {
    const filter = this.ipFilters.get(id);
    if (!filter) throw new EmulatorGraphQLError(`IP filter with id ${id} was not found`);
    if (typeof ipFilter === 'string') this.checkRules(ipFilter);
    if (typeof name === 'string') filter.name = name;
    if (typeof ipFilter === 'string') filter.ipFilter = ipFilter;
    return filter;
  }

  /** Refused while a token or a policy uses the filter (unverified; the careful reading). */
  deleteIpFilter(id: string): boolean {
    if (!this.ipFilters.has(id)) throw new EmulatorGraphQLError(`IP filter with id ${id} was not found`);
    const usedByToken = [...this.tokens.values()].some((t) => t.ipFilterId === id);
    const usedByPolicy = Object.values(this.policies).some((p) => p.ipFilterId === id);
    if (usedByToken || usedByPolicy) throw new EmulatorGraphQLError('The IP filter is in use by a token or a token security policy and cannot be deleted');
    return this.ipFilters.delete(id);
  }

  private checkRules(text: string): void {
    try {
      parseIpFilterRules(text);
    } catch (error) {
      if (error instanceof IpFilterSyntaxError) throw new EmulatorGraphQLError(error.message);
      throw error;
    }
  }

  // ------------------------------------------------------------------ authentication

  /** The token behind a bearer string when it is valid now; null otherwise (→ 401). */
  authenticate(bearer: string): EmuToken | null {
    const at = bearer.indexOf('~');
    if (at <= 0) return null;
    const token = this.tokens.get(bearer.slice(0, at));
    if (!token) return null;
    const given = hash(bearer.slice(at + 1));
    if (!timingSafeEqual(given, token.secretHash)) return null;
    if (token.expireAt !== null && token.expireAt <= this.now()) return null;
    return token;
  }

  /** Whether the token may be used from `address` (its own filter, or the kind's forced one). */
  addressAllowed(token: EmuToken, address: string): boolean {
    const filterId = this.policies[token.kind].ipFilterId ?? token.ipFilterId;
    if (!filterId) return true;
    const filter = this.ipFilters.get(filterId);
    if (!filter) return false; // a dangling filter reference fails closed
    return ipFilterAllows(filter.ipFilter, address);
  }

  principalOf(token: EmuToken): Principal {
    return { token, user: token.userId ? (this.users.get(token.userId) ?? null) : null };
  }

  // ------------------------------------------------------------------ tokens

  /** Inserts a token directly (seeding, admin bootstrap). Returns the `<id>~<secret>` string. */
  issue(fields: Omit<EmuToken, 'id' | 'secretHash' | 'createdAt'> & { createdAt?: number }): { token: EmuToken; secret: string } {
    const id = randomAlnum(fields.kind === 'personal' ? 24 : 32);
    const secretPart = randomAlnum(44);
    const token: EmuToken = { ...fields, id, secretHash: hash(secretPart), createdAt: fields.createdAt ?? this.now() };
    this.tokens.set(id, token);
    return { token, secret: `${id}~${secretPart}` };
  }

  isListed(token: EmuToken): boolean {
    return token.expireAt === null || token.expireAt + EXPIRED_LISTED_FOR_MS > this.now();
  }

  /** Create through the API: policy, expiry, IP filter and view checks, as the server would. */
  create(kind: EmuKind, input: CreateInput, owner: EmuUser | null): string {
    const policy = this.policies[kind];
    const now = this.now();
    if (!policy.enabled) throw new EmulatorGraphQLError(`${label(kind)} tokens are disabled by the organization's token security policy`);
    const expireAt = input.expireAt ?? null;
    if (expireAt !== null && expireAt <= now) throw new EmulatorGraphQLError('The expiration time must be in the future');
    if (policy.maxExpiryMs !== null) {
      // Unverified whether the server refuses or fills in a missing expiry; the emulator refuses.
      if (expireAt === null || expireAt - now > policy.maxExpiryMs) {
        throw new EmulatorGraphQLError(`The token security policy requires ${label(kind).toLowerCase()} tokens to expire within ${policy.maxExpiryMs} ms`);
      }
    }
    let ipFilterId = input.ipFilterId ?? null;
    if (policy.ipFilterId) {
      // Unverified: a different explicit filter is refused; none given gets the forced one.
      if (ipFilterId && ipFilterId !== policy.ipFilterId) {
        throw new EmulatorGraphQLError(`The token security policy enforces IP filter ${policy.ipFilterId} on ${label(kind).toLowerCase()} tokens`);
      }
      ipFilterId = policy.ipFilterId;
    }
    if (ipFilterId && !this.ipFilters.has(ipFilterId)) throw new EmulatorGraphQLError(`IP filter with id ${ipFilterId} was not found`);

    let name = input.name ?? '';
    let permissions = [...(input.permissions ?? [])];
    const viewIds = [...new Set(input.viewIds ?? [])];
    if (kind === 'personal') {
      if (!owner) throw new EmulatorGraphQLError('Personal user tokens can only be created by a user');
      name = `Personal token (${owner.username})`;
      permissions = [];
      // One per user: creating replaces the existing one (humio/cli PR #174; unverified).
      for (const t of this.tokens.values()) if (t.kind === 'personal' && t.userId === owner.id) this.tokens.delete(t.id);
    } else {
      if (!name.trim()) throw new EmulatorGraphQLError('The token name must not be empty');
      if (kind === 'view') {
        if (viewIds.length === 0) throw new EmulatorGraphQLError('A view permissions token needs at least one view');
        for (const id of viewIds) if (!this.searchDomains.has(id)) throw new EmulatorGraphQLError(`View with id ${id} was not found`);
        permissions = normaliseViewPermissions(permissions);
      } else {
        permissions = [...new Set(permissions)];
      }
    }
    const { secret } = this.issue({ kind, name, expireAt, ipFilterId, permissions, viewIds, userId: owner && kind === 'personal' ? owner.id : null });
    return secret;
  }

  find(id: string): EmuToken | undefined {
    const token = this.tokens.get(id);
    return token && this.isListed(token) ? token : undefined;
  }

  updatePermissions(kind: Exclude<EmuKind, 'personal'>, id: string, permissions: string[]): string {
    const token = this.find(id);
    if (!token || token.kind !== kind) throw new EmulatorGraphQLError(`Token with id ${id} was not found`);
    if (!this.policies[kind].allowPermissionUpdates) {
      throw new EmulatorGraphQLError(`Permission updates on ${label(kind).toLowerCase()} tokens are not allowed by the organization's token security policy`);
    }
    token.permissions = kind === 'view' ? normaliseViewPermissions(permissions) : [...new Set(permissions)];
    // What the real String! holds is unverified; a docs example echoes the token id.
    return token.id;
  }

  /** New id and new secret; the old id stops existing. createdAt is reset (unverified). */
  rotate(token: EmuToken): string {
    this.tokens.delete(token.id);
    const { secret } = this.issue({
      kind: token.kind,
      name: token.name,
      expireAt: token.expireAt,
      ipFilterId: token.ipFilterId,
      permissions: token.permissions,
      viewIds: token.viewIds,
      userId: token.userId,
    });
    return secret;
  }

  personalTokenOf(userId: string): EmuToken | undefined {
    for (const t of this.tokens.values()) if (t.kind === 'personal' && t.userId === userId && this.isListed(t)) return t;
    return undefined;
  }

  delete(id: string): boolean {
    if (!this.find(id)) throw new EmulatorGraphQLError(`Token with id ${id} was not found`);
    return this.tokens.delete(id);
  }

  /** `tokens(...)`: type filter, search (substring of id or name, case-insensitive; unverified), sort, page. */
  search(args: {
    searchFilter?: string | null;
    typeFilter?: string[] | null;
    sortBy: 'Name' | 'ExpirationDate';
    orderBy?: 'ASC' | 'DESC' | null;
    skip?: number | null;
    limit?: number | null;
  }): { totalResults: number; results: EmuToken[] } {
    // Without a type filter: the three listable kinds. Whether personal tokens are ever listed is unverified.
    const kinds = new Set<EmuKind>(
      args.typeFilter && args.typeFilter.length
        ? args.typeFilter.map((t) => TYPE_FILTER_KIND[t]).filter((k): k is EmuKind => !!k)
        : ['system', 'organization', 'view'],
    );
    const needle = args.searchFilter?.toLowerCase() ?? '';
    const matching = [...this.tokens.values()].filter(
      (t) => kinds.has(t.kind) && this.isListed(t) && (!needle || t.id.toLowerCase().includes(needle) || t.name.toLowerCase().includes(needle)),
    );
    const direction = args.orderBy === 'DESC' ? -1 : 1;
    matching.sort((a, b) => {
      let c: number;
      if (args.sortBy === 'ExpirationDate') c = (a.expireAt ?? Number.MAX_SAFE_INTEGER) - (b.expireAt ?? Number.MAX_SAFE_INTEGER);
      else c = a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
      if (c === 0) c = a.id < b.id ? -1 : a.id > b.id ? 1 : 0; // stable pages
      return c * direction;
    });
    const skip = Math.max(0, args.skip ?? 0);
    const limit = Math.max(0, args.limit ?? 50); // documented default 50; max unverified (none here)
    return { totalResults: matching.length, results: matching.slice(skip, skip + limit) };
  }

  // ------------------------------------------------------------------ policies

  /**
   * `updateTokenSecurityPolicies`, with its retroactive effects (schema description):
   * disabling a kind deletes its tokens; a forced IP filter is written onto existing tokens;
   * a maximum expiry pulls in tokens beyond it (including never-expiring ones) to now + max and
   * keeps those inside. "Tokens below the expiration will be deleted" is ambiguous (unverified);
   * the emulator deletes nothing for expiry.
   */
  updatePolicies(input: Record<string, unknown>): void {
    const prefix: Record<EmuKind, string> = {
      personal: 'personalUserTokens',
      view: 'viewPermissionTokens',
      organization: 'organizationPermissionTokens',
      system: 'systemPermissionTokens',
    };
    const next: Record<EmuKind, EmuKindPolicy> = { ...this.policies };
    for (const kind of Object.keys(prefix) as EmuKind[]) {
      const p = prefix[kind];
      const current = this.policies[kind];
      const enabled = input[`${p}Enabled`];
      const max = input[`${p}EnforceExpirationAfterMs`];
      const filter = input[`${p}EnforceIpFilterId`];
      const updates = input[`${p}AllowPermissionUpdates`];
      if (typeof filter === 'string' && !this.ipFilters.has(filter)) throw new EmulatorGraphQLError(`IP filter with id ${filter} was not found`);
      if (typeof max === 'number' && max <= 0) throw new EmulatorGraphQLError('The enforced expiration must be positive');
      next[kind] = {
        // system* fields are optional in the input: an omitted boolean keeps its value (unverified).
        enabled: typeof enabled === 'boolean' ? enabled : current.enabled,
        maxExpiryMs: typeof max === 'number' ? max : null,
        ipFilterId: typeof filter === 'string' ? filter : null,
        allowPermissionUpdates: kind === 'personal' ? false : typeof updates === 'boolean' ? updates : current.allowPermissionUpdates,
      };
    }
    Object.assign(this.policies, next);
    const now = this.now();
    for (const token of [...this.tokens.values()]) {
      const policy = this.policies[token.kind];
      if (!policy.enabled) {
        this.tokens.delete(token.id);
        continue;
      }
      if (policy.ipFilterId) token.ipFilterId = policy.ipFilterId;
      if (policy.maxExpiryMs !== null && (token.expireAt === null || token.expireAt > now + policy.maxExpiryMs)) token.expireAt = now + policy.maxExpiryMs;
    }
  }
}

function label(kind: EmuKind): string {
  return { system: 'System permission', organization: 'Organization permission', view: 'View permission', personal: 'Personal user' }[kind];
}
