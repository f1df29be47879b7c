import { describe, expect, it } from 'vitest';
import { logScaleTokenId, parseLogScaleToken, redactLogScaleTokens, scanForLogScaleTokens } from '../../../main/core/providers/logscale';

// Shapes of the two documented samples (reference §8): 32~44 and 24~44 alphanumerics.
const ID32 = 'mJ8dB3sWbLq2Vt9cNz4pXkR7aYh5Ue1G';
const ID24 = 'Qw3rTy7uIoP1aSdF5gHjK9lZ';
const SECRET = 'xC4vB8nM2qW6eR0tY3uI7oP1aS5dF9gH2jK6lZ0xC4vB';
const API = `${ID32}~${SECRET}`;
const PERSONAL = `${ID24}~${SECRET}`;

describe('LogScale leak detection input', () => {
  it('names the token id from the <id>~ prefix', () => {
    expect(parseLogScaleToken(API)).toEqual({ tokenId: ID32, secretLength: 44 });
    expect(logScaleTokenId(PERSONAL)).toBe(ID24);
  });

  it('tolerates what people paste around a token', () => {
    for (const pasted of [`  ${API}\n`, `Bearer ${API}`, `Authorization: Bearer ${API}`, `"${API}"`, `'${API}'`]) {
      expect(logScaleTokenId(pasted), pasted.slice(0, 20)).toBe(ID32);
    }
  });

  it('returns null for things that are not LogScale tokens', () => {
    for (const value of ['', 'hello', `${ID32}~`, `~${SECRET}`, `${ID32}~short`, `${ID32} ${SECRET}`, 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', `${ID32}~${SECRET}~${SECRET}`]) {
      expect(parseLogScaleToken(value), value).toBeNull();
    }
  });

  it('never returns the secret part', () => {
    expect(JSON.stringify(parseLogScaleToken(API))).not.toContain(SECRET);
    expect(JSON.stringify(scanForLogScaleTokens(`x ${API} y`))).not.toContain(SECRET);
  });

  it('finds every token in a block of text, once each', () => {
    const chat = `curl -H "Authorization: Bearer ${API}" https://logscale.example/graphql\nalso ${PERSONAL}, and again ${API}.`;
    expect(scanForLogScaleTokens(chat).map((m) => m.tokenId)).toEqual([ID32, ID24]);
  });

  it('redacts tokens in text for logs and messages', () => {
    expect(redactLogScaleTokens(`token ${API} leaked`)).toBe(`token ${ID32}~[redacted] leaked`);
  });
});
