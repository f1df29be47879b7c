/**
 * Crash consistency: a child process writes through the app's own code (the metadata store, AuditLog)
 * and prints an ack after each write returned; the parent SIGKILLs it at seeded random points and
 * then checks, each time, what a restarted app would find.
 *
 *  - store: 1,000 writes in total across several kills; after every kill the store loads without
 *    recovery and holds every acknowledged record (an unacknowledged in-flight write may or may
 *    not be there; nothing else may be missing or duplicated);
 *  - audit log: 1,000 appends in total across several kills; after every kill the chain verifies
 *    and holds every acknowledged entry, or at most its last, unacknowledged line is damaged.
 *
 * SIGKILL tests process death, not power loss: data the kernel accepted survives a SIGKILL. The
 * torn-line case a power loss (or a full disk) can leave is shown separately at the end.
 *
 * The children are bundled once with esbuild (tsx's own dependency) so each restart costs ~0.1 s.
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../main/core/audit/audit-log';
import { ProfileLock } from '../../main/core/store/profile-lock';
import { openStore } from '../support/store';
import { prng, spawnLines, table } from './support';

const SEED = Number(process.env['CRASH_SEED'] ?? 7);
const TOTAL = 1_000;
const findings: string[][] = [];

describe('crash consistency (SIGKILL at random points)', () => {
  let work: string;
  let storeWriter: string;
  let auditWriter: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tokendesk-crash-'));
    const { build } = await import('esbuild');
    await build({
      entryPoints: { 'store-writer': resolve('test/security/fixtures/store-writer.ts'), 'audit-writer': resolve('test/security/fixtures/audit-writer.ts') },
      outdir: join(work, 'bin'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outExtension: { '.js': '.mjs' },
      logLevel: 'warning',
      // Some dependencies are CommonJS: they call require() and read __filename.
      banner: {
        js: "import { createRequire as __tdCreateRequire } from 'node:module'; import { fileURLToPath as __tdFileURLToPath } from 'node:url'; const require = __tdCreateRequire(import.meta.url); const __filename = __tdFileURLToPath(import.meta.url);",
      },
    });
    storeWriter = join(work, 'bin', 'store-writer.mjs');
    auditWriter = join(work, 'bin', 'audit-writer.mjs');
  });

  afterAll(() => {
    if (findings.length)
      console.log(
        `\nCrash consistency (seed ${SEED})\n${table(['log', 'kills', 'writes acked', 'in flight at kill, landed', 'checks after kills', 'leftovers'], findings)}`,
      );
    rmSync(work, { recursive: true, force: true });
  });

  /**
   * Runs a writer from `first`, kills it after a random number of acks (or lets it finish), and
   * returns the acked numbers and whether it was killed.
   */
  async function runUntilKilled(
    script: string,
    target: string,
    first: number,
    killAfter: number,
  ): Promise<{ acked: number[]; killed: boolean; stderr: string }> {
    const child = spawnLines(process.execPath, [script, target, String(first), String(TOTAL - first)]);
    const acked: number[] = [];
    let killed = false;
    const ready = await child.line();
    if (!ready?.startsWith('ready')) throw new Error(`writer did not start: ${ready} ${child.stderr()}`);
    for (let line = await child.line(); line !== null; line = await child.line()) {
      const m = /^ack (\d+)$/.exec(line);
      if (m) acked.push(Number(m[1]));
      else if (line !== 'done') throw new Error(`unexpected line from the writer: ${line}`);
      if (acked.length === killAfter && !killed) {
        child.child.kill('SIGKILL');
        killed = true;
        // Keep reading: acks already in the pipe are writes that completed before the kill.
      }
    }
    const exit = await child.exited;
    if (killed) expect(exit.signal === 'SIGKILL' || exit.code === 0).toBe(true);
    else expect(exit.code, child.stderr()).toBe(0);
    return { acked, killed, stderr: child.stderr() };
  }

  it(`store: ${TOTAL} writes across random SIGKILLs; always loads, nothing acknowledged lost`, async () => {
    const r = prng(SEED);
    const dir = join(work, 'store');
    const ackedAll = new Set<number>();
    let next = 0;
    let kills = 0;
    let inFlightLanded = 0;
    let checks = 0;
    while (next < TOTAL) {
      const run = await runUntilKilled(storeWriter, dir, next, r.int(30, 220));
      for (const n of run.acked) ackedAll.add(n);
      if (run.killed) kills += 1;
      // What a restarted app sees.
      const opened = openStore(dir);
      checks += 1;
      expect(opened.recoveredFrom, 'the store had to be recovered after a kill').toBeUndefined();
      const present = [...opened.store.get('accounts').map((a) => Number(a.id.slice(4))), ...opened.store.get('tokens').map((x) => Number(x.id.slice(4)))];
      const missing = [...ackedAll].filter((n) => !present.includes(n));
      expect(missing, 'acknowledged writes missing after a kill').toEqual([]);
      expect(new Set(present).size, 'a record appears twice').toBe(present.length);
      const highest = Math.max(-1, ...present);
      // Nothing beyond the last ack but the one write that was in flight.
      expect(highest - Math.max(-1, ...ackedAll)).toBeLessThanOrEqual(1);
      if (highest > Math.max(-1, ...ackedAll)) inFlightLanded += 1;
      expect(present.sort((a, b) => a - b)).toEqual(Array.from({ length: highest + 1 }, (_, i) => i));
      next = highest + 1;
    }
    const leftovers = readdirSync(dir).filter((f) => f !== 'tokendesk.json' && f !== 'profile.lock');
    findings.push([
      'store (profile lock, atomic rename)',
      String(kills),
      String(ackedAll.size),
      String(inFlightLanded),
      `${checks}: always loaded, 0 acked lost`,
      leftovers.length ? `${leftovers.length} temp file(s): ${leftovers.slice(0, 2).join(', ')}` : 'none',
    ]);
    expect(kills).toBeGreaterThanOrEqual(4);
    expect(JSON.parse(readFileSync(join(dir, 'tokendesk.json'), 'utf8')).tokens).toHaveLength(900);
  }, 90_000);

  it(`audit log: ${TOTAL} appends across random SIGKILLs; the chain verifies (or only its unacknowledged last line is damaged)`, async () => {
    const r = prng(SEED + 1);
    const file = join(work, 'audit.jsonl');
    const ackedAll = new Set<number>();
    let next = 0;
    let kills = 0;
    let checks = 0;
    let damagedLast = 0;
    let inFlightLanded = 0;
    while (next < TOTAL) {
      const run = await runUntilKilled(auditWriter, file, next, r.int(30, 220));
      for (const n of run.acked) ackedAll.add(n);
      if (run.killed) kills += 1;
      checks += 1;
      const log = new AuditLog(file, 'checker', new ProfileLock(dirname(file)));
      const check = await log.verify();
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n').filter(Boolean);
      if (!check.ok) {
        // Allowed only for the very last line, without its newline, never acknowledged.
        damagedLast += 1;
        expect(check.line).toBe(lines.length);
        expect(text.endsWith('\n')).toBe(false);
      }
      const good = check.ok ? lines : lines.slice(0, -1);
      const seqs = good.map((l) => Number(/"note":"seq (\d+)"/.exec(l)?.[1]));
      expect(
        [...ackedAll].filter((n) => !seqs.includes(n)),
        'acknowledged entries missing',
      ).toEqual([]);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i));
      if (seqs.length > ackedAll.size) inFlightLanded += 1;
      if (!check.ok) break; // a torn last line: its repair is the last test's subject
      next = seqs.length;
    }
    findings.push([
      'audit log (appendFile, hash chain)',
      String(kills),
      String(ackedAll.size),
      String(inFlightLanded),
      `${checks}: chain verified ${checks - damagedLast}, torn last line ${damagedLast}`,
      'n/a',
    ]);
    expect(kills).toBeGreaterThanOrEqual(4);
    expect(damagedLast).toBe(0);
    expect(await new AuditLog(file, 'checker', new ProfileLock(dirname(file))).verify()).toEqual({ ok: true, entries: TOTAL });
  }, 60_000);

  /**
   * A torn last line, which a power loss or a full disk (a short write) can leave: the next
   * append() starts a fresh line instead of gluing its entry onto the torn one, entries()
   * (audit:export) skips the damaged line instead of throwing, and verify() reports it by number.
   */
  it('a torn last line (power loss, disk full) does not swallow the next entry or break export', async () => {
    const file = join(work, 'torn.jsonl');
    const log = new AuditLog(file, 'me', new ProfileLock(dirname(file)));
    for (let i = 0; i < 3; i += 1) await log.append({ action: 'token-copied', outcome: 'ok', note: `seq ${i}` });
    appendFileSync(file, '{"ts":"2026-01-01T00:00:00.000Z","actor":"me","action":"tok');
    const restarted = new AuditLog(file, 'me', new ProfileLock(dirname(file)));
    await restarted.append({ action: 'token-copied', outcome: 'ok', note: 'after the crash' });
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ note: 'after the crash' });
    await expect(restarted.entries()).resolves.toBeInstanceOf(Array);
    expect(await restarted.verify()).toMatchObject({ ok: false, line: 4 });
  });
});
