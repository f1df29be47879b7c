/** Status, credential checks, 401/403, GraphQL errors and transport faults, over real HTTP. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { IP_FILTER_TEXT, MISSING_AUTH_TEXT, UNAUTHORIZED_TEXT } from '../../emulators/logscale';
import { authenticates, DAY, expectNoSecret, failure, HOUR, MINUTE, setup, type Setup } from './helpers';

let s: Setup;
afterEach(async () => s?.close());

describe('LogScale server and credentials', () => {
  it('reads version and reachability from /api/v1/status without authentication, under a path prefix', async () => {
    s = await setup({ pathPrefix: '/tools/logscale' });
    expect(s.emulator.baseUrl).toMatch(/\/tools\/logscale$/);
    expect(await s.client.status()).toEqual({
      status: 'ok',
      version: '1.204.0--build-4049--sha-a22d24dd0b758435b61dcabe5da368b774122570',
      semver: '1.204.0',
    });
    expect(s.emulator.requests).toMatchObject([{ method: 'GET', path: '/api/v1/status', hadAuthorization: false, status: 200 }]);
    // A trailing slash on the configured URL changes nothing.
    expect((await s.clientWith(s.emulator.adminToken, { baseUrl: `${s.emulator.baseUrl}/` }).checkCredentials()).user?.username).toBe('admin');
    expect(s.emulator.requests.at(-1)).toMatchObject({ method: 'POST', path: '/graphql', hadAuthorization: true, operationName: 'CheckCredentials' });
  });

  it('checks a credential: a user token names the user, a system token authenticates without one', async () => {
    s = await setup();
    expect(await s.client.checkCredentials()).toEqual({ user: { id: s.emulator.adminUserId, username: 'admin' } });
    const system = await s.client.tokens.create({ kind: 'system', name: 'probe', permissions: ['ReadHealthCheck'], expiry: { kind: 'never' } });
    expect(await s.clientWith(system.secret).checkCredentials()).toEqual({ user: null });
    expect(s.emulator.requests.at(-1)?.tokenId).toBe(system.tokenId);
  });

  it('maps a garbage token to 401 auth with the server text, and never echoes the token', async () => {
    s = await setup();
    const garbage = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA~BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
    const error = await failure(s.clientWith(garbage).tokens.list());
    expect(error.toPayload()).toEqual({
      code: 'auth',
      message: `LogScale rejected the token (HTTP 401): ${UNAUTHORIZED_TEXT}. It may be expired, revoked or mistyped.`,
      provider: { provider: 'logscale', status: 401, path: '/graphql', message: UNAUTHORIZED_TEXT },
    });
    expectNoSecret(JSON.stringify(error.toPayload()), garbage);
  });

  it('rejects an expired token with 401 once its expiry passes', async () => {
    s = await setup();
    const created = await s.client.tokens.create({
      kind: 'organization',
      name: 'short',
      permissions: ['ViewUsage'],
      expiry: { kind: 'duration', amount: 30, unit: 'minutes' },
    });
    expect(await authenticates(s, created.secret)).toBe(true);
    s.clock.advance(31 * MINUTE);
    expect((await failure(s.clientWith(created.secret).checkCredentials())).provider).toMatchObject({ status: 401 });
  });

  it('answers 401 with the framework text when no Authorization header is sent', async () => {
    s = await setup();
    const response = await fetch(`${s.emulator.baseUrl}/graphql?id=CheckCredentials`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ viewerOpt { id } }' }),
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(MISSING_AUTH_TEXT);
  });

  it('maps an IP filter miss to 403 forbidden, and accepts the token from an allowed address', async () => {
    s = await setup();
    const office = await s.client.ipFilters.create({ name: 'office', ipFilter: 'allow 10.0.0.0/8' });
    const created = await s.client.tokens.create({
      kind: 'system',
      name: 'office-only',
      permissions: ['ReadHealthCheck'],
      expiry: { kind: 'never' },
      ipFilterId: office.id,
    });
    expect(created.ipFilterId).toBe(office.id);
    expect((await s.client.tokens.get('system', created.tokenId))?.ipFilter).toEqual(office);

    const error = await failure(s.clientWith(created.secret).checkCredentials()); // we call from 127.0.0.1
    expect(error.code).toBe('forbidden');
    expect(error.provider).toEqual({ provider: 'logscale', status: 403, path: '/graphql', message: IP_FILTER_TEXT });
    expect(error.message).toMatch(/IP filter does not accept this machine's address/);

    s.emulator.setKnobs({ clientAddress: '10.1.2.3' });
    expect(await s.clientWith(created.secret).checkCredentials()).toEqual({ user: null });
  });

  it("turns GraphQL errors (HTTP 200) into errors that keep LogScale's message and path", async () => {
    s = await setup();
    const bob = s.emulator.addUser('bob');
    const error = await failure(s.clientWith(bob.token).tokens.list());
    expect(error.toPayload()).toEqual({
      code: 'forbidden',
      message: "LogScale refused to list tokens: You don't have permission to list tokens.",
      provider: { provider: 'logscale', status: 200, message: "You don't have permission to list tokens.", path: 'tokens' },
    });
    expect(s.emulator.requests.at(-1)?.status).toBe(200);
  });

  it('serves errors[] with HTTP 200 for a document the real schema rejects', async () => {
    s = await setup();
    const response = await fetch(`${s.emulator.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.emulator.adminToken}` },
      body: JSON.stringify({ query: 'query { tokens(sortBy: Name) { results { id lastUsedAt } } }' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { errors: Array<{ message: string }> };
    expect(body.errors[0]?.message).toMatch(/Cannot query field "lastUsedAt" on type "Token"/);
  });
});

describe('LogScale transport faults', () => {
  it('maps 5xx, 429, resets, malformed JSON and a wrong content type to clear errors', async () => {
    s = await setup({ knobs: { retryAfterSeconds: 7 } });
    s.emulator.queueFaults({ kind: 'server-error', status: 502 });
    const e502 = await failure(s.client.ipFilters.list());
    expect(e502.toPayload()).toEqual({
      code: 'provider',
      message: 'LogScale failed to list IP filters (HTTP 502): Service Unavailable.',
      provider: { provider: 'logscale', status: 502, path: '/graphql', message: 'Service Unavailable' },
    });

    s.emulator.queueFaults({ kind: 'rate-limit' });
    const e429 = await failure(s.client.ipFilters.list());
    expect(e429.code).toBe('rate-limited');
    expect(e429.message).toBe('LogScale is rate limiting requests (HTTP 429); it asks to retry after 7 s.');

    s.emulator.queueFaults({ kind: 'reset' });
    const reset = await failure(s.client.ipFilters.list());
    expect(reset.code).toBe('unreachable');
    expect(reset.message).toMatch(/^Could not reach LogScale at http:\/\/127\.0\.0\.1:\d+ to list IP filters: /);

    s.emulator.queueFaults({ kind: 'malformed-json' });
    expect((await failure(s.client.ipFilters.list())).message).toBe(
      'LogScale gave an unreadable answer when asked to list IP filters: the JSON could not be parsed.',
    );

    s.emulator.queueFaults({ kind: 'wrong-content-type' });
    const html = await failure(s.client.ipFilters.list());
    expect(html.code).toBe('provider');
    expect(html.message).toMatch(/it sent text\/html instead of JSON/);

    // And the next request is fine again.
    expect(await s.client.ipFilters.list()).toEqual([]);
    expect(s.emulator.requests.map((r) => r.fault)).toEqual(['server-error', 'rate-limit', 'reset', 'malformed-json', 'wrong-content-type', null]);
  });

  it('warns that a create may have happened when the answer is lost after the server ran it', async () => {
    s = await setup();
    s.emulator.queueFaults({ kind: 'reset', afterExecute: true, operation: 'CreateSystemToken' });
    const error = await failure(s.client.tokens.create({ kind: 'system', name: 'lost', permissions: ['ReadHealthCheck'], expiry: { kind: 'never' } }));
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/LogScale may have created the token anyway: refresh the list and delete any token you do not recognise\.$/);
    // Indeed it did: the list shows a token whose secret nobody has.
    expect((await s.client.tokens.list()).tokens.map((t) => t.name)).toEqual(['lost']);
  });

  it('maps a refused connection and a timeout to unreachable', async () => {
    s = await setup();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await failure(s.clientWith(s.emulator.adminToken, { baseUrl: `http://127.0.0.1:${port}` }).status());
    expect(refused.code).toBe('unreachable');
    expect(refused.message).toBe(`Could not reach LogScale at http://127.0.0.1:${port} to read the server status: ECONNREFUSED.`);

    s.emulator.setKnobs({ latencyMs: 5_000 });
    const slow = await failure(s.clientWith(s.emulator.adminToken, { timeoutMs: 100 }).ipFilters.list());
    expect(slow.code).toBe('unreachable');
    expect(slow.message).toMatch(/to list IP filters: no answer within 100 ms\./);
  });

  it('applies seeded fault rates (repeatable runs)', async () => {
    s = await setup({ randomSeed: 42, knobs: { serverErrorRate: 0.5 } });
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++)
      outcomes.push(
        await s.client.ipFilters.list().then(
          () => 'ok',
          (e: { code: string }) => e.code,
        ),
      );
    expect(outcomes).toContain('ok');
    expect(outcomes).toContain('provider');
    const again = await setup({ randomSeed: 42, knobs: { serverErrorRate: 0.5 } });
    const repeat: string[] = [];
    for (let i = 0; i < 12; i++)
      repeat.push(
        await again.client.ipFilters.list().then(
          () => 'ok',
          (e: { code: string }) => e.code,
        ),
      );
    await again.close();
    expect(repeat).toEqual(outcomes);
  });
});

describe('LogScale expiry sent to the server', () => {
  it('sends minutes, hours and days as epoch ms from the injected clock', async () => {
    s = await setup();
    for (const [amount, unit, ms] of [
      [90, 'minutes', 90 * MINUTE],
      [36, 'hours', 36 * HOUR],
      [7, 'days', 7 * DAY],
    ] as const) {
      const created = await s.client.tokens.create({
        kind: 'system',
        name: `${amount}${unit}`,
        permissions: ['ReadHealthCheck'],
        expiry: { kind: 'duration', amount, unit },
      });
      expect(s.emulator.operations('CreateSystemToken').at(-1)?.variables.expireAt).toBe(s.clock.now + ms);
      expect((await s.client.tokens.get('system', created.tokenId))?.expireAt).toBe(s.clock.now + ms);
    }
  });
});
