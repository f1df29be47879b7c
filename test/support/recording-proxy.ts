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
  /**
   * Holds the answer to the next request `matches` picks (it reached the server; its answer waits)
   * until `release`: a test interleaves another process's step exactly there, with no clock.
   */
  hold(matches: (request: ProxiedRequest) => boolean): { arrived: Promise<void>; release(): void };
  close(): Promise<void>;
}

export async function startRecordingProxy(
  targetBaseUrl: string,
  rewrite: (headers: IncomingHttpHeaders) => IncomingHttpHeaders = (h) => h,
): Promise<RecordingProxy> {
  const target = new URL(targetBaseUrl);
  const received: ProxiedRequest[] = [];
  const holds: Array<{ matches: (r: ProxiedRequest) => boolean; arrive: () => void; released: Promise<void> }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const seen: ProxiedRequest = { method: req.method ?? '', path: req.url ?? '', headers: { ...req.headers }, body: body.toString('utf8') };
      received.push(seen);
      const held = holds.findIndex((h) => h.matches(seen));
      const hold = held >= 0 ? holds.splice(held, 1)[0] : undefined;
      const out = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: rewrite({ ...req.headers }) }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => {
          hold?.arrive();
          void (hold?.released ?? Promise.resolve()).then(() => res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(parts)));
        });
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
    hold(matches) {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.push({ matches, arrive, released });
      return { arrived, release };
    },
    saw: (text) =>
      received.some((r) => r.body.includes(text) || Object.values(r.headers).some((v) => (Array.isArray(v) ? v.join('\n') : (v ?? '')).includes(text))),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive sockets of the clients would hold it open
      }),
  };
}
