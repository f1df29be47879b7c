/**
 * The emulator's world: applications (AK/AS), consumer keys, OAuth2 clients and access tokens,
 * LDP services with clusters, tokens and operations, and OVHcloud IAM (local users, their personal
 * access tokens, policies, resource groups). Plain data; routes live in api.ts and iam-api.ts.
 */
import { consumerKeyText, iamDate, ovhDate, patValue, prng, randomText, tokenValue, uuid } from './util';

export type CredentialState = 'expired' | 'pendingValidation' | 'refused' | 'validated';
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface EmuRule {
  method: Method;
  path: string;
}

export interface EmuApplication {
  applicationId: number;
  applicationKey: string;
  applicationSecret: string;
}

export interface EmuCredential {
  credentialId: number;
  applicationKey: string;
  consumerKey: string;
  state: CredentialState;
  rules: EmuRule[];
  redirection: string | null;
  credentialToken: string;
  creation: string;
  lastUse: string | null;
}

export interface EmuOAuthClient {
  clientId: string;
  clientSecret: string;
  /** Calls matching one of these are refused with 403 Client::Forbidden "User not granted for this request". */
  deny: EmuRule[];
}

export interface EmuAccessToken {
  value: string;
  clientId: string;
  expiresAtMs: number;
}

export interface EmuCluster {
  clusterId: string;
  hostname: string;
  clusterType: 'DEDICATED' | 'SHARED';
  certificationLevel: string;
  isDefault: boolean;
  isUnlocked: boolean;
  region: 'BHS' | 'GRA' | 'P-19' | 'RBX' | 'SBG';
  defaultRetentionId: string;
  archiveAllowedNetworks: string[];
  directInputAllowedNetworks: string[];
  queryAllowedNetworks: string[];
  dedicatedInputPEM: string;
  directInputPEM: string;
  /** Emulator only: POST token with this cluster -> 403 Client::Forbidden::AccessDenied. */
  accessDenied: boolean;
}

export interface EmuToken {
  tokenId: string;
  name: string;
  value: string;
  clusterId: string | null;
  createdAt: string;
  updatedAt: string | null;
  /** Emulator only: false -> DELETE answers 403 Client::Forbidden::OnlyOwnerCanPerformAction. */
  ownedByCaller: boolean;
}

/** A Graylog stream; its write token (X-OVH-TOKEN) is the value of the rule on that field. */
export interface EmuStream {
  streamId: string;
  title: string;
  description: string;
  createdAt: string;
  updatedAt: string | null;
  isEditable: boolean;
  rules: EmuStreamRule[];
}

export interface EmuStreamRule {
  ruleId: string;
  field: string;
  value: string;
  operator: 'FIELD_PRESENCE' | 'GREATER_THAN' | 'MATCH_EXACTLY' | 'SMALLER_THAN' | null;
  isInverted: boolean | null;
}

export interface StreamSeed {
  title: string;
  description?: string;
  /** The write token; a UUID by default (the shape in OVHcloud's shipper examples). null: the stream has no X-OVH-TOKEN rule. */
  writeToken?: string | null;
}

export type OperationState = 'PENDING' | 'RECEIVED' | 'STARTED' | 'RUNNING' | 'RETRY' | 'SUCCESS' | 'FAILURE' | 'REVOKED';

export interface EmuOperation {
  operationId: string;
  serviceName: string;
  state: OperationState;
  createdAt: string;
  updatedAt: string | null;
  tokenId: string | null;
  /** Emulator only. */
  kind: 'token-create' | 'token-delete';
  apply: () => string | null;
  timers: NodeJS.Timeout[];
}

