import { describe, expect, it } from 'vitest';
import {
  curlExample,
  DEFAULT_POLLING,
  graylogCheckUrl,
  maskTokenValue,
  nextPollDelay,
  OVH_ACCESS_RULES,
  opensearchCheckUrl,
  resolveEndpoint,
} from '../../../main/core/providers/ovh';
import { buildUrl } from '../../../main/core/providers/ovh/endpoints';
import { waitForOperation } from '../../../main/core/providers/ovh/operations';
import type { OvhOperation } from '../../../main/core/providers/ovh';
import type { Clock } from '../../../main/core/net';
import { AppError } from '../../../main/core/errors';

describe('endpoints', () => {
  it('knows the three regions and their OAuth2 token endpoints', () => {
    expect(resolveEndpoint('ovh-eu')).toEqual({ baseUrl: 'https://eu.api.ovh.com/1.0', oauth2TokenUrl: 'https://www.ovh.com/auth/oauth2/token' });
    expect(resolveEndpoint('ovh-ca')).toEqual({ baseUrl: 'https://ca.api.ovh.com/1.0', oauth2TokenUrl: 'https://ca.ovh.com/auth/oauth2/token' });
    expect(resolveEndpoint('ovh-us')).toEqual({ baseUrl: 'https://api.us.ovhcloud.com/1.0', oauth2TokenUrl: 'https://us.ovhcloud.com/auth/oauth2/token' });
  });
  it('takes a custom base URL and derives its token endpoint from the origin', () => {
    expect(resolveEndpoint({ baseUrl: 'http://127.0.0.1:4100/1.0/' })).toEqual({
      baseUrl: 'http://127.0.0.1:4100/1.0',
      oauth2TokenUrl: 'http://127.0.0.1:4100/auth/oauth2/token',
    });
    expect(() => resolveEndpoint({ baseUrl: 'ftp://x' })).toThrow(AppError);
    expect(() => resolveEndpoint({ baseUrl: 'not a url' })).toThrow(/not a valid URL/);
  });
  it('builds the exact URL that is signed', () => {
    expect(buildUrl('https://eu.api.ovh.com/1.0', '/dbaas/logs/ldp-ab-12345/token', { namePattern: 'ci reader', other: undefined })).toBe(
      'https://eu.api.ovh.com/1.0/dbaas/logs/ldp-ab-12345/token?namePattern=ci+reader',
    );
  });
});

describe('consumer-key access rules', () => {
  it('requests exactly the routes the client uses, each with a mid-path wildcard', () => {
    expect(OVH_ACCESS_RULES.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /auth/currentCredential',
      'GET /dbaas/logs',
      'GET /dbaas/logs/*',
      'GET /dbaas/logs/*/cluster',
      'GET /dbaas/logs/*/cluster/*',
      'GET /dbaas/logs/*/url',
      'GET /dbaas/logs/*/token',
      'GET /dbaas/logs/*/token/*',
      'POST /dbaas/logs/*/token',
      'DELETE /dbaas/logs/*/token/*',
      'GET /dbaas/logs/*/operation',
      'GET /dbaas/logs/*/operation/*',
      // Stream write tokens (X-OVH-TOKEN): read from the streams' routing rules.
      'GET /dbaas/logs/*/output/graylog/stream',
      'GET /dbaas/logs/*/output/graylog/stream/*',
      'GET /dbaas/logs/*/output/graylog/stream/*/rule',
      'GET /dbaas/logs/*/output/graylog/stream/*/rule/*',
      'GET /me/identity/user',
      'GET /me/identity/user/*',
      'GET /me/identity/user/*/token',
      'GET /me/identity/user/*/token/*',
      'POST /me/identity/user/*/token',
      'PUT /me/identity/user/*/token/*',
      'DELETE /me/identity/user/*/token/*',
      // How rules name /v2 routes is unverified: both spellings are requested.
      'GET /v2/iam/policy',
      'GET /iam/policy',
    ]);
    expect(OVH_ACCESS_RULES.some((r) => r.path === '/*')).toBe(false);
  });
});

