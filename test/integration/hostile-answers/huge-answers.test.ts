/**
 * A provider answering with an endless body (a chunked stream with no Content-Length, or a
 * Content-Length of 3 GB) must not take the process's memory: the call fails with the size error
 * once MAX_ANSWER_BYTES are read, and the RSS of this process (client and server both) stays
 * bounded. The body is generated on the fly from one 64 KiB chunk; the server gives up after 1 GiB
 * so that a client without the limit ends (and fails the test) instead of eating the machine.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_ANSWER_BYTES } from '../../../main/core/net';
import { answersAuthTime, logScaleClient, ovhConsumerKeyClient, rejection, startHostileServer, type HostileServer } from './servers';

const CHUNK = Buffer.alloc(64 * 1024, 0x20); // JSON whitespace: a body that is never complete
const SERVER_GIVES_UP_AT = 1024 * 1024 * 1024;
const RSS_BOUND = 500 * 1024 * 1024;

const servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface Stream {
  sent: number;
  peakRss: number;
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes CHUNK until the client goes away or SERVER_GIVES_UP_AT, sampling this process's RSS as it goes. */
async function endless(res: ServerResponse, stream: Stream): Promise<void> {
  let closed = false;
  res.on('close', () => (closed = true));
  while (!closed && stream.sent < SERVER_GIVES_UP_AT) {
    stream.sent += CHUNK.length;
    if (stream.sent % (16 * CHUNK.length) === 0) stream.peakRss = Math.max(stream.peakRss, process.memoryUsage.rss());
    if (!res.write(CHUNK)) await drainedOrClosed(res);
  }
  res.destroy(); // a hostile server does not end its body properly either
}

async function hostile(headers: Record<string, string>): Promise<{ server: HostileServer; stream: Stream }> {
  const stream: Stream = { sent: 0, peakRss: 0 };
  const server = await startHostileServer(async (req, res) => {
    if (answersAuthTime(req, res)) return;
    res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
    res.flushHeaders();
    await endless(res, stream);
  });
  servers.push(server);
  return { server, stream };
}

const sizeError = (peer: string) => new RegExp(`^${peer} sent an answer larger than 64 MiB, the most Tokendesk reads from a provider; it was not read\\.`);

describe('answers are read up to MAX_ANSWER_BYTES', () => {
  it('the limit is 64 MiB', () => {
    expect(MAX_ANSWER_BYTES).toBe(64 * 1024 * 1024);
  });

  it('LogScale ListTokens answered with an endless chunked body: the size error, memory bounded', async () => {
    const { server, stream } = await hostile({});
    const before = process.memoryUsage.rss();
    const error = await rejection(logScaleClient(server).tokens.list());
    expect(error.message).toMatch(sizeError(`LogScale at ${server.origin}`));
    expect(error).toMatchObject({ code: 'provider', provider: { provider: 'logscale', status: 200, path: '/graphql' } });
    expect(stream.sent).toBeLessThan(SERVER_GIVES_UP_AT); // the client hung up, the server did not run out
    expect(stream.peakRss - before).toBeLessThan(RSS_BOUND);
    expect(server.received.filter((r) => r.path === '/graphql')).toHaveLength(1); // not asked again
  });

  it('OVHcloud /dbaas/logs answered with an endless chunked body: the size error, memory bounded, not retried', async () => {
    const { server, stream } = await hostile({});
    const before = process.memoryUsage.rss();
    const error = await rejection(ovhConsumerKeyClient(server).listServiceNames());
    expect(error.message).toMatch(sizeError('OVHcloud'));
    expect(error).toMatchObject({ code: 'provider', provider: { provider: 'ovh', status: 200, path: 'GET /dbaas/logs' } });
    expect(stream.sent).toBeLessThan(SERVER_GIVES_UP_AT);
    expect(stream.peakRss - before).toBeLessThan(RSS_BOUND);
    expect(server.received.filter((r) => r.path === '/1.0/dbaas/logs')).toHaveLength(1);
  });

  it('a Content-Length of 3 GB is refused before the body is read', async () => {
    const { server, stream } = await hostile({ 'Content-Length': String(3 * 1024 * 1024 * 1024) });
    const before = process.memoryUsage.rss();
    const error = await rejection(ovhConsumerKeyClient(server).listServiceNames());
    expect(error.message).toMatch(sizeError('OVHcloud'));
    expect(stream.sent).toBeLessThan(MAX_ANSWER_BYTES); // only what the sockets' buffers took before the client hung up
    expect(stream.peakRss - before).toBeLessThan(RSS_BOUND);
  });
});
