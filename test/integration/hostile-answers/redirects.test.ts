/**
 * A provider answering with a redirect to another origin (here a second loopback server on another
 * port) must not get the credentials there: the second server receives nothing, and the admin
 * reads why the call failed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  answersAuthTime,
  json,
  logScaleClient,
  ovhConsumerKeyClient,
  ovhOAuth2Client,
  OVH_SECRETS,
  rejection,
  startHostileServer,
  type HostileServer,
} from './servers';

const servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The second origin: anything it receives is a leak. */
async function elsewhere(): Promise<HostileServer> {
  const server = await startHostileServer((_req, res) => json(res, 200, []));
  servers.push(server);
  return server;
}

async function redirecting(status: number, target: HostileServer, except: (url: string) => boolean = () => false): Promise<HostileServer> {
  const server = await startHostileServer((req, res) => {
    if (answersAuthTime(req, res)) return;
    if (except(req.url ?? '')) return json(res, 200, { access_token: 'hostile-access-token', token_type: 'Bearer', expires_in: 3600 });
    res.writeHead(status, { Location: `${target.origin}${req.url ?? '/'}` });
    res.end();
  });
  servers.push(server);
  return server;
}

describe('redirects are never followed', () => {
  for (const status of [302, 307]) {
    it(`a signed OVHcloud request answered ${status} to another origin: the consumer key and signature stay home`, async () => {
      const target = await elsewhere();
      const api = await redirecting(status, target);
      const error = await rejection(ovhConsumerKeyClient(api).listServiceNames());
      expect(target.received).toEqual([]);
      expect(api.received.filter((r) => r.path === '/1.0/dbaas/logs')).toHaveLength(1); // refused, not retried
      expect(error.message).toBe(
        `OVHcloud answered with a redirect to 127.0.0.1:${target.port} (HTTP ${status}); Tokendesk does not follow it, so credentials only go to the address set for the account.`,
      );
      expect(error).toMatchObject({ code: 'provider', provider: { provider: 'ovh', status, path: 'GET /dbaas/logs' } });
    });
  }

  it('the OAuth2 token request answered 307 to another origin: the client secret is not sent there, nor sent again', async () => {
    const target = await elsewhere();
    const api = await redirecting(307, target);
    const error = await rejection(ovhOAuth2Client(api).listServiceNames());
    expect(target.received).toEqual([]);
    const asked = api.received.filter((r) => r.path === '/auth/oauth2/token');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.body).toContain(`client_secret=${OVH_SECRETS.clientSecret}`); // the real endpoint did get it, once
    expect(error.message).toMatch(
      new RegExp(`^The OVHcloud OAuth2 endpoint answered with a redirect to 127\\.0\\.0\\.1:${target.port} \\(HTTP 307\\); Tokendesk does not follow it`),
    );
    expect(error.message).not.toContain(OVH_SECRETS.clientSecret);
  });

  it('an OAuth2 account whose API answers 302 sends its bearer nowhere else', async () => {
    const target = await elsewhere();
    const api = await redirecting(302, target, (url) => url === '/auth/oauth2/token');
    const error = await rejection(ovhOAuth2Client(api).listServiceNames());
    expect(target.received).toEqual([]);
    expect(error.message).toMatch(/^OVHcloud answered with a redirect to 127\.0\.0\.1:\d+ \(HTTP 302\)/);
  });

  it('LogScale answered 308 to another origin: the bearer token stays home', async () => {
    const target = await elsewhere();
    const api = await redirecting(308, target);
    const error = await rejection(logScaleClient(api).tokens.list());
    expect(target.received).toEqual([]);
    expect(error.message).toMatch(
      new RegExp(`^LogScale at ${api.origin} answered with a redirect to 127\\.0\\.0\\.1:${target.port} \\(HTTP 308\\); Tokendesk does not follow it`),
    );
  });
});
