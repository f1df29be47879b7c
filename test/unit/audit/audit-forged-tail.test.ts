/**
 * A forged last line that chains correctly, followed by an honest append: the attacker has the
 * log file but not the vault, so the anchored head still names the line that was replaced. The
 * append sees the line before it is not the anchored one and keeps the break for good, so the
 * new entry (which chains on the forgery) does not make the log look whole again.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, type AuditAnchor, type AuditHead } from '../../../main/core/audit/audit-log';
import { sha256Hex } from '../../../main/core/objects';
import { ProfileLock } from '../../../main/core/store/profile-lock';

/** The vault's anchor as core.ts keeps it (a JSON value), in memory: out of the attacker's reach. */
function memoryAnchor(): AuditAnchor {
  let raw: string | null = null;
  return {
    read: async () => (raw === null ? null : (JSON.parse(raw) as AuditHead)),
    write: async (head) => void (raw = JSON.stringify(head)),
  };
}

describe('audit log, a forged tail', () => {
  it('a replaced last line that chains is still reported after another entry is appended', async () => {
    let t = Date.parse('2026-11-22T10:00:00Z');
    const path = join(mkdtempSync(join(tmpdir(), 'tokendesk-audit-forge-')), 'audit.jsonl');
    const log = new AuditLog(path, 'alice', new ProfileLock(dirname(path)), () => new Date((t += 1000)), memoryAnchor());
    await log.append({ action: 'token-created', outcome: 'ok', tokenId: 't1' });
    await log.append({ action: 'token-copied', outcome: 'ok', tokenId: 't1' });
    await log.append({ action: 'token-revealed', outcome: 'ok', tokenId: 't1' });
    expect(await log.verify()).toEqual({ ok: true, entries: 3 });

    // The attacker rewrites the last line (what was revealed becomes a harmless copy), chained
    // on the line before it, so the chain itself holds.
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    const real = JSON.parse(lines[2]!) as Record<string, unknown>;
    lines[2] = JSON.stringify({ ...real, action: 'token-copied', prev: sha256Hex(lines[1]!) });
    writeFileSync(path, `${lines.join('\n')}\n`);
    expect(await log.verify()).toMatchObject({ ok: false, line: 3 });

    // One honest entry more, through the API: it chains on the forged line and moves the anchor.
    await log.append({ action: 'token-copied', outcome: 'ok', tokenId: 't1' });
    const check = await log.verify();
    expect(check).toMatchObject({ ok: false, line: 3, reason: expect.stringContaining('not the one written there') });

    // And it stays reported, however many entries follow.
    for (let i = 0; i < 3; i++) await log.append({ action: 'token-copied', outcome: 'ok', note: `after ${i}` });
    expect(await log.verify()).toMatchObject({ ok: false, line: 3 });
  });
});