export interface EmuService {
  serviceName: string;
  username: string;
  displayName: string | null;
  state: 'DISABLED' | 'ENABLED' | 'INIT' | 'TO_CONFIG';
  plan: 'ENTERPRISE' | 'STANDARD';
  isClusterOwner: boolean;
  isIamEnabled: boolean;
  createdAt: string;
  updatedAt: string | null;
  iam: { id: string; urn: string; displayName?: string; tags?: Record<string, string>; state?: string } | null;
  clusters: EmuCluster[];
  tokens: Map<string, EmuToken>;
  streams: Map<string, EmuStream>;
  operations: Map<string, EmuOperation>;
  /** Emulator only: replaces the default `/url` list. */
  urls: { address: string; type: string }[] | null;
}

export interface ServiceSeed {
  serviceName?: string;
  displayName?: string | null;
  state?: EmuService['state'];
  plan?: EmuService['plan'];
  isIamEnabled?: boolean;
  isClusterOwner?: boolean;
  clusters?: number;
  tokens?: number;
  urls?: { address: string; type: string }[];
}

export interface TokenSeed {
  name: string;
  value?: string;
  clusterId?: string | null;
  ownedByCaller?: boolean;
}

export type IamUserStatus = 'OK' | 'DISABLED' | 'PASSWORD_CHANGE_REQUIRED';

/** `auth.User` plus the user's personal access tokens. */
export interface EmuIamUser {
  login: string;
  urn: string;
  group: string;
  email: string | null;
  description: string;
  status: IamUserStatus;
  type: 'ROOT' | 'SERVICE' | 'USER';
  creation: string;
  lastUpdate: string;
  passwordLastUpdate: string | null;
  tokens: Map<string, EmuPat>;
}

/** `auth.PersonalAccessToken` plus its secret (the emulator keeps it to check Bearer / pat_jwt_ auth). */
export interface EmuPat {
  name: string;
  description: string;
  creation: string;
  expiresAt: string | null;
  lastUsed: string | null;
  /** Emulator only: the secret, a JWT, returned by POST only. */
  value: string;
}

export interface EmuPolicy {
  id: string;
  name: string;
  description: string | null;
  identities: string[];
  resources: Array<{ urn: string }>;
  permissions: { allow: Array<{ action: string }>; except: Array<{ action: string }>; deny: Array<{ action: string }> };
  permissionsGroups: Array<{ urn: string }>;
  expiredAt: string | null;
  readOnly: boolean;
  owner: string;
  createdAt: string;
  updatedAt: string | null;
}

export interface IamUserSeed {
  login: string;
  group?: string;
  description?: string;
  email?: string | null;
  status?: IamUserStatus;
  type?: EmuIamUser['type'];
}

export interface PatSeed {
  name: string;
  description?: string;
  /** ISO date-time; null or absent: no expiry. */
  expiresAt?: string | null;
  lastUsed?: string | null;
  creation?: string;
}

export interface PolicySeed {
  name: string;
  /** Identity URNs (see `userUrn`, `groupUrn`); `*` allowed at the start or the end. */
  identities: string[];
  /** Resource URNs: services (`serviceUrn`), sub-resources (`<service urn>/…`), resource groups, wildcards. */
  resources: string[];
  allow?: string[];
  except?: string[];
  deny?: string[];
  permissionsGroups?: string[];
  expiredAt?: string | null;
  description?: string | null;
}

export class EmulatorState {
  /** The OVHcloud account (NIC handle) of the emulated IAM identities. */
  readonly accountId = 'xx1111-ovh';
  readonly iamUsers = new Map<string, EmuIamUser>();
  readonly policies = new Map<string, EmuPolicy>();
  /** Resource group URN -> member resource URNs. */
  readonly resourceGroups = new Map<string, string[]>();
  readonly applications = new Map<string, EmuApplication>();
  readonly credentials = new Map<string, EmuCredential>();
  readonly oauthClients = new Map<string, EmuOAuthClient>();
  readonly accessTokens = new Map<string, EmuAccessToken>();
  readonly services = new Map<string, EmuService>();
  readonly random: () => number;
  private nextId = 1000;
  private nextService = 10000;

  constructor(seed = 42) {
    this.random = prng(seed);
  }

