/**
 * The emulator in its own worker thread, for benchmarks: the server's CPU work then runs beside
 * the client instead of taking turns with it on one event loop, as a remote API would.
 *
 *   const emu = await startOvhEmulatorInWorker({ seed: { services: 10, tokensPerService: 100 }, knobs: { latencyMs: 50 } });
 *   ... emu.baseUrl, emu.credentials, await emu.apiRequestCount(), await emu.maxInFlight(ck)
 *   await emu.close();
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startEmulatorWorker } from '../worker-thread';
import { startOvhEmulator, type OvhEmulator, type OvhEmulatorKnobs, type OvhEmulatorOptions } from './index';

export interface WorkerEmulator {
  baseUrl: string;
  origin: string;
  oauth2TokenUrl: string;
  graylogUrl: string;
  opensearchUrl: string;
  credentials: OvhEmulator['credentials'];
  setKnobs(patch: Partial<OvhEmulatorKnobs>): Promise<void>;
  clearLog(): Promise<void>;
  apiRequestCount(): Promise<number>;
  maxInFlight(identity?: string): Promise<number>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

type Command = { id: number; op: 'setKnobs' | 'clearLog' | 'apiRequestCount' | 'maxInFlight' | 'resetStats' | 'close'; arg?: unknown };

export async function startOvhEmulatorInWorker(options: OvhEmulatorOptions = {}): Promise<WorkerEmulator> {
  const { ready, send, terminate } = await startEmulatorWorker<Omit<WorkerEmulator, Command['op']>, Command['op']>(import.meta.url, options);
  return {
    ...ready,
    setKnobs: (patch) => send('setKnobs', patch),
    clearLog: () => send('clearLog'),
    apiRequestCount: () => send('apiRequestCount'),
    maxInFlight: (identity) => send('maxInFlight', identity),
    resetStats: () => send('resetStats'),
    async close() {
      await send('close');
      await terminate();
    },
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const emu = await startOvhEmulator(workerData as OvhEmulatorOptions);
  port.postMessage({
    baseUrl: emu.baseUrl,
    origin: emu.origin,
    oauth2TokenUrl: emu.oauth2TokenUrl,
    graylogUrl: emu.graylogUrl,
    opensearchUrl: emu.opensearchUrl,
    credentials: emu.credentials,
  });
  port.on('message', (c: Command) => {
    void (async () => {
      let result: unknown;
      if (c.op === 'setKnobs') emu.setKnobs(c.arg as Partial<OvhEmulatorKnobs>);
      else if (c.op === 'clearLog') emu.clearLog();
      else if (c.op === 'apiRequestCount') result = emu.apiRequests().length;
      else if (c.op === 'maxInFlight') result = emu.maxInFlight(c.arg as string | undefined);
      else if (c.op === 'resetStats') emu.resetStats();
      else if (c.op === 'close') await emu.close();
      port.postMessage({ id: c.id, result });
    })();
  });
}
