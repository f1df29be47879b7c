import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../main/core/audit/audit-log';
import { ProfileLock } from '../../../main/core/store/profile-lock';

const newLog = () => {
  let t = Date.parse('2026-11-22T10:00:00Z');
  const path = join(mkdtempSync(join(tmpdir(), 'tokendesk-audit-')), 'audit.jsonl');
  return new AuditLog(path, 'alice', new ProfileLock(dirname(path)), () => new Date((t += 1000)));
};

describe('audit log', () => {
  it('appends JSON lines chained by the hash of the previous line', async () => {
    const log = newLog();
    await log.append({ action: 'token-created', outcome: 'ok', tokenId: 't1', tokenName: 'ingest', fingerprint: 'ab'.repeat(32) });
    await log.append({ action: 'token-copied', outcome: 'ok', tokenId: 't1' });
    const entries = await log.entries();
    expect(entries.map((e) => [e.action, e.actor, e.ts])).toEqual([
      ['token-created', 'alice', '2026-11-22T10:00:01.000Z'],
      ['token-copied', 'alice', '2026-11-22T10:00:02.000Z'],
    ]);
    expect(entries[0]!.prev).toBe('0'.repeat(64));
    expect(entries[1]!.prev).toMatch(/^[0-9a-f]{64}$/);
    expect(await log.verify()).toEqual({ ok: true, entries: 2 });
  });

  it('keeps the chain when many appends race', async () => {
    const log = newLog();
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append({ action: 'token-copied', outcome: 'ok', tokenId: `t${i}` })));
    expect(await log.verify()).toEqual({ ok: true, entries: 50 });
  });

  it('continues the chain of an existing file after a restart', async () => {
    const log = newLog();
    await log.append({ action: 'token-created', outcome: 'ok' });
    const again = new AuditLog(log.path, 'alice', new ProfileLock(dirname(log.path)));
    await again.append({ action: 'token-revoked', outcome: 'ok' });
    expect(await again.verify()).toEqual({ ok: true, entries: 2 });
  });

  it.each([
    ['an edited line', (lines: string[]) => (lines[1] = lines[1]!.replace('token-copied', 'token-created'))],
    ['a removed line', (lines: string[]) => lines.splice(1, 1)],
    ['swapped lines', (lines: string[]) => ([lines[1], lines[2]] = [lines[2]!, lines[1]!])],
  ])('detects %s', async (_name, tamper) => {
    const log = newLog();
    for (const action of ['token-created', 'token-copied', 'token-revealed', 'token-revoked'] as const) await log.append({ action, outcome: 'ok' });
    const lines = readFileSync(log.path, 'utf8').trim().split('\n');
    tamper(lines);
    writeFileSync(log.path, lines.join('\n') + '\n');
    const check = await log.verify();
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.line).toBeGreaterThanOrEqual(2);
  });

  it('exports JSON and CSV, neutralising spreadsheet formulas', async () => {
    const log = newLog();
    await log.append({ action: 'revoke-failed', outcome: 'failed', tokenName: '=HYPERLINK("x")', requestId: 'EU.ext-1.abc' });
    expect(JSON.parse(await log.exportJson())).toHaveLength(1);
    const csv = (await log.exportCsv()).split('\n');
    expect(csv[0]).toBe('ts,actor,action,outcome,provider,accountId,tokenId,remoteId,tokenName,fingerprint,requestId,command,note,prev');
    expect(csv[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv[1]).toContain('EU.ext-1.abc');
  });
});