  addApplication(o: { applicationKey?: string; applicationSecret?: string } = {}): EmuApplication {
    const app = {
      applicationId: (this.nextId += 1),
      applicationKey: o.applicationKey ?? randomText(16, this.random),
      applicationSecret: o.applicationSecret ?? consumerKeyText(this.random),
    };
    this.applications.set(app.applicationKey, app);
    return app;
  }

  addCredential(o: { applicationKey: string; rules: EmuRule[]; state?: CredentialState; consumerKey?: string; redirection?: string | null }): EmuCredential {
    const credential: EmuCredential = {
      credentialId: (this.nextId += 1),
      applicationKey: o.applicationKey,
      consumerKey: o.consumerKey ?? consumerKeyText(this.random),
      state: o.state ?? 'validated',
      rules: o.rules,
      redirection: o.redirection ?? null,
      credentialToken: randomText(64, this.random),
      creation: ovhDate(Date.now()),
      lastUse: null,
    };
    this.credentials.set(credential.consumerKey, credential);
    return credential;
  }

  addOAuthClient(o: { clientId?: string; clientSecret?: string; deny?: EmuRule[] } = {}): EmuOAuthClient {
    const client = {
      clientId: o.clientId ?? `EU.${randomText(16, this.random)}`,
      clientSecret: o.clientSecret ?? randomText(32, this.random),
      deny: o.deny ?? [],
    };
    this.oauthClients.set(client.clientId, client);
    return client;
  }

  addService(seed: ServiceSeed = {}): EmuService {
    const n = (this.nextService += 1);
    const serviceName = seed.serviceName ?? `ldp-em-${n}`;
    const now = Date.now();
    const clusterCount = Math.max(1, seed.clusters ?? 2);
    const clusters: EmuCluster[] = Array.from({ length: clusterCount }, (_, i) => ({
      clusterId: uuid(),
      hostname: `${['gra', 'rbx', 'sbg', 'bhs'][i % 4]}${n % 10}.logs.ovh.com`,
      clusterType: i === 0 ? 'SHARED' : 'DEDICATED',
      certificationLevel: 'STANDARD',
      isDefault: i === 0,
      isUnlocked: true,
      region: (['GRA', 'RBX', 'SBG', 'BHS'] as const)[i % 4]!,
      defaultRetentionId: uuid(),
      archiveAllowedNetworks: [],
      directInputAllowedNetworks: ['0.0.0.0/0'],
      queryAllowedNetworks: ['0.0.0.0/0'],
      dedicatedInputPEM: '-----BEGIN CERTIFICATE-----\nemulator\n-----END CERTIFICATE-----',
      directInputPEM: '-----BEGIN CERTIFICATE-----\nemulator\n-----END CERTIFICATE-----',
      accessDenied: false,
    }));
    const service: EmuService = {
      serviceName,
      username: serviceName.replace(/^ldp-/, 'logs-'),
      displayName: seed.displayName === undefined ? `Emulated service ${n}` : seed.displayName,
      state: seed.state ?? 'ENABLED',
      plan: seed.plan ?? 'STANDARD',
      isClusterOwner: seed.isClusterOwner ?? false,
      isIamEnabled: seed.isIamEnabled ?? false,
      createdAt: ovhDate(now - 86_400_000),
      updatedAt: null,
      iam: seed.isIamEnabled ? { id: uuid(), urn: `urn:v1:eu:resource:ldp:${serviceName}`, displayName: serviceName, tags: {}, state: 'OK' } : null,
      clusters,
      tokens: new Map(),
      streams: new Map(),
      operations: new Map(),
      urls: seed.urls ?? null,
    };
    this.services.set(serviceName, service);
    for (let i = 0; i < (seed.tokens ?? 0); i += 1) this.addToken(serviceName, { name: `token-${String(i).padStart(3, '0')}` });
    return service;
  }

  service(serviceName: string): EmuService {
    const service = this.services.get(serviceName);
    if (!service) throw new Error(`emulator: no service ${serviceName}`);
    return service;
  }

