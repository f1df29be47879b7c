/**
 * Scanning for our tokens, on the path a user runs: the scan service of a real core (profile,
 * vault, the real Secret Service) holding the fingerprints of 1,000 tokens, over this project's own
 * node_modules (hundreds of megabytes of real files), plus one planted file whose token it must
 * find. Each figure is printed with a baseline measured in the same run:
 *
 *  1. files scanned: MB/s and files/s vs a plain read of the same files (readdir + read, nothing
 *     else): target >= 50 MB/s;
 *  2. git history of this repository (`--git`): MB of patch text per second vs `git log -p --all`
 *     alone, piped to nothing.
 * The cache is warmed by a first read; each figure is the median of three runs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLogScaleEmulator } from '../emulators/logscale';
import { createTestCore } from '../support/core';
import { median, round, row, type BenchRow } from './types';

const TREE = resolve('node_modules');
const REPO = resolve('.');

/** The baseline: every regular file under `dir` read whole (links and .git left out, as the scanner does). */
function plainRead(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory() && entry.name !== '.git') walk(path);
      else if (entry.isFile()) {
        bytes += readFileSync(path).length;
        files += 1;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

function gitLogBytes(repo: string): Promise<number> {
  return new Promise((done, fail) => {
    let bytes = 0;
    const child = spawn('git', ['-C', repo, 'log', '-p', '--all', '--format=%x00%H', '--no-color', '--unified=0'], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.on('error', fail);
    child.on('close', () => done(bytes));
  });
}

async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

export async function benchScan(): Promise<BenchRow[]> {
  const emulator = await startLogScaleEmulator();
  const t = await createTestCore();
  const planted = mkdtempSync(join(tmpdir(), 'tokendesk-bench-scan-'));
  try {
    // 1,000 tokens whose fingerprints the scan matches against (ingest tokens: their values come with the sync).
    for (let i = 0; i < 1_000; i++) emulator.issueIngestToken('sandbox', `shipper-${String(i).padStart(4, '0')}`);
    const accountId = (await t.core.accounts.add({ provider: 'logscale', label: 'Bench', baseUrl: emulator.baseUrl, token: emulator.adminToken })).id;
    await t.core.tokens.sync([accountId]);
    const known = t.core.tokens.list().filter((x) => x.hasSecret).length;
    if (known < 1_000) throw new Error(`bench: only ${known} tokens with values after the sync`);
    const one = t.core.tokens.list().find((x) => x.name === 'shipper-0500')!;
    writeFileSync(join(planted, 'vector.toml'), `[sinks.logscale]\ntoken = "${(await t.core.tokens.reveal(one.id)).value}"\n`);

    plainRead(TREE); // warm the page cache for both sides
    const reads = [0, 1, 2].map(() => {
      const start = performance.now();
      const read = plainRead(TREE);
      return { ms: performance.now() - start, ...read };
    });
    const scans: Array<{ ms: number; bytes: number; files: number; found: number }> = [];
    for (let i = 0; i < 3; i++) {
      const { ms, value } = await timed(() => t.core.scan.run({ paths: [TREE, planted] }));
      scans.push({ ms, bytes: value.stats.bytes, files: value.stats.files, found: value.hits.length });
    }
    if (scans.some((s) => s.found !== 1)) throw new Error(`bench: the scan found ${scans.map((s) => s.found).join('/')} tokens instead of the planted one`);

    const readMbps = median(reads.map((r) => r.bytes / 1e6 / (r.ms / 1000)));
    const readFps = median(reads.map((r) => r.files / (r.ms / 1000)));
    const scanMbps = median(scans.map((s) => s.bytes / 1e6 / (s.ms / 1000)));
    const scanFps = median(scans.map((s) => s.files / (s.ms / 1000)));
    const mb = round(scans[0]!.bytes / 1e6, 1);

    const gitBytes = await gitLogBytes(REPO);
    const gitPlain = median(await Promise.all([0, 1, 2].map(async () => (await timed(() => gitLogBytes(REPO))).ms)));
    const history: number[] = [];
    for (let i = 0; i < 3; i++) history.push((await timed(() => t.core.scan.run({ paths: [REPO], git: true, maxFileBytes: 1 }))).ms);
    // maxFileBytes 1: the working files are skipped, so the time is the history's (plus a walk of the tree).
    const historyMbps = gitBytes / 1e6 / (median(history) / 1000);

    return [
      row(
        `scan node_modules (${mb} MB, ${scans[0]!.files.toLocaleString('en-US')} files, 1,000 fingerprints): MB/s vs plain read`,
        scanMbps,
        'MB/s',
        readMbps,
        { text: '>= 50 MB/s', pass: scanMbps >= 50 },
      ),
      row('scan node_modules: files/s vs plain read', scanFps, 'files/s', readFps),
      row(
        `scan --git of this repository (${round(gitBytes / 1e6, 1)} MB of patches): MB/s vs git log -p alone`,
        historyMbps,
        'MB/s',
        gitBytes / 1e6 / (gitPlain / 1000),
      ),
    ];
  } finally {
    rmSync(planted, { recursive: true, force: true });
    await t.cleanup();
    await emulator.close();
  }
}
