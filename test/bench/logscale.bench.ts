/**
 * LogScale benchmarks, against the emulator over real HTTP with an injected latency per request.
 *
 *  - Listing 5,000 tokens, all pages (100 per page, 4 pages in flight) vs one request per token.
 *    The baseline's wall time is measured on a sample of tokens fetched one by one and scaled to
 *    5,000 (running 5,000 sequential requests at 20 ms would take minutes); its round trips are exact.
 *  - Rotation: `rotateToken` then the secret stored (one round trip) vs rotating by hand (create a
 *    replacement: policy read + create, its secret stored, its details read; then delete the old one).
 *
 * Round trips are counted by the emulator, not estimated. Exported for the bench runner.
 */
import { performance } from 'node:perf_hooks';
import { createLogScaleClient } from '../../main/core/providers/logscale';
import { startLogScaleEmulator } from '../emulators/logscale';
import { memoryKeychain } from '../support/memory-keychain';
import { median, type BenchRow } from './types';

const LATENCY_MS = 20;
const TOKENS = 5_000;
const BASELINE_SAMPLE = 100;
const ROTATIONS = 5;

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

export async function benchLogScale(): Promise<BenchRow[]> {
  const emulator = await startLogScaleEmulator({ seed: { system: TOKENS } });
  try {
    const client = createLogScaleClient({ baseUrl: emulator.baseUrl, token: emulator.adminToken });
    // Warm up (document validation cache, connection) without latency.
    await client.tokens.list({ kinds: ['system'], search: 'seed-system-0000' });
    emulator.setKnobs({ latencyMs: LATENCY_MS });

    // ---- list all pages
    emulator.clearRequests();
    let start = performance.now();
    const list = await client.tokens.list({ kinds: ['system'] });
    const listMs = performance.now() - start;
    const listTrips = emulator.requests.length;
    if (list.tokens.length !== TOKENS) throw new Error(`listed ${list.tokens.length} tokens, expected ${TOKENS}`);

    // ---- baseline: one request per token (sampled, scaled)
    const sample = list.tokens.filter((_, i) => i % (TOKENS / BASELINE_SAMPLE) === 0).slice(0, BASELINE_SAMPLE);
    emulator.clearRequests();
    start = performance.now();
    for (const token of sample) {
      const one = await client.tokens.get('system', token.id);
      if (one?.id !== token.id) throw new Error('baseline lookup failed');
    }
    const perTokenMs = (performance.now() - start) / sample.length;
    const perTokenTrips = emulator.requests.length / sample.length;
    const baselineMs = perTokenMs * TOKENS;
    const baselineTrips = perTokenTrips * TOKENS;

    // ---- rotate (one round trip), the secret stored in a keychain
    const keychain = memoryKeychain();
    const policies = await client.policies.read();
    let current = (
      await client.tokens.create({ kind: 'system', name: 'bench-rotate', permissions: ['ReadHealthCheck'], expiry: { kind: 'never' } }, { policies })
    ).tokenId;
    const rotateMs: number[] = [];
    const rotateTrips: number[] = [];
    for (let i = 0; i < ROTATIONS; i++) {
      emulator.clearRequests();
      start = performance.now();
      const rotated = await client.tokens.rotate({ kind: 'system', id: current });
      await keychain.set(`token:${rotated.tokenId}`, rotated.secret);
      rotateMs.push(performance.now() - start);
      rotateTrips.push(emulator.requests.length);
      current = rotated.tokenId;
    }

    // ---- baseline: rotate by hand (create a replacement, then delete the old token)
    const manualMs: number[] = [];
    const manualTrips: number[] = [];
    for (let i = 0; i < ROTATIONS; i++) {
      emulator.clearRequests();
      start = performance.now();
      const replacement = await client.tokens.create({ kind: 'system', name: 'bench-rotate', permissions: ['ReadHealthCheck'], expiry: { kind: 'never' } });
      await keychain.set(`token:${replacement.tokenId}`, replacement.secret);
      await client.tokens.get('system', replacement.tokenId);
      await client.tokens.delete({ kind: 'system', id: current });
      manualMs.push(performance.now() - start);
      manualTrips.push(emulator.requests.length);
      current = replacement.tokenId;
    }

    const row = (r: Omit<BenchRow, 'ratio'>): BenchRow => ({ ...r, ratio: round(r.value / r.baseline, 4) });
    const rTrips = median(rotateTrips);
    const mTrips = median(manualTrips);
    const rMs = median(rotateMs);
    const mMs = median(manualMs);
    return [
      row({
        name: `logscale: list ${TOKENS.toLocaleString('en')} tokens, all pages — round trips (vs one request per token)`,
        value: listTrips,
        unit: 'requests',
        baseline: baselineTrips,
        target: '≤ 1% of one request per token',
        pass: listTrips <= baselineTrips * 0.01,
      }),
      row({
        name: `logscale: list ${TOKENS.toLocaleString('en')} tokens, all pages — wall time @${LATENCY_MS} ms latency (baseline scaled from ${sample.length} single lookups)`,
        value: round(listMs),
        unit: 'ms',
        baseline: round(baselineMs),
        target: '< 10% of one request per token',
        pass: listMs < baselineMs * 0.1,
      }),
      row({
        name: 'logscale: rotate + store secret — round trips (vs create replacement + delete old)',
        value: rTrips,
        unit: 'round trips',
        baseline: mTrips,
        target: '1 round trip',
        pass: rTrips === 1,
      }),
      row({
        name: `logscale: rotate + store secret — latency @${LATENCY_MS} ms (median of ${ROTATIONS}, in-memory keychain)`,
        value: round(rMs),
        unit: 'ms',
        baseline: round(mMs),
        target: '< create replacement + delete old',
        pass: rMs < mMs,
      }),
    ];
  } finally {
    await emulator.close();
  }
}