  addToken(serviceName: string, seed: TokenSeed): EmuToken {
    const service = this.service(serviceName);
    const token: EmuToken = {
      tokenId: uuid(),
      name: seed.name,
      value: seed.value ?? tokenValue(this.random),
      clusterId: seed.clusterId === undefined ? service.clusters[0]!.clusterId : seed.clusterId,
      createdAt: ovhDate(Date.now()),
      updatedAt: null,
      ownedByCaller: seed.ownedByCaller ?? true,
    };
    service.tokens.set(token.tokenId, token);
    return token;
  }

  /** A stream with its routing rules: the X-OVH-TOKEN one (unless `writeToken: null`) and one on another field. */
  addStream(serviceName: string, seed: StreamSeed): EmuStream {
    const service = this.service(serviceName);
    const rules: EmuStreamRule[] = [{ ruleId: uuid(), field: 'source', value: 'app-*', operator: 'MATCH_EXACTLY', isInverted: false }];
    const writeToken = seed.writeToken === undefined ? uuid() : seed.writeToken;
    if (writeToken !== null) rules.push({ ruleId: uuid(), field: 'X-OVH-TOKEN', value: writeToken, operator: 'MATCH_EXACTLY', isInverted: false });
    const stream: EmuStream = {
      streamId: uuid(),
      title: seed.title,
      description: seed.description ?? '',
      createdAt: ovhDate(Date.now()),
      updatedAt: null,
      isEditable: true,
      rules,
    };
    service.streams.set(stream.streamId, stream);
    return stream;
  }

  userUrn = (login: string): string => `urn:v1:eu:identity:user:${this.accountId}/${login}`;
  groupUrn = (group: string): string => `urn:v1:eu:identity:group:${this.accountId}/${group}`;
  serviceUrn = (serviceName: string): string => this.services.get(serviceName)?.iam?.urn ?? `urn:v1:eu:resource:ldp:${serviceName}`;

  addIamUser(seed: IamUserSeed): EmuIamUser {
    if (this.iamUsers.has(seed.login)) throw new Error(`emulator: user ${seed.login} exists`);
    const at = ovhDate(Date.now() - 3_600_000);
    const user: EmuIamUser = {
      login: seed.login,
      urn: this.userUrn(seed.login),
      group: seed.group ?? 'UNPRIVILEGED',
      email: seed.email === undefined ? `${seed.login}@example.invalid` : seed.email,
      description: seed.description ?? '',
      status: seed.status ?? 'OK',
      type: seed.type ?? 'USER',
      creation: at,
      lastUpdate: at,
      passwordLastUpdate: null,
      tokens: new Map(),
    };
    this.iamUsers.set(user.login, user);
    return user;
  }

  iamUser(login: string): EmuIamUser {
    const user = this.iamUsers.get(login);
    if (!user) throw new Error(`emulator: no user ${login}`);
    return user;
  }

  /** A PAT made elsewhere (console, Terraform): its secret is returned to the seeding test only. */
  addPat(login: string, seed: PatSeed): EmuPat {
    const user = this.iamUser(login);
    if (user.tokens.has(seed.name)) throw new Error(`emulator: user ${login} already has a token ${seed.name}`);
    const pat: EmuPat = {
      name: seed.name,
      description: seed.description ?? '',
      creation: seed.creation ?? iamDate(Date.now()),
      expiresAt: seed.expiresAt ?? null,
      lastUsed: seed.lastUsed ?? null,
      value: patValue(this.random, {
        iss: 'ovhcloud-iam-emulator',
        sub: user.urn,
        iat: Math.floor(Date.now() / 1000),
        exp: seed.expiresAt ? Math.floor(Date.parse(seed.expiresAt) / 1000) : undefined,
      }),
    };
    user.tokens.set(pat.name, pat);
    return pat;
  }

