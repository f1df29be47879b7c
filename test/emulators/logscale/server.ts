/**
 * A local LogScale: a real HTTP server on 127.0.0.1 (random port) that executes GraphQL over the
 * real 1.204.0 schema, with bearer authentication, 401/403, `errors[]` on HTTP 200, show-once
 * secrets, policies, IP filters and personal tokens (reference/logscale.md §10).
 *
 * Knobs: latency per request and faults (5xx, 429, connection resets, malformed JSON, wrong content
 * type), by rate (seeded, so runs repeat) or queued for the next requests. Every request is
 * recorded (operation name, variables, status) so tests can assert what the API received.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, getOperationAST, parse, validate, type DocumentNode, type GraphQLError } from 'graphql';
import { mutationRoot, queryRoot, type ResolverContext } from './resolvers';
import { loadLogScaleSchema, LOGSCALE_SCHEMA_VERSION } from './schema';
import { LogScaleState, type EmuIngestToken, type EmuKind, type EmuSearchDomain, type EmuToken } from './state';
import { prng } from '../../support/prng';

export type FaultKind = 'server-error' | 'rate-limit' | 'reset' | 'malformed-json' | 'wrong-content-type';

export interface QueuedFault {
  kind: FaultKind;
  /** HTTP status for 'server-error' (default 503). */
  status?: number;
  /**
   * Run the request first (a mutation takes effect), then fail the response: the client cannot
   * know what happened. Default false: fail before anything runs.
   */
  afterExecute?: boolean;
  /** Only for the next request with this GraphQL operation name (default: the next request). */
  operation?: string;
}

export interface LogScaleKnobs {
  /** Added before every response, in ms. */
  latencyMs: number;
  /** Probability (0..1) per request of each fault, drawn from a seeded generator. */
  serverErrorRate: number;
  serverErrorStatus: number;
  rateLimitRate: number;
  retryAfterSeconds: number;
  resetRate: number;
  malformedJsonRate: number;
  wrongContentTypeRate: number;
  /** Pretend requests come from this address (IP filter checks). Default: the socket's address. */
  clientAddress: string | null;
  /** Cap `tokens(limit:)` silently at this many results (the real maximum is unverified). */
  maxPageSize: number | null;
}

export interface RecordedRequest {
  method: string;
  /** Path without the emulator's prefix, e.g. `/graphql`. */
  path: string;
  operationName: string | null;
  variables: Record<string, unknown>;
  status: number;
  /** The id (never the secret) of the token that authenticated, if any. */
  tokenId: string | null;
  /** Whether an Authorization header came with the request (its value is never recorded). */
  hadAuthorization: boolean;
  fault: FaultKind | null;
}

export interface SeedOptions {
  kind?: Exclude<EmuKind, 'personal'>;
  namePrefix?: string;
  permissions?: string[];
  expireAt?: number | null;
  viewIds?: string[];
}

export interface LogScaleEmulatorOptions {
  /** Serve under a path prefix, e.g. `/logscale` (base URL becomes http://127.0.0.1:port/logscale). */
  pathPrefix?: string;
  /** Emulator clock (epoch ms). Default Date.now; `advanceClock` adds to it. */
  now?: () => number;
  knobs?: Partial<LogScaleKnobs>;
  /** Seed of the fault generator. */
  randomSeed?: number;
  /** Tokens to create at start, per kind (direct, no HTTP): e.g. `{ system: 5000 }`. */
  seed?: Partial<Record<Exclude<EmuKind, 'personal'>, number>>;
  version?: string;
}

