/**
 * Graylog API and OpenSearch API stubs of the LDP cluster (reference §3.1, §3.2): each its own
 * HTTP server on 127.0.0.1 (OpenSearch plays the port-9200 endpoint). Both accept HTTP Basic
 * auth with a live legacy token in either order, `token:<value>` or `<value>:token`.
 *
 * OVHcloud IAM personal access tokens (ovh-iam.md §4): `Authorization: Bearer <PAT>` on both, and
 * the hybrid Basic `pat_jwt_<anything>:<PAT>` on OpenSearch (on Graylog only with the
 * `graylogPatBasic` knob: unverified there). A live PAT whose user has a policy allowing a
 * `ldp:<product>:…` action on an IAM-enabled service gets in; a live PAT without one gets 403; an
 * unknown, deleted or expired PAT gets 401 (LDP's real answers are unverified).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from './util';

export interface StubDeps {
  liveValues: () => Set<string>;
  patAccess: (value: string) => 'unknown' | 'denied' | 'granted';
  /** Whether this stub accepts `pat_jwt_…` Basic auth. */
  patBasic: () => boolean;
  latencyMs: () => number;
  record: (entry: { server: 'graylog' | 'opensearch'; req: IncomingMessage; status: number }) => void;
}

export function basicTokenAccepted(req: IncomingMessage, values: Set<string>): boolean {
  const m = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return (user === 'token' && values.has(password)) || (password === 'token' && values.has(user));
}

/** 200 (let in), 401 (who are you) or 403 (known, not allowed). */
export function stubAuth(req: IncomingMessage, deps: Pick<StubDeps, 'liveValues' | 'patAccess' | 'patBasic'>): 200 | 401 | 403 {
  const header = req.headers.authorization ?? '';
  const pat = (value: string): 200 | 401 | 403 => {
    const access = deps.patAccess(value);
    return access === 'granted' ? 200 : access === 'denied' ? 403 : 401;
  };
  const bearer = /^Bearer (.+)$/.exec(header)?.[1];
  if (bearer) return pat(bearer);
  const m = /^Basic (.+)$/.exec(header);
  if (m) {
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0 && decoded.startsWith('pat_jwt_')) return deps.patBasic() ? pat(decoded.slice(colon + 1)) : 401;
  }
  return basicTokenAccepted(req, deps.liveValues()) ? 200 : 401;
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

function graylog(req: IncomingMessage, res: ServerResponse, deps: StubDeps): number {
  const path = (req.url ?? '/').split('?')[0]!;
  const auth = stubAuth(req, deps);
  if (auth === 401) {
    reply(res, 401, { type: 'ApiError', message: 'HTTP 401 Unauthorized' }, { 'WWW-Authenticate': 'Basic realm="Graylog Server"' });
    return 401;
  }
  if (auth === 403) {
    reply(res, 403, { type: 'ApiError', message: 'HTTP 403 Forbidden' });
    return 403;
  }
  if (req.method === 'GET' && path === '/api/streams') {
    reply(res, 200, { total: 1, streams: [{ id: '5ab52dc43ce3010451deacd1', title: 'emulated stream', disabled: false }] });
    return 200;
  }
  if (req.method === 'GET' && path === '/api/system') {
    reply(res, 200, { facility: 'graylog-server', version: '5.0.0', lifecycle: 'running', is_processing: true });
    return 200;
  }
  if (req.method === 'GET' && path === '/api/search/universal/relative') {
    reply(res, 200, { query: '*', messages: [], total_results: 0, used_indices: [] });
    return 200;
  }
  reply(res, 404, { type: 'ApiError', message: 'HTTP 404 Not Found' });
  return 404;
}

function opensearch(req: IncomingMessage, res: ServerResponse, deps: StubDeps): number {
  const path = (req.url ?? '/').split('?')[0]!;
  const auth = stubAuth(req, deps);
  if (auth === 401) {
    reply(res, 401, 'Unauthorized', { 'WWW-Authenticate': 'Basic realm="OpenSearch Security"' });
    return 401;
  }
  if (auth === 403) {
    reply(res, 403, { error: { type: 'security_exception', reason: 'no permissions for this request' }, status: 403 });
    return 403;
  }
  if (req.method === 'GET' && path === '/_cluster/health') {
    reply(res, 200, { cluster_name: 'ldp-emulator', status: 'green', timed_out: false, number_of_nodes: 3, active_shards: 10 });
    return 200;
  }
  if (req.method === 'GET' && path.startsWith('/_cat/indices')) {
    reply(res, 200, []);
    return 200;
  }
  if ((req.method === 'GET' || req.method === 'POST') && /^\/[^_/][^/]*\/_search$/.test(path)) {
    reply(res, 200, { took: 1, timed_out: false, hits: { total: { value: 0, relation: 'eq' }, hits: [] } });
    return 200;
  }
  reply(res, 404, { error: { type: 'index_not_found_exception' }, status: 404 });
  return 404;
}

export async function startStub(kind: 'graylog' | 'opensearch', deps: StubDeps): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      void sleep(deps.latencyMs()).then(() => {
        const status = kind === 'graylog' ? graylog(req, res, deps) : opensearch(req, res, deps);
        deps.record({ server: kind, req, status });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
