/**
 * A local, faithful OVHcloud API + LDP emulator (docs/providers/ovh.md, "Emulator"). Real HTTP on
 * 127.0.0.1, random ports:
 *
 *   const emu = await startOvhEmulator({ seed: { services: 10, tokensPerService: 100 } });
 *   const client = createOvhClient({ endpoint: { baseUrl: emu.baseUrl }, auth: emu.consumerKeyAuth() });
 *   ...
 *   await emu.close();
 *
 * - `baseUrl` (`http://127.0.0.1:<port>/1.0`): the API; signatures are checked over the URL received;
 * - `origin + /auth/?credentialToken=…`: the consumer-key validation page (GET shows it, POST
 *   `action=accept|refuse` decides, like the user's click); `oauth2TokenUrl`: client credentials;
 * - `baseUrl` minus `/1.0` plus `/v2/...`: API v2 (`/v2/iam/policy`), same signature and rules;
 * - `graylogUrl`, `opensearchUrl`: Graylog / OpenSearch stubs (Basic `token:<value>`, both orders,
 *   for legacy tokens; Bearer and `pat_jwt_…` Basic for IAM personal access tokens);
 * - every answer carries X-Ovh-QueryID; `requestLog` records what each server received;
 * - `setKnobs()` and `injectFault()` change latency, clock, operations and faults at run time.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { routeApi } from './api';
import { identityOf } from './auth';
import { DEFAULT_KNOBS, faultMatches, type ActiveFault, type FaultSpec, type OvhEmulatorKnobs } from './knobs';
import { OperationEngine } from './operations';
import {
  EmulatorState,
  type EmuIamUser,
  type EmuPat,
  type EmuPolicy,
  type EmuRule,
  type EmuService,
  type EmuStream,
  type EmuToken,
  type StreamSeed,
  type IamUserSeed,
  type PatSeed,
  type PolicySeed,
  type ServiceSeed,
  type TokenSeed,
} from './state';
import { startStub } from './stubs';
import { apiError, json, prng, queryId, randomText, readBody, send, sleep, type Answer } from './util';

export type { OvhEmulatorKnobs, FaultSpec } from './knobs';
export type {
  EmulatorState,
  EmuService,
  EmuToken,
  EmuCluster,
  EmuOperation,
  EmuCredential,
  ServiceSeed,
  TokenSeed,
  EmuStream,
  EmuStreamRule,
  StreamSeed,
  EmuIamUser,
  EmuPat,
  EmuPolicy,
  IamUserSeed,
  PatSeed,
  PolicySeed,
} from './state';

export interface RecordedRequest {
  seq: number;
  server: 'api' | 'graylog' | 'opensearch' | 'oauth2' | 'validation';
  method: string;
  /** For the API: the path after /1.0 with its query string. Otherwise the full path. */
  path: string;
  /** Lower-case names, as received. */
  headers: Record<string, string>;
  body: string;
  /** Status answered; 0 when the connection was reset. */
  status: number;
  queryId?: string;
  /** The fault applied, if any. */
  fault?: string;
}

export interface OvhEmulatorOptions {
  knobs?: Partial<OvhEmulatorKnobs>;
  seed?: { services?: number; tokensPerService?: number; iamServices?: number };
  /** PRNG seed for generated values and fault rates (default 42). */
  randomSeed?: number;
}

/** Access rules of the default consumer key: everything. */
export const ALL_RULES: EmuRule[] = (['GET', 'POST', 'PUT', 'DELETE'] as const).map((method) => ({ method, path: '/*' }));

