/**
 * The main-thread side of an emulator run in a worker thread (benchmarks): starts the worker from
 * the emulator's own module, waits for what it announces (its address, credentials), and sends it
 * numbered commands whose answers come back by number.
 */
import { Worker } from 'node:worker_threads';

export interface EmulatorWorker<Ready, Op extends string> {
  ready: Ready;
  send<T>(op: Op, arg?: unknown): Promise<T>;
  terminate(): Promise<number>;
}

export async function startEmulatorWorker<Ready, Op extends string>(moduleUrl: string, options: unknown): Promise<EmulatorWorker<Ready, Op>> {
  // Loader hooks of the parent (tsx) do not reach workers on Node 20: from source, the worker
  // registers tsx itself before importing the module.
  const worker = moduleUrl.endsWith('.ts')
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl)}); })`,
        { eval: true, workerData: options },
      )
    : new Worker(new URL(moduleUrl), { workerData: options });
  const ready = await new Promise<Ready>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  let next = 0;
  const pending = new Map<number, (value: unknown) => void>();
  worker.on('message', (m: { id: number; result: unknown }) => pending.get(m.id)?.(m.result));
  const send = <T>(op: Op, arg?: unknown): Promise<T> =>
    new Promise<T>((resolve) => {
      const id = (next += 1);
      pending.set(id, (value) => {
        pending.delete(id);
        resolve(value as T);
      });
      worker.postMessage({ id, op, arg });
    });
  return { ready, send, terminate: () => worker.terminate() };
}