export interface LogScaleEmulator {
  baseUrl: string;
  /** Personal token of the root user `admin`. Rotating or replacing it makes this value stale. */
  adminToken: string;
  adminUserId: string;
  state: LogScaleState;
  /** Views/repositories present at start: `humio-audit` (View), `sandbox` (Repository), `web` (View). */
  searchDomains: EmuSearchDomain[];
  readonly knobs: Readonly<LogScaleKnobs>;
  setKnobs(knobs: Partial<LogScaleKnobs>): void;
  queueFaults(...faults: QueuedFault[]): void;
  requests: RecordedRequest[];
  /** Requests to /graphql with a given operation name. */
  operations(name: string): RecordedRequest[];
  clearRequests(): void;
  /** Inserts `count` tokens directly; returns their ids. */
  seedTokens(count: number, options?: SeedOptions): string[];
  /** Inserts one token directly and returns it with its `<id>~<secret>`. */
  issueToken(fields: Partial<Omit<EmuToken, 'id' | 'secretHash'>> & { kind: EmuKind }): { token: EmuToken; secret: string };
  /** Adds an ingest token to a repository directly (as if made in LogScale's UI); returns it with its value. */
  issueIngestToken(repository: string, name: string, parser?: string): EmuIngestToken;
  /** A new user with a personal token. */
  addUser(username: string, options?: { root?: boolean }): { userId: string; token: string };
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

const DEFAULT_KNOBS: LogScaleKnobs = {
  latencyMs: 0,
  serverErrorRate: 0,
  serverErrorStatus: 503,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  resetRate: 0,
  malformedJsonRate: 0,
  wrongContentTypeRate: 0,
  clientAddress: null,
  maxPageSize: null,
};

/** Texts of the transport errors (reference §1.5). */
export const UNAUTHORIZED_TEXT = 'The supplied authentication is invalid';
/** Stock Akka/Pekko text for a missing header; LogScale using it is unverified. */
export const MISSING_AUTH_TEXT = 'The resource requires authentication, which was not supplied with the request';
/** Docs: tokens can only be used from IP addresses accepted by their IP filter (exact text unverified). */
export const IP_FILTER_TEXT = 'Access denied: this token can only be used from IP addresses accepted by its IP filter';

const MAX_BODY = 1_000_000;

/** LogScale's structured ingest endpoint (docs: "Ingesting Structured Data", authenticated with an ingest token). */
export const INGEST_PATH = '/api/v1/ingest/humio-structured';

export async function startLogScaleEmulator(options: LogScaleEmulatorOptions = {}): Promise<LogScaleEmulator> {
  const schema = loadLogScaleSchema();
  const prefix = (options.pathPrefix ?? '').replace(/\/+$/, '');
  let clockOffset = 0;
  const baseNow = options.now ?? Date.now;
  const now = () => baseNow() + clockOffset;
  const state = new LogScaleState(now);
  const knobs: LogScaleKnobs = { ...DEFAULT_KNOBS, ...options.knobs };
  const random = prng(options.randomSeed ?? 1);
  const queued: QueuedFault[] = [];
  const requests: RecordedRequest[] = [];
  const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
  const version = options.version ?? LOGSCALE_SCHEMA_VERSION;
  /** Latency waits still running; close() releases them so no timer outlives the emulator. */
  const pending = new Set<() => void>();
  let closing = false;

  const admin = state.addUser('admin', true);
  const adminToken = state.issue({
    kind: 'personal',
    name: 'Personal token (admin)',
    expireAt: null,
    ipFilterId: null,
    permissions: [],
    viewIds: [],
    userId: admin.id,
  }).secret;
  const searchDomains = [state.addSearchDomain('humio-audit', 'View'), state.addSearchDomain('sandbox', 'Repository'), state.addSearchDomain('web', 'View')];

  const seedTokens = (count: number, seed: SeedOptions = {}): string[] => {
    const kind = seed.kind ?? 'system';
    const width = String(count).length;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { token } = state.issue({
        kind,
        name: `${seed.namePrefix ?? `seed-${kind}`}-${String(i).padStart(width, '0')}`,
        expireAt: seed.expireAt ?? null,
        ipFilterId: null,
        permissions:
          seed.permissions ?? (kind === 'system' ? ['ReadHealthCheck'] : kind === 'organization' ? ['ViewUsage'] : ['ReadAccess', 'OrganizationOwnedQueries']),
        viewIds: kind === 'view' ? (seed.viewIds ?? [searchDomains[0]!.id]) : [],
        userId: null,
      });
      ids.push(token.id);
    }
    return ids;
  };
  for (const [kind, count] of Object.entries(options.seed ?? {})) seedTokens(count ?? 0, { kind: kind as SeedOptions['kind'] });

