import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { forgetSecret, rememberSecret } from '../../main/core/log/known-secrets';
import { consoleLogger } from '../../main/core/log/logger';
import { redactionHook, redactSecrets, redactValue } from '../../main/core/log/redact';

const LDP = 'kujg9g227qv0123mav3s0q4pra4psqsi5leka6j7lc62qdef58q';
const LOGSCALE = 'AbCdEfGhIjKlMnOpQrStUvWx~0123456789abcdefghijABCDEFGHIJklmnopqrstUV';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIiwiaXNzIjoib3ZoIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('log redaction', () => {
  it.each([
    [`request failed: Authorization: Bearer ${LOGSCALE}`, LOGSCALE],
    [`token ${LOGSCALE} rejected`, LOGSCALE],
    [`curl -u token:${LDP} https://gra1.logs.ovh.com`, LDP],
    [`https://token:${LDP}@gra1.logs.ovh.com:9200/`, LDP],
    [`{"value":"${LDP}","name":"x"}`, LDP],
    [`pat ${JWT}`, JWT],
    [`Basic ${Buffer.from(`token:${LDP}`).toString('base64')}`, Buffer.from(`token:${LDP}`).toString('base64')],
    [`the ldp token is ${LDP}.`, LDP],
  ])('removes the secret from %s', (line, secret) => {
    expect(redactSecrets(line)).not.toContain(secret);
  });

  it('keeps what is useful to read', () => {
    expect(redactSecrets('sync of account Prod failed: ECONNRESET (GET /dbaas/logs)')).toBe('sync of account Prod failed: ECONNRESET (GET /dbaas/logs)');
  });

  it('redacts known secrets exactly, even short ones', () => {
    expect(redactSecrets('value is hunter22 ok', ['hunter22'])).toBe('value is [redacted] ok');
  });

  it('redacts inside objects and errors', () => {
    const error = new Error(`boom with Bearer ${LOGSCALE}`);
    expect(JSON.stringify(redactValue({ nested: { clientSecret: 'abcdefgh', note: `x ${LDP}` }, error }))).not.toMatch(
      new RegExp(`${LDP}|abcdefgh|${LOGSCALE.split('~')[1]}`),
    );
  });

  it('electron-log with the hook writes no secret to its file (the real library, node build; synchronous file writes)', async () => {
    const { default: log } = await import('electron-log/node');
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-log-'));
    const file = join(dir, 'main.log');
    log.transports.console.level = false;
    log.transports.file.resolvePathFn = () => file;
    log.hooks.push((message) => redactionHook(message));
    log.error('revoke failed', new Error(`401 for Bearer ${LOGSCALE}`), { value: LDP });
    log.info(`copied ${LDP}`);
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('revoke failed');
    expect(written).toContain('copied [redacted]');
    expect(written).not.toContain(LDP);
    expect(written).not.toContain(LOGSCALE.split('~')[1]);
  });
});

describe('#12 log redaction at any depth and by value (issue 13)', () => {
  const nest = (depth: number, leaf: unknown): unknown => {
    let value = leaf;
    for (let level = 1; level <= depth; level += 1) value = { level, inner: value };
    return value;
  };

  it('redacts a secret however deep it sits (main stopped below four levels)', () => {
    for (const depth of [5, 12, 200]) {
      const text = JSON.stringify(redactValue(nest(depth, { note: `curl -u token:${LDP} x`, list: [[`Bearer ${LOGSCALE}`]] })));
      expect(text, `depth ${depth}`).not.toContain(LDP);
      expect(text, `depth ${depth}`).not.toContain(LOGSCALE.split('~')[1]);
      expect(text).toContain('curl -u token:[redacted]');
    }
  });

  it('survives cycles (objects, arrays, error causes) and logs them as [circular]', () => {
    const loop: Record<string, unknown> = { note: `the ldp token is ${LDP}` };
    loop.self = loop;
    loop.list = [loop];
    const error = new Error(`failed with ${LOGSCALE}`);
    (error as Error & { cause: unknown }).cause = error;
    const out: string[] = [];
    const logger = consoleLogger(new Writable({ write: (chunk: Buffer, _e, done) => (out.push(chunk.toString()), done()) }));
    expect(() => logger.error('boom', loop, error)).not.toThrow();
    expect(out.join('')).toContain('"self":"[circular]"');
    expect(out.join('')).toContain('cause: [circular]');
    expect(out.join('')).not.toContain(LDP);
    expect(out.join('')).not.toContain(LOGSCALE.split('~')[1]);
  });

  it('a thing nested deeper than the stack allows is not logged rather than logged unredacted', () => {
    expect(redactValue(nest(200_000, LDP))).toBe('[not logged: nested too deeply]');
  });

  it('redacts by value every secret the process holds, however short and under whatever key; forgetting stops it', () => {
    const short = 'pw-Q7x!'; // looks like nothing: no pattern catches it, and "note" is no telling key
    const line = (): string =>
      JSON.stringify(redactValue({ note: `login with ${short} failed`, at: nest(8, `retrying ${short}`), url: `https://h/?p=${encodeURIComponent(short)}` }));
    expect(line()).toContain(short);
    rememberSecret(short);
    expect(line()).not.toContain(short);
    expect(line()).not.toContain(encodeURIComponent(short));
    expect(redactSecrets(`x ${short} y`)).toBe('x [redacted] y');
    forgetSecret(short);
    expect(line()).toContain(short);
  });

  it('with 10,000 values held (a large sync), each is still found, and a value containing another is replaced whole', () => {
    const held = Array.from({ length: 10_000 }, (_, i) => `ldpvalue${i.toString(36).padStart(6, '0')}`);
    held.forEach((value) => rememberSecret(value));
    rememberSecret('ldpvalue');
    expect(redactSecrets(`a ${held[4_321]} b ${held[9_999]}c ldpvalue`)).toBe('a [redacted] b [redacted]c [redacted]');
    held.forEach((value) => forgetSecret(value));
    forgetSecret('ldpvalue');
    expect(redactSecrets(`a ${held[4_321]}`)).toBe(`a ${held[4_321]}`);
  });

  it('keeps errors useful: name, message, stack, cause and inner errors, all redacted', () => {
    const error = new AggregateError([new Error(`inner ${LDP}`)], 'all attempts failed', { cause: new Error('socket hang up') });
    const text = redactValue(error) as string;
    expect(text).toMatch(/^AggregateError: all attempts failed\n/);
    expect(text).toContain('inner: Error: inner [redacted]');
    expect(text).toContain('cause: Error: socket hang up');
    expect(text).not.toContain(LDP);
  });
});
