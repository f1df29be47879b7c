import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
    expect(JSON.stringify(redactValue({ nested: { clientSecret: 'abcdefgh', note: `x ${LDP}` }, error }))).not.toMatch(new RegExp(`${LDP}|abcdefgh|${LOGSCALE.split('~')[1]}`));
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
