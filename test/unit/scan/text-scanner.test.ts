/**
 * The scanner's candidate finder: which strings of a file are fingerprinted, and on which line.
 * Every token format Tokendesk knows must come out whole from the ways configs and logs hold it;
 * words and paths without digits must not (they are most of a source tree).
 */
import { describe, expect, it } from 'vitest';
import { scanBytes } from '../../../main/core/scan/text-scanner';

const LDP = 'kujg9g227qv0123mav3s0q4pra4psqsi5leka6j7lc62qdef58q';
const LOGSCALE = 'Zx81qLmN0pQrStUvWxYz1234abcdEFGH~K9vB2nM4xQ7wE1rT5yU8iO3pA6sD0fG2hJ4kL7zX';
const UUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4eDExMTEtb3ZoL3NoaXBwZXIifQ.c2lnbmF0dXJlLWJ5dGVzLTEyMzQ1';

function candidates(text: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  const bytes = Buffer.from(text, 'utf8');
  scanBytes(bytes, bytes.length, 1, (value, line) => out.push([value, line]));
  return out;
}
const values = (text: string): string[] => candidates(text).map(([v]) => v);

describe('scanBytes', () => {
  it('finds each token format whole, on its line', () => {
    const text = [
      'sinks:',
      `  humio: { token: "${UUID}" }`,
      `export LDP_TOKEN=${LDP}`,
      `curl -H 'Authorization: Bearer ${LOGSCALE}' https://logscale.example.com/graphql`,
      `url: https://token:${LDP}@gra1.logs.ovh.com:9200/_search`,
      `opensearch: Bearer ${JWT}.`,
    ].join('\n');
    const found = candidates(text);
    expect(found).toEqual(
      expect.arrayContaining([
        [UUID, 2],
        [LDP, 3],
        [LOGSCALE, 4],
        [LDP, 5],
        [JWT, 6],
      ]),
    );
    // Whole strings only: never a token cut out of a longer run of token characters.
    expect(found.map(([v]) => v).filter((v) => v.includes(LDP.slice(5, 30)) && v !== LDP)).toEqual(['LDP_TOKEN=' + LDP]);
  });

  it('decodes the base64 of `Basic` and keeps the password of token:VALUE', () => {
    const header = `Authorization: Basic ${Buffer.from(`token:${LDP}`).toString('base64')}`;
    expect(values(header)).toContain(LDP);
  });

  it('splits paths, URLs and KEY=value at / . = but keeps base64 padding', () => {
    expect(values(`https://x.example.com/ingest/${UUID}/events`)).toContain(UUID);
    expect(values(`SECRET=${LDP}`)).toEqual(expect.arrayContaining([LDP]));
    expect(values('value: AbCdEfGh12345678IjKlMnOp==')).toContain('AbCdEfGh12345678IjKlMnOp==');
  });

  it('ignores words and paths without a digit, and strings shorter than 16', () => {
    expect(values('const readableStreamController = require("lib/internal/streams/readable.js");')).toEqual([]);
    expect(values('short1234abc')).toEqual([]);
  });

  it('counts lines from the first line it is given (a diff hunk), and handles a run at the very end', () => {
    const bytes = Buffer.from(`a\nb\n${LDP}`);
    const out: Array<[string, number]> = [];
    scanBytes(bytes, bytes.length, 40, (v, line) => out.push([v, line]));
    expect(out).toEqual([[LDP, 42]]);
  });
});
