/**
 * The LogScale emulator in its own worker thread, for benchmarks: the server's GraphQL work then
 * runs beside the client instead of taking turns with it on one event loop, as a remote cluster's
 * would. Only what a benchmark needs crosses the thread: the address, the admin token, knobs and
 * request counts.
 *
 *   const emu = await startLogScaleEmulatorInWorker({ seed: { system: 5000 }, knobs: { latencyMs: 50 } });
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startLogScaleEmulator, type LogScaleEmulatorOptions, type LogScaleKnobs } from './index';

export interface LogScaleWorkerEmulator {
  baseUrl: string;
  adminToken: string;
  setKnobs(patch: Partial<LogScaleKnobs>): Promise<void>;
  /** GraphQL operations received so far, by name. */
  operationCount(name: string): Promise<number>;
  close(): Promise<void>;
}

type Command = { id: number; op: 'setKnobs' | 'operationCount' | 'close'; arg?: unknown };

export async function startLogScaleEmulatorInWorker(options: Omit<LogScaleEmulatorOptions, 'now'> = {}): Promise<LogScaleWorkerEmulator> {
  // Loader hooks of the parent (tsx) do not reach workers on Node 20: from source, the worker
  // registers tsx itself before importing this file.
  const worker = import.meta.url.endsWith('.ts')
    ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`, { eval: true, workerData: options })
    : new Worker(new URL(import.meta.url), { workerData: options });
  const ready = await new Promise<{ baseUrl: string; adminToken: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  let next = 0;
  const pending = new Map<number, (value: unknown) => void>();
  worker.on('message', (m: { id: number; result: unknown }) => pending.get(m.id)?.(m.result));
  const send = <T>(op: Command['op'], arg?: unknown): Promise<T> =>
    new Promise<T>((resolve) => {
      const id = (next += 1);
      pending.set(id, (value) => {
        pending.delete(id);
        resolve(value as T);
      });
      worker.postMessage({ id, op, arg } satisfies Command);
    });
  return {
    ...ready,
    setKnobs: (patch) => send('setKnobs', patch),
    operationCount: (name) => send('operationCount', name),
    async close() {
      await send('close');
      await worker.terminate();
    },
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const emu = await startLogScaleEmulator(workerData as LogScaleEmulatorOptions);
  port.postMessage({ baseUrl: emu.baseUrl, adminToken: emu.adminToken });
  port.on('message', (c: Command) => {
    void (async () => {
      let result: unknown;
      if (c.op === 'setKnobs') emu.setKnobs(c.arg as Partial<LogScaleKnobs>);
      else if (c.op === 'operationCount') result = emu.operations(c.arg as string).length;
      else if (c.op === 'close') await emu.close();
      port.postMessage({ id: c.id, result });
    })();
  });
}
