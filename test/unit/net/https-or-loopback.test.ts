/**
 * The one rule for where a credential may go: https, or plain http to this machine only. The
 * contract's copy (preload/contract.ts may import no main code) is held to the same cases.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { isHttpsOrLoopbackHttp, isLoopbackHostname } from '../../../main/core/net/https-or-loopback';
import { normaliseBaseUrl } from '../../../main/core/providers/logscale/transport';
import { resolveEndpoint } from '../../../main/core/providers/ovh/endpoints';
import { requestOAuth2Token } from '../../../main/core/providers/ovh/signing';
import { createLimiter, systemClock } from '../../../main/core/net';
import { AddLogScaleAccount } from '../../../preload/contract';

// Strings only: nothing here is ever sent anywhere.
const CASES: Array<[string, boolean]> = [
  ['http://127.0.0.1:8080/', true],
  ['http://127.5.6.7/', true],
  ['http://[::1]:9000/', true],
  ['http://[::ffff:127.0.0.1]:9000/', true],
  ['http://[::ffff:7f00:1]/', true],
  ['http://[::ffff:127.255.0.9]/', true],
  ['http://[0:0:0:0:0:0:0:1]/', true],
  ['http://2130706433/', true], // 127.0.0.1 written as one number: the URL parser normalises it
  ['http://localhost:4100/1.0', true],
  ['http://LOCALHOST/', true],
  ['https://example.com/', true],
  ['https://10.0.0.1/', true],
  ['http://10.0.0.1/', false],
  ['http://example.com/', false],
  ['http://[::ffff:10.0.0.1]/', false],
  ['http://[::ffff:a00:1]/', false],
  ['http://[::7f00:1]/', false], // IPv4-compatible (deprecated), not the loopback
  ['http://[64:ff9b::7f00:1]/', false], // NAT64 of 127.0.0.1: another machine
  ['http://[::2]/', false],
  ['http://128.0.0.1/', false],
  ['http://127.0.0.1.example.com/', false],
  ['http://localhost.example.com/', false],
  ['http://0.0.0.0/', false],
  ['ftp://127.0.0.1/', false],
  ['not a url', false],
];

describe('https, or http only to a loopback address', () => {
  it.each(CASES)('%s -> %s', (url, allowed) => {
    expect(isHttpsOrLoopbackHttp(url)).toBe(allowed);
  });

  it('takes a URL object as well as a string', () => {
    expect(isHttpsOrLoopbackHttp(new URL('http://[::ffff:127.0.0.1]/'))).toBe(true);
    expect(isHttpsOrLoopbackHttp(new URL('http://example.com/'))).toBe(false);
  });

  it('reads hostnames as the URL parser gives them', () => {
    expect(isLoopbackHostname(new URL('http://[::ffff:127.0.0.1]/').hostname)).toBe(true);
    expect(isLoopbackHostname('[::1]')).toBe(true);
    expect(isLoopbackHostname('10.0.0.1')).toBe(false);
  });

  it.each(CASES.filter(([url]) => /^https?:\/\//.test(url)))("the account form's rule agrees: %s -> %s", (url, allowed) => {
    const input = { provider: 'logscale', label: 'x', baseUrl: url, token: 'AbCdEfGh~0123456789abcdefghij' };
    expect(v.safeParse(AddLogScaleAccount, input).success).toBe(allowed);
  });
});

describe('the core applies the rule itself, whoever calls it', () => {
  it('a LogScale or OVHcloud base URL over plain http to another machine is refused', () => {
    expect(() => normaliseBaseUrl('http://logscale.example.com')).toThrow(
      'The LogScale URL must start with https:// (http:// only for a server on this machine).',
    );
    expect(() => resolveEndpoint({ baseUrl: 'http://10.0.0.1/1.0' })).toThrow(
      'The OVHcloud base URL must start with https:// (http:// only for a server on this machine).',
    );
    expect(normaliseBaseUrl('http://[::ffff:127.0.0.1]:8080').href).toBe('http://[::ffff:7f00:1]:8080/');
  });

  it('the OAuth2 client secret is not sent to a plain http token URL on another machine', async () => {
    let sent = 0;
    const fetch: typeof globalThis.fetch = async () => {
      sent += 1;
      return new Response('{}');
    };
    const request = requestOAuth2Token({
      tokenUrl: 'http://auth.example.com/oauth2/token',
      clientId: 'id',
      clientSecret: 'secret-0123456789',
      fetch,
      clock: systemClock,
      limiter: createLimiter(),
      timeoutMs: 1_000,
    });
    await expect(request).rejects.toThrow(/^The OVHcloud OAuth2 token URL \(auth\.example\.com\) must start with https:\/\//);
    expect(sent).toBe(0);
  });
});