export interface OvhEmulator {
  /** `http://127.0.0.1:<port>/1.0` */
  baseUrl: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  oauth2TokenUrl: string;
  graylogUrl: string;
  opensearchUrl: string;
  state: EmulatorState;
  /** A validated consumer key with every right, and an OAuth2 client, ready to use. */
  credentials: { applicationKey: string; applicationSecret: string; consumerKey: string; clientId: string; clientSecret: string };
  consumerKeyAuth(): { mode: 'consumer-key'; applicationKey: string; applicationSecret: string; consumerKey: string };
  oauth2Auth(): { mode: 'oauth2'; clientId: string; clientSecret: string; tokenUrl: string };
  readonly knobs: Readonly<OvhEmulatorKnobs>;
  setKnobs(patch: Partial<OvhEmulatorKnobs>): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  requestLog: RecordedRequest[];
  /** API requests only, optionally filtered by method and path (exact, or prefix ending with `*`). */
  apiRequests(filter?: { method?: string; path?: string }): RecordedRequest[];
  clearLog(): void;
  /** Highest number of API requests in flight at once, per caller (consumer key, `oauth2:<clientId>`, `app:<AK>`). */
  maxInFlight(identity?: string): number;
  resetStats(): void;
  addService(seed?: ServiceSeed): EmuService;
  addToken(serviceName: string, seed: TokenSeed): EmuToken;
  /** A Graylog stream whose routing rules include its write token (X-OVH-TOKEN, a UUID unless given). */
  addStream(serviceName: string, seed: StreamSeed): EmuStream;
  /** Services `ldp-em-…` with `tokensPerService` tokens each; the first `iamServices` have IAM enabled (and no tokens). */
  seedMany(o: { services: number; tokensPerService: number; iamServices?: number }): string[];
  /** A local IAM user (`urn:v1:eu:identity:user:xx1111-ovh/<login>`; group UNPRIVILEGED unless said). */
  addIamUser(seed: IamUserSeed): EmuIamUser;
  /** A personal access token of that user, made elsewhere; `value` is its secret (the API shows it only to POST). */
  addPat(login: string, seed: PatSeed): EmuPat;
  /** An IAM policy. URN helpers: `userUrn`, `groupUrn`, `serviceUrn`. */
  addPolicy(seed: PolicySeed): EmuPolicy;
  /** A resource group holding these resource URNs; returns its URN (for policy resources). */
  addResourceGroup(members: string[]): string;
  /**
   * A user whose policy allows these backend actions on these services (default: stream and alias
   * read), with optional PATs: the usual set-up of an IAM-enabled service.
   */
  grantLdpAccess(o: { login: string; services: string[]; actions?: string[]; pats?: PatSeed[]; group?: string }): {
    user: EmuIamUser;
    policy: EmuPolicy;
    pats: EmuPat[];
  };
  userUrn(login: string): string;
  groupUrn(group: string): string;
  serviceUrn(serviceName: string): string;
  addConsumerKey(o?: { rules?: EmuRule[]; state?: 'pendingValidation' | 'validated' | 'refused' | 'expired'; applicationKey?: string }): string;
  addOAuth2Client(o?: { deny?: EmuRule[] }): { clientId: string; clientSecret: string };
  validateConsumerKey(consumerKey: string): void;
  refuseConsumerKey(consumerKey: string): void;
  /** Ends every operation held by `holdOperations`. */
  releaseOperations(): void;
  failNextOperations(count: number, state?: 'FAILURE' | 'REVOKED'): void;
  expireOAuth2Tokens(): void;
  close(): Promise<void>;
}

