import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { consumerKeyClient, failure, recordingClock, useEmulator } from './helpers';

const emulator = useEmulator({ knobs: { operationDelayMs: 40 } });
const statuses = (rs: { status: number }[]) => rs.map((r) => r.status);

describe('OVH client under faults: GETs are retried, bounded', () => {
  it('retries a GET after 500s and 502 proxy pages, with jittered backoff', async () => {
    const emu = await emulator.start();
    emu.injectFault({ kind: 'status', status: 500, method: 'GET', path: '/dbaas/logs' });
    emu.injectFault({ kind: 'status', status: 502, method: 'GET', path: '/dbaas/logs' });
    const clock = recordingClock();
    const client = consumerKeyClient(emu, { clock, retry: { baseDelayMs: 200, maxDelayMs: 2000 } });
    expect(await client.listServiceNames()).toEqual([]);
    expect(statuses(emu.apiRequests({ path: '/dbaas/logs' }))).toEqual([500, 502, 200]);
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(100);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(200);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(200);
    expect(clock.sleeps[1]).toBeLessThanOrEqual(400);
  });

  it('gives up after 4 attempts with the last answer kept for the user', async () => {
    const emu = await emulator.start();
    emu.injectFault({ kind: 'status', status: 500, times: 10, path: '/dbaas/logs' });
    const client = consumerKeyClient(emu, { clock: recordingClock() });
    const error = await failure<AppError>(client.listServiceNames());
    const calls = emu.apiRequests({ path: '/dbaas/logs' });
    expect(statuses(calls)).toEqual([500, 500, 500, 500]);
    expect(error.code).toBe('provider');
    expect(error.message).toBe(
      `OVHcloud had a problem answering (HTTP 500). Try again shortly. OVHcloud said: Server::InternalServerError: "Internal server error". (HTTP 500, query id ${calls[3]!.queryId})`,
    );
  });

  it('honours Retry-After in seconds on a 429', async () => {
    const emu = await emulator.start();
    emu.injectFault({ kind: 'rate-limit', retryAfterSec: 2, path: '/dbaas/logs' });
    const clock = recordingClock();
    await consumerKeyClient(emu, { clock }).listServiceNames();
    expect(statuses(emu.apiRequests({ path: '/dbaas/logs' }))).toEqual([429, 200]);
    expect(emu.apiRequests({ path: '/dbaas/logs' })[0]!.fault).toBe('rate-limit:before');
    expect(clock.sleeps).toContain(2000); // the retry wait (the account's limiter pauses as long)
  });

  it('honours Retry-After as an HTTP date on a 429', async () => {
    const emu = await emulator.start();
    emu.injectFault({ kind: 'rate-limit', retryAfterSec: 3, retryAfterFormat: 'date', path: '/dbaas/logs' });
    const clock = recordingClock();
    await consumerKeyClient(emu, { clock }).listServiceNames();
    expect(statuses(emu.apiRequests({ path: '/dbaas/logs' }))).toEqual([429, 200]);
    const wait = Math.max(...clock.sleeps);
    expect(wait).toBeGreaterThan(1000); // HTTP dates have whole seconds
    expect(wait).toBeLessThanOrEqual(3000);
  });

  it('backs off on a 429 without Retry-After, and reports a burst that does not end', async () => {
    const emu = await emulator.start();
    emu.injectFault({ kind: 'rate-limit', times: 1, path: '/dbaas/logs' });
    const clock = recordingClock();
    const client = consumerKeyClient(emu, { clock });
    await client.listServiceNames();
    expect(statuses(emu.apiRequests({ path: '/dbaas/logs' }))).toEqual([429, 200]);

    emu.clearLog();
    emu.injectFault({ kind: 'rate-limit', times: 10, retryAfterSec: 1, path: '/dbaas/logs' });
    const error = await failure<AppError>(client.listServiceNames());
    expect(statuses(emu.apiRequests({ path: '/dbaas/logs' }))).toEqual([429, 429, 429, 429]);
    expect(error.code).toBe('rate-limited');
    expect(error.message).toMatch(/^OVHcloud is limiting the requests of this account\. Wait a little and try again\./);
    expect(error.provider).toMatchObject({ status: 429, message: 'Too many requests, please retry later' });
  });

  it('does not wait for a Retry-After longer than allowed: it reports at once', async () => {
    const emu = await emulator.start();
    emu.injectFault({ kind: 'rate-limit', retryAfterSec: 3600, path: '/dbaas/logs' });
    const clock = recordingClock();
    const error = await failure<AppError>(consumerKeyClient(emu, { clock }).listServiceNames());
    expect(error.code).toBe('rate-limited');
    expect(emu.apiRequests({ path: '/dbaas/logs' })).toHaveLength(1);
    expect(clock.sleeps).toEqual([30_000]); // the account pauses 30 s at most; no retry wait
  });

  it('retries a GET whose connection was reset', async () => {
    const emu = await emulator.start();
    const service = emu.addService({ tokens: 1 });
    const [id] = [...service.tokens.keys()];
    emu.injectFault({ kind: 'reset', method: 'GET', path: `/dbaas/logs/${service.serviceName}/token/${id}` });
    const token = await consumerKeyClient(emu, { clock: recordingClock() }).getToken(service.serviceName, id!);
    expect(token.tokenId).toBe(id);
    const calls = emu.apiRequests({ path: `/dbaas/logs/${service.serviceName}/token/${id}` });
    expect(calls.map((r) => r.fault ?? r.status)).toEqual(['reset:before', 200]);
  });

  it('explains a connection that keeps being reset', async () => {
    const emu = await emulator.start();
    emu.injectFault({ kind: 'reset', times: 10, path: '/dbaas/logs' });
    const error = await failure<AppError>(consumerKeyClient(emu, { clock: recordingClock() }).listServiceNames());
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(
      /^Could not reach the OVHcloud API at 127\.0\.0\.1:\d+ \((ECONNRESET|UND_ERR_SOCKET|socket hang up|other side closed)\)\. Check the network connection and try again\.$/,
    );
    expect(emu.apiRequests({ path: '/dbaas/logs' })).toHaveLength(4);
  });

  it('retries a malformed body, and explains one that stays malformed', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    emu.injectFault({ kind: 'malformed', phase: 'after', path: `/dbaas/logs/${service.serviceName}` });
    const client = consumerKeyClient(emu, { clock: recordingClock() });
    expect((await client.getService(service.serviceName)).serviceName).toBe(service.serviceName);

    emu.clearLog();
    emu.injectFault({ kind: 'malformed', phase: 'after', times: 10, path: `/dbaas/logs/${service.serviceName}` });
    const error = await failure<AppError>(client.getService(service.serviceName));
    const calls = emu.apiRequests({ path: `/dbaas/logs/${service.serviceName}` });
    expect(calls).toHaveLength(4);
    expect(error.code).toBe('provider');
    expect(error.message).toBe(
      `OVHcloud answered with a body Tokendesk could not read (HTTP 200 with a body that is not valid JSON). (HTTP 200, query id ${calls[3]!.queryId})`,
    );
  });

  it('refuses an answer with the wrong content type, and one missing documented fields', async () => {
    const emu = await emulator.start();
    emu.injectFault({ kind: 'wrong-content-type', times: 10, path: '/dbaas/logs' });
    const client = consumerKeyClient(emu, { clock: recordingClock() });
    const error = await failure<AppError>(client.listServiceNames());
    expect(error.message).toMatch(
      /^OVHcloud answered with a body Tokendesk could not read \(HTTP 200 with content type text\/html; charset=utf-8 instead of JSON\)/,
    );

    const service = emu.addService({ urls: [{ address: 'x' } as never] });
    const bad = await failure<AppError>(client.getUrls(service.serviceName));
    expect(bad.message).toContain('(HTTP 200; field 0.type is missing)');
    const wrongType = emu.addService({ urls: [{ address: 42, type: 'GRAYLOG_API' } as never] });
    expect((await failure<AppError>(client.getUrls(wrongType.serviceName))).message).toContain('(HTTP 200; field 0.address expected string)');
  });

  it('lists a whole account when one service keeps failing: the others are still listed', async () => {
    const emu = await emulator.start();
    const [broken, fine] = emu.seedMany({ services: 2, tokensPerService: 2 });
    emu.injectFault({ kind: 'status', status: 503, times: 100, path: `/dbaas/logs/${broken}` });
    const all = await consumerKeyClient(emu, { clock: recordingClock() }).listAccountTokens();
    expect(all.map((s) => [s.serviceName, s.status])).toEqual([
      [broken, 'error'],
      [fine, 'ok'],
    ]);
    const failed = all[0]!;
    expect(failed.status === 'error' && failed.error).toMatchObject({ code: 'provider', provider: { provider: 'ovh', status: 503 } });
    expect(emu.apiRequests({ path: `/dbaas/logs/${broken}` })).toHaveLength(4);
  });

  it('stops reading the tokens of a service that keeps failing, instead of trying each one', async () => {
    const emu = await emulator.start();
    const [name] = emu.seedMany({ services: 1, tokensPerService: 100 });
    emu.injectFault({ kind: 'status', status: 500, times: 10_000, path: `/dbaas/logs/${name}/token/*` });
    const error = await failure<AppError>(consumerKeyClient(emu, { clock: recordingClock() }).listTokens(name!));
    expect(error.code).toBe('provider');
    expect(error.provider?.status).toBe(500);
    const reads = emu.apiRequests({ path: `/dbaas/logs/${name}/token/*` });
    // Not 100 tokens x 4 attempts: retries go first, the first verdict cancels the queue. A slot
    // freed during a retry wait may start a new read, hence a few more than 8 tokens are tried.
    expect(reads.length).toBeLessThan(50);
    expect(new Set(reads.map((r) => r.path)).size).toBeLessThan(20);
  });

  it('lists every token of a service through random 5xx and resets (seeded rates)', async () => {
    const emu = await emulator.start({ knobs: { errorRate: 0.15, resetRate: 0.05 }, randomSeed: 7 });
    const [name] = emu.seedMany({ services: 1, tokensPerService: 60 });
    const listing = await consumerKeyClient(emu, { clock: recordingClock(), retry: { maxAttempts: 6 } }).listTokens(name!);
    expect(listing.status === 'ok' && listing.tokens).toHaveLength(60);
    const faults = emu.apiRequests().filter((r) => r.fault);
    expect(faults.length).toBeGreaterThan(5);
  });
});

