/**
 * A loopback HTTP server that records every request it receives (method, path, headers, body) and
 * forwards it to an emulator: another origin in front of the same API, to stand for "another
 * server" (a partner's cluster, a hostile host an account was moved to). The Host header is passed
 * on as received, so the OVHcloud emulator checks signatures over the URL the client signed.
 *
 * `rewrite` lets a test make it lie (a hostile server accepting a secret it does not know) by
 * changing the headers it forwards; what is recorded is always what the client sent.
 */
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordingProxy {
  /** The proxy's origin plus the target's path (e.g. the OVHcloud `/1.0`). */
  baseUrl: string;
  received: ProxiedRequest[];
  /** Whether any request carried this text, in a header or in its body. */
  saw(text: string): boolean;
  close(): Promise<void>;
}

export async function startRecordingProxy(
  targetBaseUrl: string,
  rewrite: (headers: IncomingHttpHeaders) => IncomingHttpHeaders = (h) => h,
): Promise<RecordingProxy> {
  const target = new URL(targetBaseUrl);
  const received: ProxiedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: { ...req.headers }, body: body.toString('utf8') });
      const out = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: rewrite({ ...req.headers }) }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.writeHead(502).end());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname.replace(/\/+$/, '')}`,
    received,
    saw: (text) =>
      received.some((r) => r.body.includes(text) || Object.values(r.headers).some((v) => (Array.isArray(v) ? v.join('\n') : (v ?? '')).includes(text))),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive sockets of the clients would hold it open
      }),
  };
}