  const pickFault = (operationName: string | null): QueuedFault | null => {
    const index = queued.findIndex((f) => f.operation === undefined || f.operation === operationName);
    if (index >= 0) return queued.splice(index, 1)[0] ?? null;
    const draws: Array<[number, FaultKind]> = [
      [knobs.resetRate, 'reset'],
      [knobs.serverErrorRate, 'server-error'],
      [knobs.rateLimitRate, 'rate-limit'],
      [knobs.malformedJsonRate, 'malformed-json'],
      [knobs.wrongContentTypeRate, 'wrong-content-type'],
    ];
    for (const [rate, kind] of draws) if (rate > 0 && random() < rate) return { kind };
    return null;
  };

  const sendFault = (res: ServerResponse, fault: QueuedFault): number => {
    switch (fault.kind) {
      case 'reset':
        res.socket?.destroy();
        return 0;
      case 'server-error': {
        const status = fault.status ?? knobs.serverErrorStatus;
        res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Service Unavailable');
        return status;
      }
      case 'rate-limit':
        res.writeHead(429, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': String(knobs.retryAfterSeconds) }).end('Too Many Requests');
        return 429;
      case 'malformed-json':
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"data": {"tokens": {"totalResults": 3, "res');
        return 200;
      case 'wrong-content-type':
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<html><body>Please log in</body></html>');
        return 200;
    }
  };

  const text = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(body);
    return status;
  };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    return status;
  };

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) reject(new Error('body too large'));
        else chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const documentFor = (query: string): DocumentNode | readonly GraphQLError[] => {
    let cached = documents.get(query);
    if (!cached) {
      try {
        const document = parse(query);
        const errors = validate(schema, document);
        cached = errors.length ? errors : document;
      } catch (error) {
        cached = [error as GraphQLError];
      }
      documents.set(query, cached);
    }
    return cached;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://emulator'); // `?id=<OperationName>` is ignored
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      operationName: null,
      variables: {},
      status: 0,
      tokenId: null,
      hadAuthorization: req.headers.authorization !== undefined,
      fault: null,
    };
    requests.push(record);
    const body = req.method === 'POST' ? await readBody(req).catch(() => null) : '';
    let payload: Record<string, unknown> | null = null;
    if (body) {
      try {
        payload = JSON.parse(body) as Record<string, unknown>;
      } catch {
        payload = null;
      }
    }
    if (payload) {
      record.operationName = typeof payload.operationName === 'string' ? payload.operationName : null;
      record.variables = payload.variables && typeof payload.variables === 'object' ? (payload.variables as Record<string, unknown>) : {};
    }

