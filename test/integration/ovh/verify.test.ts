import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { consumerKeyClient, useEmulator } from './helpers';

const emulator = useEmulator();

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const basicUser = (header: string | undefined) => Buffer.from((header ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');

describe('LDP token verification against the Graylog and OpenSearch APIs', () => {
  it('reports ok on both endpoints for a live token, sent as Basic token:<value>', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    const token = emu.addToken(service.serviceName, { name: 'ci' });
    const client = consumerKeyClient(emu);
    const endpoints = await client.tokenEndpoints(service.serviceName, token.clusterId);
    const result = await client.verifyToken({ ...endpoints, value: token.value });
    expect(result.ok).toBe(true);
    expect(result.endpoints.map((e) => [e.api, e.outcome, e.status, e.detail])).toEqual([
      ['graylog', 'ok', 200, 'The Graylog API accepted the token.'],
      ['opensearch', 'ok', 200, 'The OpenSearch API accepted the token.'],
    ]);
    const received = emu.requestLog.filter((r) => r.server !== 'api');
    expect(received.map((r) => `${r.server} ${r.path}`)).toEqual(expect.arrayContaining(['graylog /api/streams', 'opensearch /_cluster/health']));
    for (const r of received) expect(basicUser(r.headers.authorization)).toBe(`token:${token.value}`);
    for (const e of result.endpoints) {
      expect(e.curl).toBe(`curl -sS -u "token:$LDP_TOKEN" '${e.url}'   # LDP_TOKEN = the token value (…${token.value.slice(-4)})`);
      expect(e.curl).not.toContain(token.value);
    }
  });

  it('reports rejected (401) for a wrong or deleted token', async () => {
    const emu = await emulator.start({ knobs: { operationDelayMs: 20 } });
    const service = emu.addService();
    const token = emu.addToken(service.serviceName, { name: 'ci' });
    const client = consumerKeyClient(emu);
    const endpoints = await client.tokenEndpoints(service.serviceName);

    const wrong = await client.verifyToken({ ...endpoints, value: 'x'.repeat(51) });
    expect(wrong.ok).toBe(false);
    expect(wrong.endpoints.map((e) => [e.outcome, e.status])).toEqual([
      ['rejected', 401],
      ['rejected', 401],
    ]);
    expect(wrong.endpoints[0]!.detail).toBe('The Graylog API refused the token (HTTP 401): it is wrong, deleted, or not valid on this cluster.');

    await client.deleteToken(service.serviceName, token.tokenId);
    const deleted = await client.verifyToken({ ...endpoints, value: token.value });
    expect(deleted.endpoints.map((e) => e.outcome)).toEqual(['rejected', 'rejected']);
  });

  it('reports an endpoint it cannot reach, per endpoint', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    const token = emu.addToken(service.serviceName, { name: 'ci' });
    const result = await consumerKeyClient(emu).verifyToken({ graylogUrl: `${emu.graylogUrl}/api`, opensearchUrl: await closedPort(), value: token.value });
    expect(result.ok).toBe(false);
    expect(result.endpoints.map((e) => e.outcome)).toEqual(['ok', 'unreachable']);
    expect(result.endpoints[1]!.detail).toBe('The OpenSearch API could not be reached (ECONNREFUSED).');
    expect(result.endpoints[1]!.status).toBeUndefined();
  });
});
