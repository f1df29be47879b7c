/**
 * The one definition of a LogScale token's shape, `<id>~<secret>`, as the client, the leak service,
 * the heuristics and log redaction use it. Pasted forms (Bearer, quotes, headers) are the leak
 * parser's job: test/unit/leak/parse.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { describeUnknownSecret } from '../../../main/core/leak/heuristics';
import { redactSecrets } from '../../../main/core/log/redact';
import { issuedTokenId, isLogScaleToken, logScaleTokenId, redactLogScaleTokens } from '../../../main/core/providers/logscale';

// Shapes of the two documented samples: 32~44 and 24~44 alphanumerics.
const ID32 = 'mJ8dB3sWbLq2Vt9cNz4pXkR7aYh5Ue1G';
const ID24 = 'Qw3rTy7uIoP1aSdF5gHjK9lZ';
const SECRET = 'xC4vB8nM2qW6eR0tY3uI7oP1aS5dF9gH2jK6lZ0xC4vB';
const API = `${ID32}~${SECRET}`;
const PERSONAL = `${ID24}~${SECRET}`;

describe('the LogScale token shape', () => {
  it('names the token id from the <id>~ prefix', () => {
    expect(logScaleTokenId(API)).toBe(ID32);
    expect(logScaleTokenId(PERSONAL)).toBe(ID24);
    expect(isLogScaleToken(API)).toBe(true);
    expect(issuedTokenId(API)).toBe(ID32);
  });

  it('is not fooled by things that are not LogScale tokens', () => {
    for (const value of [
      '',
      'hello',
      `${ID32}~`,
      `~${SECRET}`,
      `${ID32}~short`,
      `${ID32} ${SECRET}`,
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      `${ID32}~${SECRET}~${SECRET}`,
      `Bearer ${API}`,
      ` ${API}`,
    ]) {
      expect(logScaleTokenId(value), value).toBeNull();
      expect(isLogScaleToken(value), value).toBe(false);
    }
    expect(issuedTokenId('no-tilde-here')).toBe('');
  });

  it('redacts every token in a text for provider messages, keeping the id', () => {
    expect(redactLogScaleTokens(`token ${API} leaked, and ${PERSONAL}.`)).toBe(`token ${ID32}~[redacted] leaked, and ${ID24}~[redacted].`);
    // after `=` or `/` (an env line, a URL path) too
    expect(redactLogScaleTokens(`LOGSCALE_TOKEN=${API} https://h.test/x/${PERSONAL}`)).toBe(
      `LOGSCALE_TOKEN=${ID32}~[redacted] https://h.test/x/${ID24}~[redacted]`,
    );
    // a long secret is redacted whole
    const long = `${ID32}~${SECRET.repeat(8)}`;
    expect(redactLogScaleTokens(`x ${long} y`)).toBe(`x ${ID32}~[redacted] y`);
  });

  it('is the shape log redaction and the leak heuristics use', () => {
    const line = `see https://h.test/${API} and ${PERSONAL}`;
    expect(redactSecrets(line)).toBe('see https://h.test/[redacted-logscale-token] and [redacted-logscale-token]');
    expect(describeUnknownSecret(PERSONAL)).toMatch(/LogScale API token/);
    expect(describeUnknownSecret(`${ID32}~short`)).toBeUndefined();
  });
});
