/**
 * The `/1.0` routes: /auth/time, /auth/credential, /auth/currentCredential and the /dbaas/logs
 * routes used by Tokendesk, with the field sets, nullability, status codes, error classes and
 * messages of the reference (§1.4, §2, §5); the IAM routes (`/me/identity/user…`, `/v2/iam/policy`)
 * are in iam-api.ts.
 */
import type { IncomingMessage } from 'node:http';
import { authenticate, type AuthResult } from './auth';
import { routeIam } from './iam-api';
import type { OvhEmulatorKnobs } from './knobs';
import { OperationEngine } from './operations';
import type { EmuCluster, EmulatorState, EmuOperation, EmuRule, EmuService, EmuToken } from './state';
import { apiError, authError, json, ovhDate, randomText, tokenValue, UUID_RE, uuid, type Answer } from './util';

export interface ApiContext {
  req: IncomingMessage;
  method: string;
  /** After /1.0 (or the whole path for `/v2/...`), without the query string. */
  path: string;
  query: URLSearchParams;
  body: string;
  state: EmulatorState;
  knobs: OvhEmulatorKnobs;
  operations: OperationEngine;
  /** `http://127.0.0.1:<port>`, for validation URLs. */
  origin: string;
  graylogUrl: string;
  opensearchUrl: string;
  serverNowSec: number;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

const serviceJson = (s: EmuService) => ({
  serviceName: s.serviceName,
  username: s.username,
  displayName: s.displayName,
  state: s.state,
  plan: s.plan,
  isClusterOwner: s.isClusterOwner,
  isIamEnabled: s.isIamEnabled,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
  iam: s.iam,
});

const clusterJson = (c: EmuCluster) => {
  const { accessDenied: _hidden, ...fields } = c;
  return fields;
};

const tokenJson = (t: EmuToken) => ({
  tokenId: t.tokenId,
  name: t.name,
  value: t.value,
  clusterId: t.clusterId,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});

/** Every field of `dbaas.logs.Operation` (SPEC25/26), the other resource ids null. */
const operationJson = (op: EmuOperation) => ({
  operationId: op.operationId,
  serviceName: op.serviceName,
  state: op.state,
  createdAt: op.createdAt,
  updatedAt: op.updatedAt,
  tokenId: op.tokenId,
  aliasId: null,
  dashboardId: null,
  encryptionKeyId: null,
  indexId: null,
  inputId: null,
  osdId: null,
  roleId: null,
  streamId: null,
  subscriptionId: null,
  tenantId: null,
});

const notFoundService = (name: string): Answer => apiError(404, 'Client::NotFound::ServiceDoesNotExists', `Service '${name}' doesn't exist`);
const iamRefusal = (): Answer => apiError(403, 'Client::Forbidden::IAMService', 'IAM is enabled on this service so this action is no more permitted');
const invalidUuid = (value: string): Answer => apiError(400, 'Client::ValidationError::InvalidUUID', `Invalid UUID '${value}'`);

export function routeApi(ctx: ApiContext): Answer {
  const { method, path } = ctx;
  if (path === '/auth/time' && method === 'GET') return json(200, ctx.serverNowSec);
  if (path === '/auth/credential' && method === 'POST') return requestCredential(ctx);

  // How access rules name `/v2` routes is unverified (with or without the prefix): a knob decides.
  const rulePath = path.startsWith('/v2/') && ctx.knobs.v2RulePath === 'without-prefix' ? path.slice('/v2'.length) : path;
  const auth: AuthResult = authenticate(ctx.req, {
    method,
    path: rulePath,
    body: ctx.body,
    serverNowSec: ctx.serverNowSec,
    knobs: ctx.knobs,
    state: ctx.state,
  });
  if (!auth.ok) return auth.answer;

  const iam = routeIam(ctx);
  if (iam) return iam;

  if (path === '/auth/currentCredential' && method === 'GET') {
    const credential = auth.consumerKey ? ctx.state.credentials.get(auth.consumerKey) : undefined;
    if (!credential) return apiError(404, 'Client::NotFound', 'No credential for this authentication');
    const app = ctx.state.applications.get(credential.applicationKey)!;
    return json(200, {
      credentialId: credential.credentialId,
      applicationId: app.applicationId,
      creation: credential.creation,
      expiration: null,
      lastUse: credential.lastUse,
      status: credential.state,
      rules: credential.rules,
      allowedIPs: null,
      ovhSupport: false,
    });
  }

  const streams = /^\/dbaas\/logs\/([^/]+)\/output\/graylog\/stream(?:\/([^/]+)(?:\/rule(?:\/([^/]+))?)?)?$/.exec(path);
  if (streams) return streamRoutes(ctx, method, path, streams);

  const m = /^\/dbaas\/logs(?:\/([^/]+)(?:\/(cluster|url|token|operation)(?:\/([^/]+))?)?)?$/.exec(path);
  if (!m) return apiError(404, 'Client::NotFound', 'Got an invalid (or empty) URL');
  const [, rawName, collection, rawId] = m;
  if (rawName === undefined) {
    if (method !== 'GET') return apiError(405, 'Client::MethodNotAllowed', `Method ${method} not allowed`);
    return json(200, [...ctx.state.services.keys()]);
  }
  const name = decodeURIComponent(rawName);
  const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
  const service = ctx.state.services.get(name);

  if (collection === undefined) {
    if (method !== 'GET') return apiError(405, 'Client::MethodNotAllowed', `Method ${method} not allowed`);
    if (!service) return apiError(404, 'Client::NotFound::ServiceNotFound', "Cannot find service, neither 'serviceId' nor 'serviceName' found");
    return json(200, serviceJson(service));
  }
  if (!service) return notFoundService(name);

  switch (collection) {
    case 'cluster':
      if (method !== 'GET') break;
      if (id === undefined)
        return json(
          200,
          service.clusters.map((c) => c.clusterId),
        );
      if (!UUID_RE.test(id)) return invalidUuid(id);
      {
        const cluster = service.clusters.find((c) => c.clusterId === id);
        return cluster ? json(200, clusterJson(cluster)) : apiError(404, 'Client::NotFound::ClusterDoesNotExists', `Cluster '${id}' doesn't exist`);
      }
    case 'url':
      if (method !== 'GET' || id !== undefined) break;
      return json(
        200,
        service.urls ?? [
          { address: `${ctx.graylogUrl}/api`, type: 'GRAYLOG_API' },
          { address: `${ctx.graylogUrl}/`, type: 'GRAYLOG_WEBUI' },
          { address: ctx.opensearchUrl, type: 'OPENSEARCH_API' },
          { address: `${ctx.opensearchUrl}/`, type: 'OSD_WEBUI' },
          { address: `${service.clusters[0]!.hostname}:12202`, type: 'TCP_TLS_GELF' },
        ],
      );
    case 'operation':
      if (method !== 'GET') break;
      if (id === undefined) return json(200, [...service.operations.keys()]);
      if (!UUID_RE.test(id)) return invalidUuid(id);
      {
        const op = service.operations.get(id);
        return op ? json(200, operationJson(op)) : apiError(404, 'Client::NotFound::OperationDoesNotExists', `Operation '${id}' doesn't exist`);
      }
    case 'token':
      return tokenRoutes(ctx, service, method, id);
  }
  return apiError(405, 'Client::MethodNotAllowed', `Method ${method} not allowed`);
}

function tokenRoutes(ctx: ApiContext, service: EmuService, method: string, id: string | undefined): Answer {
  if (service.isIamEnabled) return iamRefusal();
  if (id === undefined && method === 'GET') {
    const pattern = ctx.query.get('namePattern');
    // Unverified semantics ("like"); the emulator uses a case-insensitive substring match.
    const tokens = [...service.tokens.values()].filter((t) => !pattern || t.name.toLowerCase().includes(pattern.toLowerCase()));
    return json(
      200,
      tokens.map((t) => t.tokenId),
    );
  }
  if (id === undefined && method === 'POST') return createToken(ctx, service);
  if (id !== undefined && (method === 'GET' || method === 'DELETE')) {
    if (!UUID_RE.test(id)) return invalidUuid(id);
    const token = service.tokens.get(id);
    if (!token) return apiError(404, 'Client::NotFound::TokenDoesNotExists', `Token '${id}' doesn't exist`);
    if (method === 'GET') return json(200, tokenJson(token));
    return deleteToken(ctx, service, token);
  }
  return apiError(405, 'Client::MethodNotAllowed', `Method ${method} not allowed`);
}

/**
 * `GET …/output/graylog/stream[/{streamId}[/rule[/{ruleId}]]]` (read only: what Tokendesk calls).
 * Stream routes are not legacy token routes: IAM-enabled services answer them too.
 */
function streamRoutes(ctx: ApiContext, method: string, path: string, match: RegExpExecArray): Answer {
  if (method !== 'GET') return apiError(405, 'Client::MethodNotAllowed', `Method ${method} not allowed`);
  const [, rawName, rawStream, rawRule] = match;
  const name = decodeURIComponent(rawName!);
  const service = ctx.state.services.get(name);
  if (!service) return notFoundService(name);
  const rulesListed = /\/rule(\/[^/]+)?$/.test(path);
  if (rawStream === undefined) return json(200, [...service.streams.keys()]);
  const streamId = decodeURIComponent(rawStream);
  if (!UUID_RE.test(streamId)) return invalidUuid(streamId);
  const stream = service.streams.get(streamId);
  if (!stream) return apiError(404, 'Client::NotFound::StreamDoesNotExists', `Stream '${streamId}' doesn't exist`);
  if (!rulesListed) {
    const { rules: _rules, ...fields } = stream;
    return json(200, {
      ...fields,
      canAlert: true,
      nbAlertCondition: 0,
      nbArchive: 0,
      indexingEnabled: true,
      webSocketEnabled: false,
      coldStorageEnabled: false,
      parentStreamId: null,
      retentionId: uuidOf(service),
    });
  }
  if (rawRule === undefined)
    return json(
      200,
      stream.rules.map((r) => r.ruleId),
    );
  const ruleId = decodeURIComponent(rawRule);
  if (!UUID_RE.test(ruleId)) return invalidUuid(ruleId);
  const rule = stream.rules.find((r) => r.ruleId === ruleId);
  return rule ? json(200, rule) : apiError(404, 'Client::NotFound::StreamRuleDoesNotExists', `Stream '${streamId}' rule '${ruleId}' doesn't exist`);
}

const uuidOf = (service: EmuService): string => service.clusters[0]!.defaultRetentionId;

function refuseChange(ctx: ApiContext, service: EmuService): Answer | undefined {
  if (service.state !== 'ENABLED')
    return apiError(403, 'Client::Forbidden::ServiceUnavailable', `Service '${service.serviceName}' unavailable, status is '${service.state}'`);
  const running = ctx.operations.running(service);
  if (running.length > 0) {
    return apiError(
      403,
      'Client::Forbidden::Busy',
      `An operation is already running for this service: ${running.map((o) => o.operationId).join(', ')}. Please retry later.`,
    );
  }
  return undefined;
}

function createToken(ctx: ApiContext, service: EmuService): Answer {
  let body: unknown;
  try {
    body = JSON.parse(ctx.body || 'null');
  } catch {
    return apiError(400, 'Client::BadRequest', 'Invalid JSON body');
  }
  const o = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (o.name === undefined || o.name === null || o.name === '') return apiError(400, 'Client::ValidationError::RequiredField', "Field 'name' is required");
  // Name rules are unverified; the emulator refuses only non-strings, control characters and > 128 chars.
  if (typeof o.name !== 'string' || o.name.length > 128 || /[\u0000-\u001f]/.test(o.name))
    return apiError(400, 'Client::ValidationError::InvalidTokenName', 'Invalid token name');
  const name = o.name;
  let clusterId: string | null = null;
  if (o.clusterId !== undefined && o.clusterId !== null) {
    if (typeof o.clusterId !== 'string' || !UUID_RE.test(o.clusterId)) return invalidUuid(String(o.clusterId));
    clusterId = o.clusterId;
  }
  const refused = refuseChange(ctx, service);
  if (refused) return refused;
  const cluster = clusterId ? service.clusters.find((c) => c.clusterId === clusterId) : service.clusters.find((c) => c.isDefault);
  if (!cluster) return apiError(404, 'Client::NotFound::ClusterDoesNotExists', `Cluster '${clusterId}' doesn't exist`);
  if (cluster.accessDenied)
    return apiError(403, 'Client::Forbidden::AccessDenied', `Cluster '${cluster.clusterId}' access denied to ${service.serviceName}, message sent to admin`);
  if ([...service.tokens.values()].some((t) => t.name === name)) {
    return apiError(409, 'Client::Conflict::TokenNameAlreadyUsed', `Token name '${name}' already used by '${service.serviceName}'`);
  }
  const op = ctx.operations.start(
    service,
    'token-create',
    () => {
      const token: EmuToken = {
        tokenId: uuid(),
        name,
        value: tokenValue(ctx.state.random),
        clusterId: cluster.clusterId,
        createdAt: ovhDate(Date.now()),
        updatedAt: null,
        ownedByCaller: true,
      };
      service.tokens.set(token.tokenId, token);
      return token.tokenId;
    },
    null,
  );
  return json(200, operationJson(op));
}

function deleteToken(ctx: ApiContext, service: EmuService, token: EmuToken): Answer {
  const refused = refuseChange(ctx, service);
  if (refused) return refused;
  if (!token.ownedByCaller) return apiError(403, 'Client::Forbidden::OnlyOwnerCanPerformAction', 'Only the owner is allowed to perform this action');
  // Unverified whether the delete operation echoes the token id; the emulator does, from the start.
  const op = ctx.operations.start(
    service,
    'token-delete',
    () => {
      service.tokens.delete(token.tokenId);
      return token.tokenId;
    },
    token.tokenId,
  );
  return json(200, operationJson(op));
}

function requestCredential(ctx: ApiContext): Answer {
  const ak = ctx.req.headers['x-ovh-application'];
  if (typeof ak !== 'string' || !ctx.state.applications.has(ak)) return authError(403, 'INVALID_KEY', 'This application key is invalid');
  let body: unknown;
  try {
    body = JSON.parse(ctx.body || 'null');
  } catch {
    return apiError(400, 'Client::BadRequest', 'Invalid JSON body');
  }
  const o = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const rules = o.accessRules;
  const valid =
    Array.isArray(rules) &&
    rules.length > 0 &&
    rules.every((r) => r && typeof r === 'object' && METHODS.includes((r as EmuRule).method) && typeof (r as EmuRule).path === 'string');
  if (!valid) return apiError(400, 'Client::BadRequest', "Invalid parameter 'accessRules'");
  const credential = ctx.state.addCredential({
    applicationKey: ak,
    rules: (rules as EmuRule[]).map((r) => ({ method: r.method, path: r.path })),
    state: 'pendingValidation',
    redirection: typeof o.redirection === 'string' ? o.redirection : null,
    consumerKey: randomText(32, ctx.state.random, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
  });
  return json(200, {
    state: 'pendingValidation',
    consumerKey: credential.consumerKey,
    validationUrl: `${ctx.origin}/auth/?credentialToken=${credential.credentialToken}`,
  });
}
