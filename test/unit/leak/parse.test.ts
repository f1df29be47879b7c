import { describe, expect, it } from 'vitest';
import { extractCandidates } from '../../../main/core/leak/parse';

const LDP = 'kujg9g227qv0123mav3s0q4pra4psqsi5leka6j7lc62qdef58q';
const LOGSCALE = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345~0123456789abcdefghijABCDEFGHIJklmnopqrstUVWXYZ01';
/** The shape of an OVHcloud IAM personal access token: a JWT with an EdDSA header (ovh-iam.md §2.1). */
const PAT =
  'eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJvdmhjbG91ZC1pYW0tZW11bGF0b3IiLCJzdWIiOiJ1cm46djE6ZXU6aWRlbnRpdHk6dXNlcjp4eDExMTEtb3ZoL2FsaWNlIn0.3q2-7w_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_aBcDeFgHiJkLmNoPqRsTuVwXyZ';
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
    ['an env line with no spaces', `LDP_TOKEN=${LDP}`, [LDP]],
    ['a YAML line', `  token: "${LDP}"`, [LDP]],
    ['a JSON fragment', `{"name":"x","value":"${LDP}"}`, [LDP]],
    ['a URL is not taken for a token (nothing found)', `see https://gra1.logs.ovh.com/api/streams/abcdef0123456789`, []],
    ['an IAM PAT as Bearer', `curl -H "Authorization: Bearer ${PAT}" https://gra1.logs.ovh.com:9200/_cat/indices`, [PAT]],
    ['an IAM PAT in Basic pat_jwt_ (encoded)', `Authorization: Basic ${b64(`pat_jwt_alice:${PAT}`)}`, [PAT]],
    ['an IAM PAT in Basic pat_jwt_ (written unencoded, as one LDP guide does)', `Authorization: Basic pat_jwt_ingest:${PAT}`, [PAT]],
    ['an IAM PAT in curl -u pat_jwt_', `curl -u pat_jwt_user_one:${PAT} https://gra1.logs.ovh.com:9200/_cluster/health`, [PAT]],
    ['an IAM PAT in a URL with a pat_jwt_ user (elasticdump)', `elasticdump --input=https://pat_jwt_dump:${PAT}@gra1.logs.ovh.com:9200/ldp-ab-1-a-logs`, [PAT]],
    ['a bare IAM PAT', PAT, [PAT]],
  ])('finds the secret in %s', (_name, text, expected) => {
    expect(values(text)).toEqual(expected);
  });

  it('reports the form it found', () => {
    expect(extractCandidates(`Bearer ${LOGSCALE}`)[0]?.form).toBe('bearer');
    expect(extractCandidates(`curl -u token:${LDP} x`)[0]?.form).toBe('user-password');
    expect(extractCandidates(LDP)[0]?.form).toBe('bare');
  });

  it('marks a value that came with a pat_jwt_ username, and only that', () => {
    for (const text of [
      `curl -u pat_jwt_alice:${PAT} x`,
      `Authorization: Basic ${b64(`pat_jwt_:${PAT}`)}`,
      `Basic pat_jwt_x:${PAT}`,
      `https://pat_jwt_a:${PAT}@h:9200/`,
    ]) {
      expect(extractCandidates(text)).toEqual([expect.objectContaining({ value: PAT, patUser: true })]);
    }
    expect(extractCandidates(`Bearer ${PAT}`)[0]).toEqual({ value: PAT, form: 'bearer' });
    expect(extractCandidates(`curl -u token:${LDP} x`)[0]).toEqual({ value: LDP, form: 'user-password' });
  });

  it('finds nothing in text without a token-like word', () => {
    expect(values('hello world, nothing here')).toEqual([]);
    expect(values('   ')).toEqual([]);
  });
});
