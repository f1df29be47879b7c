import { describe, expect, it } from 'vitest';
import { signOvhRequest, toWireJson } from '../../../main/core/providers/ovh';

// Test vectors of the reference (§1.2), with the example AS/CK printed in OVHcloud's first-steps guide.
const AS = 'EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF';
const CK = 'MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1';

describe('OVHcloud request signature', () => {
  it('matches the GET test vector', () => {
    expect(
      signOvhRequest({ applicationSecret: AS, consumerKey: CK, method: 'GET', url: 'https://eu.api.ovh.com/1.0/dbaas/logs', body: '', timestamp: 1700000000 }),
    ).toBe('$1$e78c15156ab8bfbfe99e5b6bd233db5c411ccf60');
  });

  it('matches the POST test vector, with the body exactly as sent', () => {
    const body = toWireJson({ name: 'ci-reader' });
    expect(body).toBe('{"name":"ci-reader"}');
    expect(
      signOvhRequest({
        applicationSecret: AS,
        consumerKey: CK,
        method: 'POST',
        url: 'https://eu.api.ovh.com/1.0/dbaas/logs/ldp-ab-12345/token',
        body,
        timestamp: '1700000000',
      }),
    ).toBe('$1$a43e10df067e1e4276991c9eb237e26ea9871999');
  });

  it('upper-cases the method and changes with every signed part', () => {
    const base = { applicationSecret: AS, consumerKey: CK, method: 'get', url: 'https://eu.api.ovh.com/1.0/dbaas/logs', body: '', timestamp: 1700000000 };
    const reference = signOvhRequest(base);
    expect(reference).toBe('$1$e78c15156ab8bfbfe99e5b6bd233db5c411ccf60');
    expect(signOvhRequest({ ...base, url: `${base.url}?iamTags=x` })).not.toBe(reference);
    expect(signOvhRequest({ ...base, timestamp: 1700000001 })).not.toBe(reference);
    expect(signOvhRequest({ ...base, body: ' ' })).not.toBe(reference);
    expect(signOvhRequest({ ...base, consumerKey: 'x' })).not.toBe(reference);
  });

  it('sends non-ASCII text as \\u escapes, like node-ovh, so signed text and wire bytes agree', () => {
    expect(toWireJson({ name: 'équipe-日本' })).toBe('{"name":"\\u00e9quipe-\\u65e5\\u672c"}');
    expect(JSON.parse(toWireJson({ name: 'équipe-日本' }))).toEqual({ name: 'équipe-日本' });
  });
});