describe('token verification helpers', () => {
  it('finds the Graylog check URL whether the address ends with /api or not', () => {
    expect(graylogCheckUrl('https://gra2.logs.ovh.com/api')).toBe('https://gra2.logs.ovh.com/api/streams');
    expect(graylogCheckUrl('https://gra2.logs.ovh.com/api/')).toBe('https://gra2.logs.ovh.com/api/streams');
    expect(graylogCheckUrl('https://gra2.logs.ovh.com')).toBe('https://gra2.logs.ovh.com/api/streams');
    expect(graylogCheckUrl('gra2.logs.ovh.com')).toBe('https://gra2.logs.ovh.com/api/streams');
    expect(opensearchCheckUrl('gra2.logs.ovh.com:9200')).toBe('https://gra2.logs.ovh.com:9200/_cluster/health');
    expect(opensearchCheckUrl('https://gra2.logs.ovh.com:9200/')).toBe('https://gra2.logs.ovh.com:9200/_cluster/health');
  });
  it('masks the value in the curl example and reads it from an environment variable', () => {
    const value = 'kujg9g227qv0123mav3s0q4pra4psqsi5leka6j7lc62qdef58q';
    expect(maskTokenValue(value)).toBe('…f58q');
    expect(maskTokenValue('short')).toBe('…');
    const curl = curlExample("https://gra2.logs.ovh.com/api/streams?q='x'", value);
    expect(curl).toBe(`curl -sS -u "token:$LDP_TOKEN" 'https://gra2.logs.ovh.com/api/streams?q='\\''x'\\'''   # LDP_TOKEN = the token value (…f58q)`);
    expect(curl).not.toContain(value);
  });
});

describe('operation polling', () => {
  it('polls fast first, then at 10 % of the time waited, between 100 ms and 5 s', () => {
    expect(nextPollDelay(0, 0, DEFAULT_POLLING)).toBe(100);
    expect(nextPollDelay(1, 150, DEFAULT_POLLING)).toBe(100);
    expect(nextPollDelay(5, 3_000, DEFAULT_POLLING)).toBe(300);
    expect(nextPollDelay(20, 30_000, DEFAULT_POLLING)).toBe(3_000);
    expect(nextPollDelay(40, 600_000, DEFAULT_POLLING)).toBe(5_000);
  });

  /** A clock whose time only moves when the code sleeps. */
  function virtualClock(): Clock & { sleeps: number[] } {
    let t = 0;
    const sleeps: number[] = [];
    return { sleeps, now: () => 1_700_000_000_000 + t, monotonic: () => t, sleep: async (ms) => void (sleeps.push(ms), (t += ms)) };
  }
  const op = (state: string): OvhOperation => ({
    operationId: 'op-1',
    serviceName: 'ldp-ab-12345',
    state,
    createdAt: '2026-01-01T00:00:00+00:00',
    updatedAt: null,
    tokenId: state === 'SUCCESS' ? 'tok-1' : null,
  });
  const poller = (states: string[]) => {
    let i = 0;
    return async () => ({ data: op(states[Math.min(i++, states.length - 1)]!), status: 200, requestId: `q${i}` });
  };

  it('waits through every pending state, RETRY included, until SUCCESS', async () => {
    const clock = virtualClock();
    const seen: string[] = [];
    const done = await waitForOperation({
      serviceName: 'ldp-ab-12345',
      operationId: 'op-1',
      what: 'creating the token "ci"',
      poll: poller(['PENDING', 'RECEIVED', 'STARTED', 'RUNNING', 'RETRY', 'RUNNING', 'SUCCESS']),
      clock,
      policy: DEFAULT_POLLING,
      onProgress: (p) => seen.push(p.state),
    });
    expect(done.tokenId).toBe('tok-1');
    expect(seen).toEqual(['PENDING', 'RECEIVED', 'STARTED', 'RUNNING', 'RETRY', 'RUNNING', 'SUCCESS']);
  });

  it.each(['FAILURE', 'REVOKED'])('ends at once on %s with the operation id and the query id', async (state) => {
    const error = await waitForOperation({
      serviceName: 'ldp-ab-12345',
      operationId: 'op-1',
      what: 'deleting the token',
      poll: poller(['PENDING', state]),
      clock: virtualClock(),
      policy: DEFAULT_POLLING,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('provider');
    expect((error as AppError).message).toContain(`operation op-1 ended in state ${state}`);
    expect((error as AppError).provider).toMatchObject({ errorClass: state, requestId: 'q2' });
  });

  it('treats an undocumented state as not finished, and times out with a clear error', async () => {
    const clock = virtualClock();
    const error = await waitForOperation({
      serviceName: 'ldp-ab-12345',
      operationId: 'op-1',
      what: 'creating the token "ci"',
      poll: poller(['SOMETHING_NEW']),
      clock,
      policy: { ...DEFAULT_POLLING, timeoutMs: 10_000 },
    }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('timeout');
    expect((error as AppError).message).toBe(
      'OVHcloud has not finished creating the token "ci" after 10 seconds (operation op-1 is still SOMETHING_NEW). It may still complete: refresh the list in a moment.',
    );
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(10_000);
  });
});
