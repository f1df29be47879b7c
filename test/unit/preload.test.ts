/**
 * Runs the BUILT preload (out/preload/index.cjs) in a sandbox-like VM with a fake `electron`, and
 * checks what it exposes: exactly the contract's functions and `on`, nothing else, and an `on`
 * that passes payloads only (VS Code's globals.test.ts, checklist item 20).
 */
import { existsSync, readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { channels, EVENT_CHANNEL } from '../../preload/contract';

const BUNDLE = 'out/preload/index.cjs';

interface Loaded {
  exposed: Map<string, unknown>;
  invoked: Array<[string, unknown]>;
  required: string[];
  emit(...args: unknown[]): void;
  listenerCount(): number;
}

function loadPreload(): Loaded {
  const exposed = new Map<string, unknown>();
  const invoked: Array<[string, unknown]> = [];
  const required: string[] = [];
  const listeners = new Set<(...args: unknown[]) => void>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: {
      invoke: async (channel: string, input: unknown) => {
        invoked.push([channel, input]);
        return { ok: true, value: null };
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => channel === EVENT_CHANNEL && listeners.add(listener),
      removeListener: (_channel: string, listener: (...args: unknown[]) => void) => listeners.delete(listener),
    },
  };
  const module = { exports: {} };
  const sandboxRequire = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${name}`);
  };
  runInNewContext(readFileSync(BUNDLE, 'utf8'), { require: sandboxRequire, module, exports: module.exports });
  return {
    exposed,
    invoked,
    required,
    emit: (...args) => listeners.forEach((l) => l({ sender: 'IpcRendererEvent' }, ...args)),
    listenerCount: () => listeners.size,
  };
}

describe('the built preload', () => {
  beforeAll(() => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (npm test does).`);
  });

  it('exposes exactly window.tokendesk with the contract channels and `on`', () => {
    const { exposed, required } = loadPreload();
    expect([...exposed.keys()]).toEqual(['tokendesk']);
    const api = exposed.get('tokendesk') as Record<string, Record<string, unknown>>;
    const shape = Object.fromEntries(Object.entries(api).map(([k, v]) => [k, typeof v === 'function' ? 'function' : Object.keys(v).sort()]));
    const expected: Record<string, unknown> = { on: 'function' };
    for (const channel of channels) {
      const [group, method] = channel.split(':') as [string, string];
      expected[group] = [...((expected[group] as string[]) ?? []), method].sort();
    }
    expect(shape).toEqual(expected);
    expect(required).toEqual(['electron']);
  });

  it('each function invokes its own channel with the payload as given', async () => {
    const { exposed, invoked } = loadPreload();
    const api = exposed.get('tokendesk') as { accounts: { remove(input: unknown): Promise<unknown> } };
    await api.accounts.remove({ id: 'abc' });
    expect(invoked).toEqual([['accounts:remove', { id: 'abc' }]]);
  });

  it('`on` passes the payload only, never the IpcRendererEvent, and unsubscribes', () => {
    const loaded = loadPreload();
    const api = loaded.exposed.get('tokendesk') as { on(name: string, cb: (...args: unknown[]) => void): () => void };
    const seen: unknown[][] = [];
    const stop = api.on('accounts:changed', (...args) => seen.push(args));
    loaded.emit('tokens:changed', []);
    loaded.emit('accounts:changed', [{ id: 'a' }]);
    expect(seen).toEqual([[[{ id: 'a' }]]]);
    stop();
    expect(loaded.listenerCount()).toBe(0);
    expect(() => api.on('not-an-event', () => {})).toThrow('Unknown event');
  });

  it('does not read process.env or expose ipcRenderer', () => {
    const source = readFileSync(BUNDLE, 'utf8');
    expect(source).not.toMatch(/process\.env/);
    expect(source).not.toMatch(/exposeInMainWorld\(\s*["']ipcRenderer/);
  });
});
