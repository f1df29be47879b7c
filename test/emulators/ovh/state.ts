/**
 * The emulator's world: applications (AK/AS), consumer keys, OAuth2 clients and access tokens,
 * LDP services with clusters, tokens and operations. Plain data; routes live in api.ts.
 */
import { consumerKeyText, ovhDate, prng, randomText, tokenValue, uuid } from './util';

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

export class EmulatorState {
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
    const client = { clientId: o.clientId ?? `EU.${randomText(16, this.random)}`, clientSecret: o.clientSecret ?? randomText(32, this.random), deny: o.deny ?? [] };
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

  /** Every live token value of services without IAM (what the Graylog/OpenSearch stubs accept). */
  liveTokenValues(): Set<string> {
    const values = new Set<string>();
    for (const s of this.services.values()) if (!s.isIamEnabled) for (const t of s.tokens.values()) values.add(t.value);
    return values;
  }
}
