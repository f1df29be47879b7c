/**
 * OVHcloud LDP client benchmarks, on the local emulator with 50 ms injected per request.
 *
 *  1. cold listing of 1,000 tokens over 10 services: our client (`listAccountTokens`, cap 8) vs
 *     a sequential client written here (list services, then per service list ids and GET each
 *     token one after the other) -> ratio sequential / ours, target >= 8x;
 *  2. the same listing vs the round-trip bound at the politeness cap:
 *     ideal = ceil(requests / cap) x RTT, requests counted by the emulator -> target <= 1.25x;
 *  3. create and delete latency vs the emulator's operation delay -> target <= delay + 300 ms
 *     (median of a few runs).
 *
 * `npm run bench` wires it; alone: npx tsx -e "import('./test/bench/ovh.bench.ts').then(async m => console.table(await m.benchOvh()))"
 */
import { createOvhClient, signOvhRequest } from '../../main/core/providers/ovh';
import { startOvhEmulatorInWorker, type WorkerEmulator } from '../emulators/ovh/worker';
import { median, type BenchRow } from './types';

const RTT_MS = 50;
const CAP = 8;
const SERVICES = 10;
const TOKENS_PER_SERVICE = 100;
const OPERATION_DELAY_MS = 1_000;
const RUNS = 5;

const round = (x: number, digits = 0): number => Number(x.toFixed(digits));

/** The naive client: correct signing, one request at a time. */
export async function sequentialListing(emu: WorkerEmulator): Promise<number> {
  const { applicationKey, applicationSecret, consumerKey } = emu.credentials;
  const time = (await (await fetch(`${emu.baseUrl}/auth/time`)).json()) as number;
  const delta = time - Math.floor(Date.now() / 1000);
  const get = async <T>(path: string): Promise<T> => {
    const url = `${emu.baseUrl}${path}`;
    const timestamp = String(Math.floor(Date.now() / 1000) + delta);
    const res = await fetch(url, {
      headers: {
        'X-Ovh-Application': applicationKey,
        'X-Ovh-Consumer': consumerKey,
        'X-Ovh-Timestamp': timestamp,
        'X-Ovh-Signature': signOvhRequest({ applicationSecret, consumerKey, method: 'GET', url, body: '', timestamp }),
      },
    });
    if (!res.ok) throw new Error(`sequential client: HTTP ${res.status} on ${path}`);
    return (await res.json()) as T;
  };
  let count = 0;
  for (const service of await get<string[]>('/dbaas/logs')) {
    for (const id of await get<string[]>(`/dbaas/logs/${service}/token`)) {
      await get(`/dbaas/logs/${service}/token/${id}`);
      count += 1;
    }
  }
  return count;
}

export async function benchOvh(): Promise<BenchRow[]> {
  // The emulator runs in a worker thread: its CPU work must not take turns with the client's on
  // one event loop (a real API's work happens elsewhere too); the 50 ms is then the only cost added.
  const emu = await startOvhEmulatorInWorker({
    seed: { services: SERVICES, tokensPerService: TOKENS_PER_SERVICE },
    knobs: { latencyMs: RTT_MS, operationDelayMs: OPERATION_DELAY_MS },
  });
  try {
    const rows: BenchRow[] = [];

    // 1 + 2: cold listing.
    await emu.clearLog();
    const { applicationKey, applicationSecret, consumerKey } = emu.credentials;
    const client = createOvhClient({
      endpoint: { baseUrl: emu.baseUrl },
      auth: { mode: 'consumer-key', applicationKey, applicationSecret, consumerKey },
      maxInFlight: CAP,
    });
    let start = performance.now();
    const listing = await client.listAccountTokens();
    const oursMs = performance.now() - start;
    const ourTokens = listing.reduce((n, s) => n + (s.status === 'ok' ? s.tokens.length : 0), 0);
    const requests = await emu.apiRequestCount();
    if (ourTokens !== SERVICES * TOKENS_PER_SERVICE) throw new Error(`bench: our client listed ${ourTokens} tokens`);
    if ((await emu.maxInFlight(consumerKey)) > CAP) throw new Error('bench: politeness cap exceeded');

    start = performance.now();
    const seqTokens = await sequentialListing(emu);
    const seqMs = performance.now() - start;
    if (seqTokens !== SERVICES * TOKENS_PER_SERVICE) throw new Error(`bench: sequential client listed ${seqTokens} tokens`);

    const speedup = seqMs / oursMs;
    rows.push({
      name: `ovh: cold listing ${SERVICES * TOKENS_PER_SERVICE} tokens / ${SERVICES} services, cap ${CAP}, vs sequential client (${RTT_MS} ms RTT)`,
      value: round(oursMs),
      unit: 'ms',
      baseline: round(seqMs),
      ratio: round(speedup, 2),
      target: '>= 8x faster',
      pass: speedup >= 8,
    });
    const idealMs = Math.ceil(requests / CAP) * RTT_MS;
    rows.push({
      name: `ovh: cold listing vs round-trip bound ceil(${requests} requests / ${CAP}) x ${RTT_MS} ms`,
      value: round(oursMs),
      unit: 'ms',
      baseline: idealMs,
      ratio: round(oursMs / idealMs, 3),
      target: '<= 1.25x',
      pass: oursMs / idealMs <= 1.25,
    });

    // 3: create and delete latency vs the operation delay.
    const service = listing[0]!.serviceName;
    const creates: number[] = [];
    const deletes: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      start = performance.now();
      const token = await client.createToken(service, { name: `bench-${i}-${Date.now()}` });
      creates.push(performance.now() - start);
      start = performance.now();
      await client.deleteToken(service, token.tokenId);
      deletes.push(performance.now() - start);
    }
    for (const [what, samples] of [
      ['create', creates],
      ['delete', deletes],
    ] as const) {
      const ms = median(samples);
      rows.push({
        name: `ovh: ${what} token latency (median of ${RUNS}, max ${round(Math.max(...samples))} ms) vs operation delay`,
        value: round(ms),
        unit: 'ms',
        baseline: OPERATION_DELAY_MS,
        ratio: round(ms / OPERATION_DELAY_MS, 3),
        target: `<= delay + 300 ms (${OPERATION_DELAY_MS + 300} ms)`,
        pass: ms <= OPERATION_DELAY_MS + 300,
      });
    }
    return rows;
  } finally {
    await emu.close();
  }
}