    if (knobs.latencyMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(release);
          resolve();
        }, knobs.latencyMs);
        const release = () => {
          clearTimeout(timer);
          resolve();
        };
        pending.add(release);
      });
      if (closing) return;
    }

    if (!url.pathname.startsWith(`${prefix}/`)) {
      record.status = text(res, 404, 'The requested resource could not be found.');
      return;
    }
    record.path = url.pathname.slice(prefix.length);

    const fault = pickFault(record.operationName);
    if (fault && !fault.afterExecute) {
      record.fault = fault.kind;
      record.status = sendFault(res, fault);
      return;
    }
    const respond = (status: number, write: () => number) => {
      if (fault) {
        record.fault = fault.kind;
        record.status = sendFault(res, fault);
      } else {
        record.status = write();
      }
      return status;
    };

    if (record.path === '/api/v1/status') {
      if (req.method !== 'GET') return void respond(405, () => text(res, 405, 'Method Not Allowed'));
      return void respond(200, () => json(res, 200, { status: 'ok', version }));
    }
    if (record.path === INGEST_PATH) {
      if (req.method !== 'POST') return void respond(405, () => text(res, 405, 'Method Not Allowed'));
      // Ingest tokens (not API tokens) authenticate here; a removed one gets the transport's 401.
      const value = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const found = value ? state.authenticateIngest(value) : null;
      if (!found) return void respond(401, () => text(res, 401, req.headers.authorization ? UNAUTHORIZED_TEXT : MISSING_AUTH_TEXT));
      let batches: unknown;
      try {
        batches = JSON.parse(body ?? '');
      } catch {
        batches = null;
      }
      if (!Array.isArray(batches)) return void respond(400, () => text(res, 400, 'The body must be a JSON array of {tags, events} objects'));
      const events = batches.reduce(
        (n: number, b: unknown) => n + (Array.isArray((b as { events?: unknown })?.events) ? (b as { events: unknown[] }).events.length : 0),
        0,
      );
      state.ingested.push({ repository: found.repo.name, tokenName: found.token.name, events });
      // The real success body is unverified; any 2xx means committed (docs: "200: data has been received and committed").
      return void respond(200, () => json(res, 200, {}));
    }
    if (record.path !== '/graphql') return void respond(404, () => text(res, 404, 'The requested resource could not be found.'));
    if (req.method !== 'POST') return void respond(405, () => text(res, 405, 'Method Not Allowed'));

    // Authentication happens before GraphQL: failures are HTTP statuses, not `errors[]`.
    const header = req.headers.authorization;
    if (!header) return void respond(401, () => text(res, 401, MISSING_AUTH_TEXT));
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const token = bearer ? state.authenticate(bearer) : null;
    if (!token) return void respond(401, () => text(res, 401, UNAUTHORIZED_TEXT));
    record.tokenId = token.id;
    const address = knobs.clientAddress ?? req.socket.remoteAddress ?? '';
    if (!state.addressAllowed(token, address)) return void respond(403, () => text(res, 403, IP_FILTER_TEXT));

    if (!payload || typeof payload.query !== 'string') {
      return void respond(400, () => json(res, 400, { errors: [{ message: 'The request body must be JSON with a "query" string' }] }));
    }
    const document = documentFor(payload.query);
    if (!('kind' in document)) {
      return void respond(200, () => json(res, 200, { errors: document.map((e) => e.toJSON()) }));
    }
    const operationName = typeof payload.operationName === 'string' ? payload.operationName : null;
    const operation = getOperationAST(document, operationName);
    if (!operation) return void respond(200, () => json(res, 200, { errors: [{ message: 'Unknown or ambiguous operation name' }] }));
    record.operationName = operation.name?.value ?? operationName;
    const context: ResolverContext = { state, principal: state.principalOf(token), maxPageSize: knobs.maxPageSize };
    const result = await execute({
      schema,
      document,
      rootValue: operation.operation === 'mutation' ? mutationRoot(context) : queryRoot(context),
      contextValue: context,
      variableValues: record.variables,
      operationName,
    });
    const out: Record<string, unknown> = {};
    if (result.errors?.length) out.errors = result.errors.map((e) => e.toJSON());
    if ('data' in result) out.data = result.data ?? null;
    respond(200, () => json(res, 200, out));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`emulator bug: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}${prefix}`,
    adminToken,
    adminUserId: admin.id,
    state,
    searchDomains,
    get knobs() {
      return { ...knobs };
    },
    setKnobs(next) {
      Object.assign(knobs, next);
    },
    queueFaults(...faults) {
      queued.push(...faults);
    },
    requests,
    operations: (name) => requests.filter((r) => r.path === '/graphql' && r.operationName === name),
    clearRequests() {
      requests.length = 0;
    },
    seedTokens,
    issueToken(fields) {
      return state.issue({
        name: fields.name ?? `${fields.kind}-token`,
        expireAt: fields.expireAt ?? null,
        ipFilterId: fields.ipFilterId ?? null,
        permissions: fields.permissions ?? [],
        viewIds: fields.viewIds ?? [],
        userId: fields.userId ?? null,
        kind: fields.kind,
        ...(fields.createdAt === undefined ? {} : { createdAt: fields.createdAt }),
      });
    },
    issueIngestToken(repository, name, parser) {
      const repo = state.repository(repository);
      return state.addIngestToken(repo, name, parser ?? null);
    },
    addUser(username, userOptions = {}) {
      const user = state.addUser(username, userOptions.root ?? false);
      const { secret } = state.issue({
        kind: 'personal',
        name: `Personal token (${username})`,
        expireAt: null,
        ipFilterId: null,
        permissions: [],
        viewIds: [],
        userId: user.id,
      });
      return { userId: user.id, token: secret };
    },
    advanceClock(ms) {
      clockOffset += ms;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing = true;
        for (const release of pending) release();
        pending.clear();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