export async function startOvhEmulator(options: OvhEmulatorOptions = {}): Promise<OvhEmulator> {
  let knobs: OvhEmulatorKnobs = { ...DEFAULT_KNOBS, ...options.knobs };
  const state = new EmulatorState(options.randomSeed ?? 42);
  const faultRandom = prng((options.randomSeed ?? 42) + 1);
  const operations = new OperationEngine(() => knobs);
  const faults: ActiveFault[] = [];
  const requestLog: RecordedRequest[] = [];
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const sockets = new Set<Socket>();
  let seq = 0;

  const app = state.addApplication();
  const defaultCk = state.addCredential({ applicationKey: app.applicationKey, rules: ALL_RULES });
  const oauthClient = state.addOAuthClient();

  const record = (req: IncomingMessage, server: RecordedRequest['server'], path: string, body: string): RecordedRequest => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const entry: RecordedRequest = { seq: (seq += 1), server, method: req.method ?? 'GET', path, headers, body, status: 0 };
    requestLog.push(entry);
    return entry;
  };

  const stubDeps = (kind: 'graylog' | 'opensearch') => ({
    liveValues: () => state.liveTokenValues(),
    patAccess: (value: string) => state.patAccess(value, kind),
    patBasic: () => kind === 'opensearch' || knobs.graylogPatBasic,
    latencyMs: () => knobs.stubLatencyMs,
    record: ({ req, status }: { req: IncomingMessage; status: number }) => {
      const entry = record(req, kind, req.url ?? '/', '');
      entry.status = status;
    },
  });
  const graylog = await startStub('graylog', stubDeps('graylog'));
  const opensearch = await startStub('opensearch', stubDeps('opensearch'));

  let origin = '';

  function takeFault(method: string, path: string, phase: 'before' | 'after'): FaultSpec | undefined {
    const fault = faults.find((f) => f.phase === phase && f.remaining > 0 && faultMatches(f, method, path));
    if (fault) {
      fault.remaining -= 1;
      return fault.spec;
    }
    if (phase === 'before') {
      if (knobs.resetRate > 0 && faultRandom() < knobs.resetRate) return { kind: 'reset' };
      if (knobs.errorRate > 0 && faultRandom() < knobs.errorRate) return { kind: 'status', status: knobs.errorStatus };
    } else if (knobs.malformedRate > 0 && faultRandom() < knobs.malformedRate) return { kind: 'malformed' };
    return undefined;
  }

  /** The answer a fault gives instead of (before) or in place of (after) the real one; undefined = reset. */
  function faultAnswer(spec: FaultSpec, real: Answer | undefined): Answer | undefined {
    switch (spec.kind) {
      case 'reset':
        return undefined;
      case 'status': {
        const status = spec.status ?? 500;
        // Unverified shapes: a JSON body from the API for 500, an HTML page from a proxy for 502-504.
        if (status >= 502 && status <= 504)
          return { status, body: null, text: `<html><body><h1>${status} Bad Gateway</h1></body></html>`, contentType: 'text/html' };
        return apiError(status, 'Server::InternalServerError', 'Internal server error');
      }
      case 'rate-limit': {
        // Unverified: OVH documents no 429; this body and header follow RFC 6585 / RFC 9110.
        const headers: Record<string, string> = {};
        if (spec.retryAfterSec !== undefined) {
          headers['Retry-After'] =
            spec.retryAfterFormat === 'date' ? new Date(Date.now() + spec.retryAfterSec * 1000).toUTCString() : String(spec.retryAfterSec);
        }
        return json(429, { message: 'Too many requests, please retry later' }, headers);
      }
      case 'malformed': {
        const text = JSON.stringify(real?.body ?? { message: 'ok' });
        return { status: real && real.status < 300 ? real.status : 200, body: null, text: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
      }
      case 'wrong-content-type':
        return {
          status: 200,
          body: null,
          text: '<!DOCTYPE html><html><body><h1>Scheduled maintenance</h1></body></html>',
          contentType: 'text/html; charset=utf-8',
        };
    }
  }

  /** `prefix`: '/1.0' for API v1 (the path after it is routed), '' for `/v2/...` (routed whole). */
  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, body: string, prefix: '/1.0' | ''): Promise<void> {
    const path = url.pathname.slice(prefix.length) || '/';
    const entry = record(req, 'api', path + url.search, body);
    const identity = identityOf(req, state);
    const now = (inFlight.get(identity) ?? 0) + 1;
    inFlight.set(identity, now);
    maxInFlight.set(identity, Math.max(now, maxInFlight.get(identity) ?? 0));
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      inFlight.set(identity, (inFlight.get(identity) ?? 1) - 1);
    };
    res.on('close', release);
    await sleep(knobs.latencyMs);
    const method = req.method ?? 'GET';
    const qid = queryId();
    const respond = (answer: Answer | undefined, fault?: string): void => {
      if (fault) entry.fault = fault;
      if (!answer) {
        req.socket.destroy();
        release();
        return;
      }
      entry.status = answer.status;
      entry.queryId = qid;
      send(res, answer, { 'X-Ovh-QueryID': qid });
    };
    const before = takeFault(method, path, 'before');
    if (before) return respond(faultAnswer(before, undefined), `${before.kind}:before`);
    const answer = routeApi({
      req,
      method,
      path,
      query: url.searchParams,
      body,
      state,
      knobs,
      operations,
      origin,
      graylogUrl: graylog.url,
      opensearchUrl: opensearch.url,
      serverNowSec: Math.floor(Date.now() / 1000) + knobs.clockOffsetSec,
    });
    const after = takeFault(method, path, 'after');
    if (after) return respond(faultAnswer(after, answer), `${after.kind}:after`);
    respond(answer);
  }

  function handleOAuth2(req: IncomingMessage, res: ServerResponse, body: string): void {
    const entry = record(req, 'oauth2', req.url ?? '', body);
    const form = new URLSearchParams(body);
    const answer = (status: number, payload: unknown): void => {
      entry.status = status;
      const qid = queryId();
      entry.queryId = qid;
      send(res, json(status, payload), { 'X-Ovh-QueryID': qid });
    };
    if (req.method !== 'POST' || !/application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
      return answer(400, { error: 'invalid_request', error_description: 'POST a form' });
    }
    if (form.get('grant_type') !== 'client_credentials') return answer(400, { error: 'unsupported_grant_type', error_description: 'only client_credentials' });
    const client = state.oauthClients.get(form.get('client_id') ?? '');
    if (!client || client.clientSecret !== form.get('client_secret'))
      return answer(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    const value = `eyJ${randomText(60, state.random)}`;
    state.accessTokens.set(value, { value, clientId: client.clientId, expiresAtMs: Date.now() + knobs.oauth2TokenTtlSec * 1000 });
    answer(200, { access_token: value, token_type: 'Bearer', expires_in: knobs.oauth2TokenTtlSec, scope: form.get('scope') ?? 'all' });
  }

  function handleValidation(req: IncomingMessage, res: ServerResponse, url: URL, body: string): void {
    const entry = record(req, 'validation', url.pathname + url.search, body);
    const token = url.searchParams.get('credentialToken') ?? '';
    const credential = [...state.credentials.values()].find((c) => c.credentialToken === token);
    const page = (status: number, text: string): void => {
      entry.status = status;
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!DOCTYPE html><html><body>${text}</body></html>`);
    };
    if (!credential) return page(404, '<h1>Unknown credential token</h1>');
    if (req.method === 'GET') {
      return page(
        200,
        `<h1>Authorize the application</h1><p>${credential.rules.map((r) => `${r.method} ${r.path}`).join('<br>')}</p><form method="post"><button name="action" value="accept">Authorize</button><button name="action" value="refuse">Refuse</button></form>`,
      );
    }
    if (credential.state !== 'pendingValidation') return page(409, `<h1>Already ${credential.state}</h1>`);
    const action = new URLSearchParams(body).get('action');
    credential.state = action === 'refuse' ? 'refused' : 'validated';
    if (credential.redirection && credential.state === 'validated') {
      entry.status = 303;
      res.writeHead(303, { Location: credential.redirection });
      res.end();
      return;
    }
    page(200, `<h1>${credential.state === 'validated' ? 'Authorized' : 'Refused'}</h1>`);
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname === '/1.0' || url.pathname.startsWith('/1.0/')) return handleApi(req, res, url, body, '/1.0');
      if (url.pathname.startsWith('/v2/')) return handleApi(req, res, url, body, '');
      if (url.pathname === '/auth/oauth2/token') return handleOAuth2(req, res, body);
      if (url.pathname === '/auth/' || url.pathname === '/auth') return handleValidation(req, res, url, body);
      record(req, 'api', url.pathname, body).status = 404;
      send(res, apiError(404, 'Client::NotFound', 'Got an invalid (or empty) URL'), { 'X-Ovh-QueryID': queryId() });
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, apiError(500, 'Server::InternalServerError', `emulator bug: ${String(error)}`));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const emulator: OvhEmulator = {
    baseUrl: `${origin}/1.0`,
    origin,
    oauth2TokenUrl: `${origin}/auth/oauth2/token`,
    graylogUrl: graylog.url,
    opensearchUrl: opensearch.url,
    state,
    credentials: {
      applicationKey: app.applicationKey,
      applicationSecret: app.applicationSecret,
      consumerKey: defaultCk.consumerKey,
      clientId: oauthClient.clientId,
      clientSecret: oauthClient.clientSecret,
    },
    consumerKeyAuth: () => ({
      mode: 'consumer-key',
      applicationKey: app.applicationKey,
      applicationSecret: app.applicationSecret,
      consumerKey: defaultCk.consumerKey,
    }),
    oauth2Auth: () => ({ mode: 'oauth2', clientId: oauthClient.clientId, clientSecret: oauthClient.clientSecret, tokenUrl: `${origin}/auth/oauth2/token` }),
    get knobs() {
      return knobs;
    },
    setKnobs(patch) {
      const wasHolding = knobs.holdOperations;
      knobs = { ...knobs, ...patch };
      if (wasHolding && !knobs.holdOperations) operations.release();
    },
    injectFault(spec) {
      faults.push({ spec, kind: spec.kind, phase: spec.phase ?? 'before', remaining: spec.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    requestLog,
    apiRequests(filter = {}) {
      return requestLog.filter((r) => {
        if (r.server !== 'api') return false;
        if (filter.method && r.method !== filter.method) return false;
        if (filter.path === undefined) return true;
        const bare = r.path.split('?')[0]!;
        return filter.path.endsWith('*') ? bare.startsWith(filter.path.slice(0, -1)) : bare === filter.path;
      });
    },
    clearLog() {
      requestLog.length = 0;
    },
    maxInFlight(identity) {
      if (identity !== undefined) return maxInFlight.get(identity) ?? 0;
      return Math.max(0, ...maxInFlight.values());
    },
    resetStats() {
      maxInFlight.clear();
    },
    addService: (seed) => state.addService(seed),
    addToken: (serviceName, seed) => state.addToken(serviceName, seed),
    addStream: (serviceName, seed) => state.addStream(serviceName, seed),
    seedMany({ services, tokensPerService, iamServices = 0 }) {
      return Array.from(
        { length: services },
        (_, i) => state.addService(i < iamServices ? { isIamEnabled: true, tokens: 0 } : { tokens: tokensPerService }).serviceName,
      );
    },
    addIamUser: (seed) => state.addIamUser(seed),
    addPat: (login, seed) => state.addPat(login, seed),
    addPolicy: (seed) => state.addPolicy(seed),
    addResourceGroup: (members) => state.addResourceGroup(members),
    grantLdpAccess({ login, services, actions, pats = [], group }) {
      const user = state.iamUsers.get(login) ?? state.addIamUser({ login, ...(group ? { group } : {}) });
      const policy = state.addPolicy({
        name: `ldp-access-${login}`,
        identities: [user.urn],
        resources: services.map((s) => state.serviceUrn(s)),
        allow: actions ?? ['ldp:graylog:stream/read', 'ldp:opensearch:alias/read'],
      });
      return { user, policy, pats: pats.map((seed) => state.addPat(login, seed)) };
    },
    userUrn: (login) => state.userUrn(login),
    groupUrn: (group) => state.groupUrn(group),
    serviceUrn: (serviceName) => state.serviceUrn(serviceName),
    addConsumerKey(o = {}) {
      return state.addCredential({ applicationKey: o.applicationKey ?? app.applicationKey, rules: o.rules ?? ALL_RULES, state: o.state ?? 'validated' })
        .consumerKey;
    },
    addOAuth2Client(o = {}) {
      const client = state.addOAuthClient(o.deny ? { deny: o.deny } : {});
      return { clientId: client.clientId, clientSecret: client.clientSecret };
    },
    validateConsumerKey(consumerKey) {
      const credential = state.credentials.get(consumerKey);
      if (!credential) throw new Error('emulator: unknown consumer key');
      credential.state = 'validated';
    },
    refuseConsumerKey(consumerKey) {
      const credential = state.credentials.get(consumerKey);
      if (!credential) throw new Error('emulator: unknown consumer key');
      credential.state = 'refused';
    },
    releaseOperations: () => operations.release(),
    failNextOperations: (count, s) => operations.failNext(count, s),
    expireOAuth2Tokens() {
      for (const token of state.accessTokens.values()) token.expiresAtMs = 0;
    },
    async close() {
      operations.dispose();
      for (const socket of sockets) socket.destroy();
      const servers = [server, graylog.server, opensearch.server];
      const closed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      for (const s of servers) s.closeAllConnections();
      await Promise.all(closed);
    },
  };

  if (options.seed?.services)
    emulator.seedMany({ services: options.seed.services, tokensPerService: options.seed.tokensPerService ?? 0, iamServices: options.seed.iamServices ?? 0 });
  return emulator;
}