  addPolicy(seed: PolicySeed): EmuPolicy {
    const actions = (list: string[] | undefined) => (list ?? []).map((action) => ({ action }));
    const policy: EmuPolicy = {
      id: uuid(),
      name: seed.name,
      description: seed.description ?? null,
      identities: [...seed.identities],
      resources: seed.resources.map((urn) => ({ urn })),
      permissions: { allow: actions(seed.allow), except: actions(seed.except), deny: actions(seed.deny) },
      permissionsGroups: (seed.permissionsGroups ?? []).map((urn) => ({ urn })),
      expiredAt: seed.expiredAt ?? null,
      readOnly: false,
      owner: this.accountId,
      createdAt: ovhDate(Date.now()),
      updatedAt: null,
    };
    this.policies.set(policy.id, policy);
    return policy;
  }

  addResourceGroup(members: string[]): string {
    const urn = `urn:v1:eu:resourceGroup:${uuid()}`;
    this.resourceGroups.set(urn, [...members]);
    return urn;
  }

  /** The user and PAT a secret belongs to, when it is a PAT this emulator issued (expired or not). */
  findPat(value: string): { user: EmuIamUser; pat: EmuPat } | undefined {
    for (const user of this.iamUsers.values()) for (const pat of user.tokens.values()) if (pat.value === value) return { user, pat };
    return undefined;
  }

  /**
   * What LDP's backend says to a PAT (emulator rules; LDP's real answers are unverified): 'unknown'
   * (not a live PAT: deleted, expired, user disabled -> 401), 'denied' (authenticated, but no live
   * policy allows a `ldp:<product>:…` action on an IAM-enabled service -> 403) or 'granted'.
   * Written independently of the app's policy matching (main/core/providers/ovh/iam-access.ts).
   */
  patAccess(value: string, product: 'graylog' | 'opensearch'): 'unknown' | 'denied' | 'granted' {
    const found = this.findPat(value);
    if (!found || found.user.status === 'DISABLED') return 'unknown';
    if (found.pat.expiresAt && Date.parse(found.pat.expiresAt) <= Date.now()) return 'unknown';
    const who = [found.user.urn, this.groupUrn(found.user.group)];
    const iamServices = [...this.services.values()].filter((s) => s.isIamEnabled).map((s) => this.serviceUrn(s.serviceName));
    const wild = (pattern: string, value: string): boolean => {
      if (pattern === '*') return true;
      if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
      if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
      return pattern === value;
    };
    const touches = (resource: string): boolean =>
      iamServices.some((service) => {
        const members = this.resourceGroups.get(resource) ?? [resource];
        return members.some((m) => wild(m, service) || m.startsWith(`${service}/`) || (m.endsWith('*') && m.slice(0, -1).startsWith(`${service}/`)));
      });
    const prefix = `ldp:${product}:`;
    const granted = [...this.policies.values()].some((p) => {
      if (p.expiredAt && Date.parse(p.expiredAt) <= Date.now()) return false;
      if (!p.identities.some((i) => who.some((w) => wild(i, w)))) return false;
      if (!p.resources.some((r) => touches(r.urn))) return false;
      const denied = [...p.permissions.except, ...p.permissions.deny].map((a) => a.action);
      return p.permissions.allow.some(({ action }) => {
        const covers = action === '*' || action.startsWith(prefix) || (action.endsWith('*') && prefix.startsWith(action.slice(0, -1)));
        return covers && !denied.some((d) => d === action || d === '*' || (d.endsWith('*') && action.startsWith(d.slice(0, -1))));
      });
    });
    if (granted) found.pat.lastUsed = iamDate(Date.now()); // unverified whether backend use updates lastUsed; the emulator says yes
    return granted ? 'granted' : 'denied';
  }

  /** Every live token value of services without IAM (what the Graylog/OpenSearch stubs accept). */
  liveTokenValues(): Set<string> {
    const values = new Set<string>();
    for (const s of this.services.values()) if (!s.isIamEnabled) for (const t of s.tokens.values()) values.add(t.value);
    return values;
  }
}
