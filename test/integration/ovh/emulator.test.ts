import { describe, expect, it } from 'vitest';
import { useEmulator } from './helpers';

const emulator = useEmulator();
const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

describe('the OVH emulator itself', () => {
  it('listens on 127.0.0.1 only and tags every API answer with X-Ovh-QueryID, errors and unknown routes included', async () => {
    const emu = await emulator.start();
    for (const url of [emu.baseUrl, emu.graylogUrl, emu.opensearchUrl, emu.oauth2TokenUrl]) expect(new URL(url).hostname).toBe('127.0.0.1');
    const answers = await Promise.all([fetch(`${emu.baseUrl}/auth/time`), fetch(`${emu.baseUrl}/dbaas/logs`), fetch(`${emu.origin}/nope`)]);
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404]);
    for (const r of answers) expect(r.headers.get('x-ovh-queryid')).toMatch(/^EU\.emu-1\.[0-9a-f]+\.\d+\.\d{4,}$/);
    expect(await answers[1]!.json()).toEqual({ class: 'Client::Unauthorized', message: 'You must login first' });
    expect(Math.abs(Number(await answers[0]!.text()) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('answers /auth/time with its own clock offset', async () => {
    const emu = await emulator.start({ knobs: { clockOffsetSec: -600 } });
    const time = (await (await fetch(`${emu.baseUrl}/auth/time`)).json()) as number;
    expect(Math.abs(time - (Date.now() / 1000 - 600))).toBeLessThan(5);
  });

  it('Graylog and OpenSearch stubs accept Basic auth in both orders and 401 anything else', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    const { value } = emu.addToken(service.serviceName, { name: 'ci' });
    const cases: Array<[Record<string, string>, number]> = [
      [basic('token', value), 200],
      [basic(value, 'token'), 200],
      [basic('token', 'wrong'), 401],
      [basic('admin', value), 401],
      [{}, 401],
    ];
    for (const [headers, status] of cases) {
      expect((await fetch(`${emu.graylogUrl}/api/streams`, { headers })).status).toBe(status);
      expect((await fetch(`${emu.opensearchUrl}/_cluster/health`, { headers })).status).toBe(status);
    }
    const denied = await fetch(`${emu.opensearchUrl}/_cluster/health`);
    expect(denied.headers.get('www-authenticate')).toBe('Basic realm="OpenSearch Security"');
    expect((await fetch(`${emu.graylogUrl}/api/search/universal/relative?query=*&range=300`, { headers: basic('token', value) })).status).toBe(200);
    expect((await fetch(`${emu.opensearchUrl}/ldp-logs/_search`, { headers: basic('token', value) })).status).toBe(200);
  });

  it('IAM-enabled service tokens are not accepted by the stubs (IAM tokens replace them)', async () => {
    const emu = await emulator.start();
    const iamService = emu.addService({ isIamEnabled: true });
    const { value } = emu.addToken(iamService.serviceName, { name: 'legacy' });
    expect((await fetch(`${emu.graylogUrl}/api/streams`, { headers: basic('token', value) })).status).toBe(401);
  });

  it('serves a validation page, and the POST of the user decides', async () => {
    const emu = await emulator.start();
    const res = await fetch(`${emu.baseUrl}/auth/credential`, {
      method: 'POST',
      headers: { 'X-Ovh-Application': emu.credentials.applicationKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ accessRules: [{ method: 'GET', path: '/dbaas/logs' }] }),
    });
    const { validationUrl, consumerKey } = (await res.json()) as { validationUrl: string; consumerKey: string };
    const page = await fetch(validationUrl);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('GET /dbaas/logs');
    expect(emu.state.credentials.get(consumerKey)?.state).toBe('pendingValidation');
    expect((await fetch(validationUrl, { method: 'POST', body: new URLSearchParams({ action: 'refuse' }) })).status).toBe(200);
    expect(emu.state.credentials.get(consumerKey)?.state).toBe('refused');
    expect((await fetch(validationUrl, { method: 'POST', body: new URLSearchParams({ action: 'accept' }) })).status).toBe(409);
  });

  it('seeds many services and tokens', async () => {
    const emu = await emulator.start({ seed: { services: 10, tokensPerService: 100, iamServices: 1 } });
    expect(emu.state.services.size).toBe(10);
    const counts = [...emu.state.services.values()].map((s) => s.tokens.size);
    expect(counts).toEqual([0, 100, 100, 100, 100, 100, 100, 100, 100, 100]);
    const names = new Set([...emu.state.services.values()].flatMap((s) => [...s.tokens.values()].map((t) => `${s.serviceName}/${t.name}`)));
    expect(names.size).toBe(900);
  });
});
