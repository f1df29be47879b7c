import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import type { Clock } from '../../../main/core/net';
import { createOvhClient, signOvhRequest } from '../../../main/core/providers/ovh';
import { consumerKeyClient, failure, FAST, oauth2Client, useEmulator } from './helpers';

const emulator = useEmulator();

/** Real time, with a wall clock that the test can move (sleep/resume, manual change). */
function movableClock(): Clock & { jump(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    monotonic: () => performance.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    jump: (ms) => void (offset += ms),
  };
}

const secretsOf = (emu: { credentials: Record<string, string> }) => [
  emu.credentials.applicationSecret!,
  emu.credentials.consumerKey!,
  emu.credentials.clientSecret!,
];

describe('OVH consumer-key authentication', () => {
  it('reads /auth/time once, then signs every call over the exact URL and body received', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    const client = consumerKeyClient(emu);
    await client.listServiceNames();
    await client.listTokenIds(service.serviceName, { namePattern: 'ci' });
    await client.createToken(service.serviceName, { name: 'équipe' });

    const log = emu.apiRequests();
    expect(log.filter((r) => r.path === '/auth/time')).toHaveLength(1);
    expect(log[0]!.path).toBe('/auth/time');
    expect(log[0]!.headers['x-ovh-signature']).toBeUndefined();
    const { applicationKey, applicationSecret, consumerKey } = emu.credentials;
    for (const r of log.slice(1)) {
      expect(r.status).toBe(200);
      expect(r.headers['x-ovh-application']).toBe(applicationKey);
      expect(r.headers['x-ovh-consumer']).toBe(consumerKey);
      expect(Math.abs(Number(r.headers['x-ovh-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
      const url = `${emu.baseUrl}${r.path}`;
      expect(r.headers['x-ovh-signature']).toBe(
        signOvhRequest({ applicationSecret, consumerKey, method: r.method, url, body: r.body, timestamp: r.headers['x-ovh-timestamp']! }),
      );
    }
    expect(log.find((r) => r.method === 'POST')!.body).toBe('{"name":"\\u00e9quipe"}');
  });

  it('uses the server clock, not the local one (clock skew)', async () => {
    const emu = await emulator.start({ knobs: { clockOffsetSec: 3600 } });
    const client = consumerKeyClient(emu);
    expect(await client.listServiceNames()).toEqual([]);
    const call = emu.apiRequests({ path: '/dbaas/logs' })[0]!;
    expect(call.status).toBe(200);
    expect(Math.abs(Number(call.headers['x-ovh-timestamp']) - (Date.now() / 1000 + 3600))).toBeLessThan(5);
  });

  it('re-reads the server time once and sends again after INVALID_SIGNATURE (server clock moved)', async () => {
    const emu = await emulator.start();
    const client = consumerKeyClient(emu);
    await client.listServiceNames();
    emu.setKnobs({ clockOffsetSec: -7200 });
    emu.clearLog();
    expect(await client.listServiceNames()).toEqual([]);
    expect(emu.apiRequests().map((r) => `${r.path} ${r.status}`)).toEqual(['/dbaas/logs 400', '/auth/time 200', '/dbaas/logs 200']);
  });

  it('does the same for a QUERY_TIME_OUT answer (unverified error name)', async () => {
    const emu = await emulator.start({ knobs: { staleTimestampError: 'QUERY_TIME_OUT' } });
    const client = consumerKeyClient(emu);
    await client.listServiceNames();
    emu.setKnobs({ clockOffsetSec: 900 });
    emu.clearLog();
    await client.listServiceNames();
    expect(emu.apiRequests().map((r) => `${r.path} ${r.status}`)).toEqual(['/dbaas/logs 400', '/auth/time 200', '/dbaas/logs 200']);
  });

  it('re-reads the server time before calling when the local clock jumped (resume from sleep)', async () => {
    const emu = await emulator.start();
    const clock = movableClock();
    const client = consumerKeyClient(emu, { clock });
    await client.listServiceNames();
    clock.jump(3_600_000);
    emu.clearLog();
    await client.listServiceNames();
    expect(emu.apiRequests().map((r) => `${r.path} ${r.status}`)).toEqual(['/auth/time 200', '/dbaas/logs 200']);
  });

  it('retries a bad signature only once, then explains, without any secret in the message', async () => {
    const emu = await emulator.start();
    const client = createOvhClient({
      endpoint: { baseUrl: emu.baseUrl },
      auth: { ...emu.consumerKeyAuth(), applicationSecret: 'wrong-application-secret' },
      ...FAST,
    });
    const error = await failure<AppError>(client.listServiceNames());
    expect(error.code).toBe('auth');
    expect(error.message).toMatch(
      /^OVHcloud rejected the request signature, even after Tokendesk re-read the server clock\. Check the application secret and the consumer key/,
    );
    expect(error.provider).toMatchObject({
      provider: 'ovh',
      status: 400,
      errorClass: 'INVALID_SIGNATURE',
      message: 'Invalid signature',
      path: 'GET /dbaas/logs',
    });
    expect(error.provider?.requestId).toBe(emu.apiRequests({ path: '/dbaas/logs' }).at(-1)!.queryId);
    expect(emu.apiRequests().map((r) => `${r.path} ${r.status}`)).toEqual(['/auth/time 200', '/dbaas/logs 400', '/auth/time 200', '/dbaas/logs 400']);
    const shown = JSON.stringify(error.toPayload());
    for (const secret of [...secretsOf(emu), 'wrong-application-secret']) expect(shown).not.toContain(secret);
  });

  it.each([
    ['an unknown application key', { applicationKey: 'unknown-app-key' }, 'auth', 'INVALID_KEY', 403, 'OVHcloud does not know this application key'],
    ['an unknown consumer key', { consumerKey: 'UnknownConsumerKeyUnknownConsume' }, 'auth', 'NOT_CREDENTIAL', 403, 'OVHcloud does not know this consumer key'],
  ] as const)('explains %s', async (_what, override, code, errorClass, status, sentence) => {
    const emu = await emulator.start();
    const client = createOvhClient({ endpoint: { baseUrl: emu.baseUrl }, auth: { ...emu.consumerKeyAuth(), ...override }, ...FAST });
    const error = await failure<AppError>(client.listServiceNames());
    expect(error.code).toBe(code);
    expect(error.message).toContain(sentence);
    expect(error.provider).toMatchObject({ errorClass, status });
    expect(emu.apiRequests({ path: '/dbaas/logs' })).toHaveLength(1);
  });

  it('explains a refused or expired consumer key (INVALID_CREDENTIAL)', async () => {
    const emu = await emulator.start();
    const consumerKey = emu.addConsumerKey({ state: 'refused' });
    const client = createOvhClient({ endpoint: { baseUrl: emu.baseUrl }, auth: { ...emu.consumerKeyAuth(), consumerKey }, ...FAST });
    const error = await failure<AppError>(client.listServiceNames());
    expect(error.code).toBe('auth');
    expect(error.message).toContain('OVHcloud says these credentials are not valid');
    expect(error.provider).toMatchObject({ errorClass: 'INVALID_CREDENTIAL', status: 403, message: 'This credential is not valid' });
    expect(error.message).not.toContain(consumerKey);
  });

  it('explains a call the consumer key was not granted (NOT_GRANTED_CALL)', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    const consumerKey = emu.addConsumerKey({ rules: [{ method: 'GET', path: '/dbaas/logs' }] });
    const client = createOvhClient({ endpoint: { baseUrl: emu.baseUrl }, auth: { ...emu.consumerKeyAuth(), consumerKey }, ...FAST });
    expect(await client.listServiceNames()).toEqual([service.serviceName]);
    const error = await failure<AppError>(client.createToken(service.serviceName, { name: 'ci' }));
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain(`This consumer key was not granted the call POST /dbaas/logs/${service.serviceName}/token.`);
    expect(error.provider).toMatchObject({ errorClass: 'NOT_GRANTED_CALL', status: 403 });
    expect(emu.apiRequests({ method: 'POST' })).toHaveLength(1);
  });
});

describe('OVH OAuth2 service accounts', () => {
  it('gets one access token by client credentials and sends it as Bearer, without signatures or /auth/time', async () => {
    const emu = await emulator.start();
    emu.seedMany({ services: 2, tokensPerService: 2 });
    const client = oauth2Client(emu);
    await client.listAccountTokens();
    const grants = emu.requestLog.filter((r) => r.server === 'oauth2');
    expect(grants).toHaveLength(1);
    expect(grants[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(grants[0]!.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: emu.credentials.clientId,
      client_secret: emu.credentials.clientSecret,
      scope: 'all',
    });
    const calls = emu.apiRequests();
    expect(calls.length).toBeGreaterThan(5);
    expect(calls.every((r) => /^Bearer eyJ/.test(r.headers.authorization ?? '') && r.headers['x-ovh-signature'] === undefined && r.status === 200)).toBe(true);
    expect(emu.apiRequests({ path: '/auth/time' })).toHaveLength(0);
  });

  it('derives the token endpoint from a custom base URL when none is given', async () => {
    const emu = await emulator.start();
    const { clientId, clientSecret } = emu.credentials;
    const client = createOvhClient({ endpoint: { baseUrl: emu.baseUrl }, auth: { mode: 'oauth2', clientId, clientSecret }, ...FAST });
    expect(client.endpoint.oauth2TokenUrl).toBe(emu.oauth2TokenUrl);
    expect(await client.listServiceNames()).toEqual([]);
  });

  it('fetches a new access token once after a 401, then sends again', async () => {
    const emu = await emulator.start();
    const client = oauth2Client(emu);
    await client.listServiceNames();
    emu.expireOAuth2Tokens();
    emu.clearLog();
    await client.listServiceNames();
    expect(emu.requestLog.map((r) => `${r.server} ${r.status}`)).toEqual(['api 401', 'oauth2 200', 'api 200']);
  });

  it('refreshes an access token before it expires', async () => {
    const emu = await emulator.start({ knobs: { oauth2TokenTtlSec: 30 } }); // 30 s < the 60 s margin: refresh every call
    const client = oauth2Client(emu);
    await client.listServiceNames();
    await client.listServiceNames();
    expect(emu.requestLog.map((r) => `${r.server} ${r.status}`)).toEqual(['oauth2 200', 'api 200', 'oauth2 200', 'api 200']);
  });

  it('explains wrong client credentials without showing the secret', async () => {
    const emu = await emulator.start();
    const client = createOvhClient({
      endpoint: { baseUrl: emu.baseUrl },
      auth: { mode: 'oauth2', clientId: emu.credentials.clientId, clientSecret: 'not-the-secret-1234' },
      ...FAST,
    });
    const error = await failure<AppError>(client.listServiceNames());
    expect(error.code).toBe('auth');
    expect(error.message).toContain("OVHcloud refused the service account's client id or secret.");
    expect(error.provider).toMatchObject({ provider: 'ovh', status: 401, errorClass: 'invalid_client', message: 'Client authentication failed' });
    expect(error.provider?.requestId).toBe(emu.requestLog[0]!.queryId);
    expect(JSON.stringify(error.toPayload())).not.toContain('not-the-secret-1234');
    expect(emu.apiRequests()).toHaveLength(0);
  });

  it('explains a call the service account is not allowed by IAM', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    const { clientId, clientSecret } = emu.addOAuth2Client({ deny: [{ method: 'POST', path: '/dbaas/logs/*/token' }] });
    const client = createOvhClient({ endpoint: { baseUrl: emu.baseUrl }, auth: { mode: 'oauth2', clientId, clientSecret }, ...FAST });
    const error = await failure<AppError>(client.createToken(service.serviceName, { name: 'ci' }));
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain("Check the consumer key's access rules or the service account's IAM policy.");
    expect(error.provider).toMatchObject({ errorClass: 'Client::Forbidden', message: 'User not granted for this request', status: 403 });
  });
});
