import { describe, expect, it } from 'vitest';
import { extractCandidates } from '../../../main/core/leak/parse';

const LDP = 'kujg9g227qv0123mav3s0q4pra4psqsi5leka6j7lc62qdef58q';
const LOGSCALE = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345~0123456789abcdefghijABCDEFGHIJklmnopqrstUVWXYZ01';
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const values = (text: string): string[] => extractCandidates(text).map((c) => c.value);

describe('extractCandidates', () => {
  it.each([
    ['a bare token', LDP, [LDP]],
    ['a token with spaces and a newline around it', `  ${LDP}\n`, [LDP]],
    ['a quoted token', `"${LDP}"`, [LDP]],
    ['a single-quoted LogScale token', `'${LOGSCALE}'`, [LOGSCALE]],
    ['Bearer', `Bearer ${LOGSCALE}`, [LOGSCALE]],
    ['an Authorization: Bearer header', `Authorization: Bearer ${LOGSCALE}`, [LOGSCALE]],
    ['Basic of token:value', `Authorization: Basic ${b64(`token:${LDP}`)}`, [LDP]],
    ['Basic of value:token (the other order LDP accepts)', `Authorization: Basic ${b64(`${LDP}:token`)}`, [LDP]],
    ['curl -u token:value', `curl -u token:${LDP} https://gra1.logs.ovh.com/api/streams`, [LDP]],
    ['curl --user "token:value"', `curl --user "token:${LDP}" https://x`, [LDP]],
    ['curl -u value:token', `curl -s -u ${LDP}:token https://x:9200/_cat/indices`, [LDP]],
    ['a URL with credentials', `https://token:${LDP}@gra1.logs.ovh.com:9200/`, [LDP]],
    ['a chat line containing one', `hey use this one: ${LOGSCALE} thanks`, [LOGSCALE]],
  ])('finds the secret in %s', (_name, text, expected) => {
    expect(values(text)).toEqual(expected);
  });

  it('reports the form it found', () => {
    expect(extractCandidates(`Bearer ${LOGSCALE}`)[0]?.form).toBe('bearer');
    expect(extractCandidates(`curl -u token:${LDP} x`)[0]?.form).toBe('user-password');
    expect(extractCandidates(LDP)[0]?.form).toBe('bare');
  });

  it('finds nothing in text without a token-like word', () => {
    expect(values('hello world, nothing here')).toEqual([]);
    expect(values('   ')).toEqual([]);
  });
});
