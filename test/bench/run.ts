/**
 * `npm run bench`: every benchmark, one table, each figure as a ratio to a baseline measured in the
 * same run, and the same rows as JSON in .reports/bench.json. Benchmarks never assert: they report,
 * and a missed target is marked in the table.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { BenchRow } from './types';

type Suite = { name: string; load: () => Promise<() => Promise<BenchRow[]>> };

const SUITES: Suite[] = [
  { name: 'OVHcloud LDP client', load: async () => (await import('./ovh.bench')).benchOvh },
  { name: 'LogScale client', load: async () => (await import('./logscale.bench')).benchLogScale },
  { name: 'Token service', load: async () => (await import('./token-service.bench')).benchTokenService },
  { name: 'Sync at scale (token service, CLI)', load: async () => (await import('./sync.bench')).benchSync },
  { name: 'Renderer (Chromium)', load: async () => (await import('./renderer.bench')).benchRenderer },
  { name: 'Scan for tokens (scan service)', load: async () => (await import('./scan.bench')).benchScan },
];

const only = process.argv.slice(2);
const results: Array<BenchRow & { suite: string }> = [];
const failures: string[] = [];
for (const suite of SUITES.filter((s) => only.length === 0 || only.some((o) => s.name.toLowerCase().includes(o.toLowerCase())))) {
  process.stderr.write(`bench: ${suite.name}…\n`);
  try {
    for (const r of await (await suite.load())()) results.push({ suite: suite.name, ...r });
  } catch (error) {
    failures.push(`${suite.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const cells = results.map((r) => [
  r.suite,
  r.name,
  `${r.value} ${r.unit}`,
  `${r.baseline} ${r.unit}`,
  `${r.ratio}×`,
  r.target ?? '',
  r.pass === undefined ? '' : r.pass ? 'met' : 'MISSED',
]);
const header = ['suite', 'figure', 'value', 'baseline', 'ratio', 'target', ''];
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join(' | ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const c of cells) console.log(line(c));
for (const f of failures) console.log(`could not run: ${f}`);
mkdirSync('.reports', { recursive: true });
writeFileSync('.reports/bench.json', JSON.stringify({ at: new Date().toISOString(), rows: results, failures }, null, 2));
console.log(`\n${results.length} figures, ${results.filter((r) => r.pass === false).length} targets missed; JSON in .reports/bench.json`);
process.exitCode = failures.length ? 1 : 0;
