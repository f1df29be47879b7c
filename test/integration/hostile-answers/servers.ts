/**
 * Hostile provider servers on 127.0.0.1 for the tests of net/bounded-fetch.ts: each records what
 * it received (method, path, headers, body) and answers with whatever the test's handler does.
 * Also the clients, built against such a server the way the app builds them.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogScaleClient } from '../../../main/core/providers/logscale';
import { createOvhClient, type OvhClientOptions } from '../../../main/core/providers/ovh';

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface HostileServer {
  origin: string;
  port: number;
  received: Received[];
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export async function startHostileServer(handler: Handler): Promise<HostileServer> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('utf8');
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      Promise.resolve(handler(req, res, body)).catch(() => res.destroy());
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    received,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export function json(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** `GET /1.0/auth/time` as OVHcloud answers it (the consumer-key client asks first). */
export function answersAuthTime(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.url !== '/1.0/auth/time') return false;
  json(res, 200, Math.floor(Date.now() / 1000));
  return true;
}

export const OVH_SECRETS = {
  applicationKey: 'hostile-test-ak',
  applicationSecret: 'hostile-test-as-0123456789',
  consumerKey: 'hostile-test-ck-0123456789',
  clientId: 'hostile-test-client',
  clientSecret: 'hostile-test-client-secret-0123456789',
};

const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 2 };

export function ovhConsumerKeyClient(server: HostileServer, options: Partial<OvhClientOptions> = {}) {
  const { applicationKey, applicationSecret, consumerKey } = OVH_SECRETS;
  return createOvhClient({
    endpoint: { baseUrl: `${server.origin}/1.0` },
    auth: { mode: 'consumer-key', applicationKey, applicationSecret, consumerKey },
    retry: FAST_RETRY,
    ...options,
  });
}

export function ovhOAuth2Client(server: HostileServer, options: Partial<OvhClientOptions> = {}) {
  const { clientId, clientSecret } = OVH_SECRETS;
  return createOvhClient({ endpoint: { baseUrl: `${server.origin}/1.0` }, auth: { mode: 'oauth2', clientId, clientSecret }, retry: FAST_RETRY, ...options });
}

export const LOGSCALE_TOKEN = 'hostile-test-logscale-bearer-0123456789';

export function logScaleClient(server: HostileServer, timeoutMs?: number) {
  return createLogScaleClient({ baseUrl: server.origin, token: LOGSCALE_TOKEN, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, it succeeded');
}
