/**
 * The harness guards its door like the shell guards IPC: calls must carry the per-run secret path,
 * come from our own origin and host, and be JSON of bounded size. What it serves carries the CSP.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../harness/server';
import { createTestKeychain, type TestKeychain } from '../support/keychain';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

describe('browser harness', () => {
  let harness: Harness;
  let keychain: TestKeychain;
  const call = (channel: string, input: unknown, headers: Record<string, string> = {}) =>
    send(`${harness.url}api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: harness.origin, ...headers },
      body: JSON.stringify({ input }),
    });

  beforeAll(async () => {
    keychain = createTestKeychain();
    harness = await startHarness({ keychain });
  });
  afterAll(async () => {
    await harness.close();
    await keychain.cleanup();
  });

  it('listens on loopback only', () => {
    expect(harness.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the app with the strict CSP (connect-src self for its bridge) and the bridge before the app script', async () => {
    const page = await send(harness.url);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.body.indexOf('__bridge.js')).toBeGreaterThan(0);
    expect(page.body.indexOf('__bridge.js')).toBeLessThan(page.body.indexOf('type="module"'));
  });

  it('answers a well-formed call from its own page', async () => {
    const answer = await call('app:info', undefined);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { runtime: 'harness', keychain: { available: true } } });
  });

  it('refuses calls without the secret path', async () => {
    const answer = await send(`${harness.origin}/api/app:info`, {
      method: 'POST',
      headers: { origin: harness.origin, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(404);
    const wrong = await send(`${harness.origin}/s/not-the-secret/`);
    expect(wrong.status).toBe(404);
  });

  it('refuses calls from another origin, without an origin, or to another host name', async () => {
    for (const headers of [{ origin: 'http://evil.example' }, { origin: '' }]) {
      const answer = await call('accounts:add', { provider: 'logscale', label: 'X', baseUrl: 'https://x.example', token: 't' }, headers);
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    }
    const rebound = await send(harness.url, { headers: { host: 'attacker.example' } });
    expect(rebound.status).toBe(421);
    expect(await harness.core.accounts.list()).toEqual([]);
  });

  it('refuses non-JSON, invalid JSON and oversized bodies with structured errors', async () => {
    expect(
      (await send(`${harness.url}api/app:info`, { method: 'POST', headers: { origin: harness.origin, 'content-type': 'text/plain' }, body: '{}' })).status,
    ).toBe(415);
    const bad = await send(`${harness.url}api/app:info`, {
      method: 'POST',
      headers: { origin: harness.origin, 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const huge = await call('accounts:add', { blob: 'x'.repeat(2 * 1024 * 1024) }).catch((e: Error) => ({ status: 413, body: e.message }));
    expect(huge.status).toBe(413);
  });

  it('pushes core events to the page as server-sent events', async () => {
    let onChunk: (text: string) => void = () => {};
    const chunks = (): Promise<string> => new Promise((done) => (onChunk = done));
    const connected = chunks();
    const req = request(`${harness.url}events`, (res) => res.on('data', (chunk: Buffer) => onChunk(chunk.toString())));
    req.end();
    expect(await connected).toContain(': connected');
    const changed = chunks();
    await call('accounts:add', { provider: 'logscale', label: 'Evented', baseUrl: 'https://e.example', token: 'event-secret-1' });
    const frame = await changed;
    req.destroy();
    expect(frame).toContain('accounts:changed');
    expect(frame).toContain('"label":"Evented"');
    expect(frame).not.toContain('event-secret-1');
  });
});
