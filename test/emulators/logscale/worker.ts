/**
 * The LogScale emulator in its own worker thread, for benchmarks: the server's GraphQL work then
 * runs beside the client instead of taking turns with it on one event loop, as a remote cluster's
 * would. Only what a benchmark needs crosses the thread: the address, the admin token, knobs and
 * request counts.
 *
 *   const emu = await startLogScaleEmulatorInWorker({ seed: { system: 5000 }, knobs: { latencyMs: 50 } });
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startEmulatorWorker } from '../worker-thread';
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
  const { ready, send, terminate } = await startEmulatorWorker<{ baseUrl: string; adminToken: string }, Command['op']>(import.meta.url, options);
  return {
    ...ready,
    setKnobs: (patch) => send('setKnobs', patch),
    operationCount: (name) => send('operationCount', name),
    async close() {
      await send('close');
      await terminate();
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