describe('OVH client under faults: a change that may have been applied is never sent twice', () => {
  const named = (name: string) => (r: { body: string }) => JSON.parse(r.body).name === name;

  it.each(['reset', 'status', 'malformed'] as const)('create: %s after the POST was applied -> re-read finds the token, one POST only', async (kind) => {
    const emu = await emulator.start();
    const service = emu.addService();
    emu.injectFault({ kind, phase: 'after', method: 'POST', path: `/dbaas/logs/${service.serviceName}/token` });
    const progress: string[] = [];
    const token = await consumerKeyClient(emu).createToken(service.serviceName, { name: 'ci-reader' }, { onProgress: (p) => progress.push(p.state) });
    expect(token.name).toBe('ci-reader');
    expect(emu.apiRequests({ method: 'POST' }).filter(named('ci-reader'))).toHaveLength(1);
    expect([...service.tokens.values()].filter((t) => t.name === 'ci-reader')).toHaveLength(1);
    expect(token.value).toBe([...service.tokens.values()][0]!.value);
    // It looked by name first. Whether it then had to follow the running operation depends on
    // whether the operation finished before the re-read (timing under load), so at most one look.
    expect(emu.apiRequests({ method: 'GET', path: `/dbaas/logs/${service.serviceName}/token` })[0]!.path).toBe(
      `/dbaas/logs/${service.serviceName}/token?namePattern=ci-reader`,
    );
    expect(emu.apiRequests({ method: 'GET', path: `/dbaas/logs/${service.serviceName}/operation` }).length).toBeLessThanOrEqual(1);
    expect(progress.at(-1) ?? 'SUCCESS').toBe('SUCCESS');
  });

  it('create: reset before the POST was applied -> re-read finds nothing, says so, one POST only', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    emu.injectFault({ kind: 'reset', phase: 'before', method: 'POST' });
    const error = await failure<AppError>(consumerKeyClient(emu).createToken(service.serviceName, { name: 'ci-reader' }));
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(
      new RegExp(`Tokendesk checked: no token named "ci-reader" exists on ${service.serviceName}, so nothing was created\\. You can try again\\.$`),
    );
    expect(emu.apiRequests({ method: 'POST' })).toHaveLength(1);
    expect(service.tokens.size).toBe(0);
  });

  it('create: a 429 on the POST is not re-sent either; the user is told nothing was created', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    emu.injectFault({ kind: 'rate-limit', retryAfterSec: 1, method: 'POST' });
    const error = await failure<AppError>(consumerKeyClient(emu, { clock: recordingClock() }).createToken(service.serviceName, { name: 'ci' }));
    expect(error.code).toBe('rate-limited');
    expect(error.message).toContain('nothing was created');
    expect(emu.apiRequests({ method: 'POST' })).toHaveLength(1);
  });

  it('delete: reset after the DELETE was applied -> re-read shows it gone, one DELETE only', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    const victim = emu.addToken(service.serviceName, { name: 'leaked' });
    emu.injectFault({ kind: 'reset', phase: 'after', method: 'DELETE' });
    const result = await consumerKeyClient(emu).deleteToken(service.serviceName, victim.tokenId);
    expect(result).toEqual({ tokenId: victim.tokenId, operationId: null });
    expect(emu.apiRequests({ method: 'DELETE' })).toHaveLength(1);
    expect(service.tokens.has(victim.tokenId)).toBe(false);
  });

  it('delete: reset before the DELETE was applied -> the token is still there and the user is told', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    const victim = emu.addToken(service.serviceName, { name: 'leaked' });
    emu.injectFault({ kind: 'reset', phase: 'before', method: 'DELETE' });
    const error = await failure<AppError>(consumerKeyClient(emu).deleteToken(service.serviceName, victim.tokenId));
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/Tokendesk checked: the token still exists, so nothing was deleted\. You can try again\.$/);
    expect(emu.apiRequests({ method: 'DELETE' })).toHaveLength(1);
    expect(service.tokens.has(victim.tokenId)).toBe(true);
  });
});
