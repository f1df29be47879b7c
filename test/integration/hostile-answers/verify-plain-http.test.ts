/**
 * The Graylog and OpenSearch addresses that verify sends a token value to come from the OVHcloud
 * API: a value goes over plain http only to this machine. `[::ffff:127.0.0.1]` is this machine
 * (and is reached); a plain http name elsewhere is refused before anything is sent (the names
 * below resolve nowhere, and the recording fetch would refuse to send anyway).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { json, ovhConsumerKeyClient, startHostileServer, type HostileServer } from './servers';

const VALUE = 'kujg9g227qv0123mav3s0q4pra4psqsi5leka6j7lc62qdef58q';
const servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Real fetch to loopback; anything else is recorded and never sent. */
function loopbackOnlyFetch(sentElsewhere: string[]): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    if (url.hostname !== '127.0.0.1' && url.hostname !== '[::ffff:7f00:1]') {
      sentElsewhere.push(url.host);
      throw new TypeError('fetch failed (the test sends nothing off this machine)');
    }
    return fetch(input, init);
  };
}

describe('verify sends a value over plain http only to this machine', () => {
  it('a Graylog address http://[::ffff:127.0.0.1]:port is loopback: the token is sent and checked', async () => {
    const graylog = await startHostileServer((_req, res) => json(res, 200, []));
    servers.push(graylog);
    const api = await startHostileServer((_req, res) => json(res, 404, {}));
    servers.push(api);
    const sentElsewhere: string[] = [];
    const client = ovhConsumerKeyClient(api, { fetch: loopbackOnlyFetch(sentElsewhere) });
    const result = await client.verifyToken({ graylogUrl: `http://[::ffff:127.0.0.1]:${graylog.port}/api`, value: VALUE });
    expect(result.endpoints.map((e) => [e.outcome, e.status, e.detail])).toEqual([['ok', 200, 'The Graylog API accepted the token.']]);
    expect(graylog.received.map((r) => [r.path, Buffer.from(String(r.headers.authorization).replace(/^Basic /, ''), 'base64').toString()])).toEqual([
      ['/api/streams', `token:${VALUE}`],
    ]);
    expect(sentElsewhere).toEqual([]);
  });

  it('plain http addresses on another machine are refused without sending the value', async () => {
    const api = await startHostileServer((_req, res) => json(res, 404, {}));
    servers.push(api);
    const sentElsewhere: string[] = [];
    const client = ovhConsumerKeyClient(api, { fetch: loopbackOnlyFetch(sentElsewhere) });
    const result = await client.verifyToken({
      graylogUrl: 'http://graylog.tokendesk.invalid:9000/api',
      opensearchUrl: 'http://opensearch.tokendesk.invalid:9200',
      value: VALUE,
    });
    expect(sentElsewhere).toEqual([]);
    expect(result.ok).toBe(false);
    expect(result.endpoints.map((e) => [e.api, e.outcome, e.detail])).toEqual([
      [
        'graylog',
        'error',
        'The Graylog API is listed at graylog.tokendesk.invalid:9000 without https, and that address is not this machine: Tokendesk does not send the token unencrypted.',
      ],
      [
        'opensearch',
        'error',
        'The OpenSearch API is listed at opensearch.tokendesk.invalid:9200 without https, and that address is not this machine: Tokendesk does not send the token unencrypted.',
      ],
    ]);
    for (const e of result.endpoints) expect(e.detail).not.toContain(VALUE);
  });

  it('a listed address that redirects elsewhere does not get the value there', async () => {
    const target = await startHostileServer((_req, res) => json(res, 200, []));
    servers.push(target);
    const graylog = await startHostileServer((req, res) => {
      res.writeHead(302, { Location: `${target.origin}${req.url ?? '/'}` });
      res.end();
    });
    servers.push(graylog);
    const result = await ovhConsumerKeyClient(graylog).verifyToken({ graylogUrl: `${graylog.origin}/api`, value: VALUE });
    expect(target.received).toEqual([]);
    expect(result.endpoints.map((e) => [e.outcome, e.status])).toEqual([['error', 302]]);
    expect(result.endpoints[0]!.detail).toMatch(
      new RegExp(`^The Graylog API at 127\\.0\\.0\\.1:${graylog.port} answered with a redirect to 127\\.0\\.0\\.1:${target.port} \\(HTTP 302\\)`),
    );
  });
});
