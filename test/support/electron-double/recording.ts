/**
 * What every part of the electron double shares: the call log (in order, awaitable, with injected
 * faults), the strictness that makes a missing member name itself, and Electron's event objects.
 */
export interface Call {
  api: string;
  args: unknown[];
}

/**
 * The part of an Electron API a double must match. The EventEmitter methods are left out: the
 * double's are Node's own, and Electron's typed overloads (`on('before-quit', …)`) check the
 * shell's calls already, where the shell compiles against electron.d.ts.
 */
export type Shape<T> = Partial<Omit<T, keyof NodeJS.EventEmitter>>;

/** Every call that matters, in order; tests await one instead of sleeping. */
export class Recorder {
  calls: Call[] = [];
  private waiters: Array<{ api: string; since: number; resolve: (call: Call) => void }> = [];
  private faults = new Map<string, Error>();

  /** Records a call, or throws the fault `failOn` planted for it. */
  record(api: string, ...args: unknown[]): void {
    const fault = this.faults.get(api);
    if (fault) {
      this.faults.delete(api);
      throw fault;
    }
    const call = { api, args };
    const index = this.calls.push(call) - 1;
    this.waiters = this.waiters.filter((w) => (w.api === api && index >= w.since ? (w.resolve(call), false) : true));
  }

  /** The first call of `api` at or after `since` (already made, or the next to come). */
  waitFor(api: string, since = 0): Promise<Call> {
    const found = this.calls.slice(since).find((c) => c.api === api);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ api, since, resolve }));
  }

  /** The next call of `api` throws this error. */
  failOn(api: string, error: Error): void {
    this.faults.set(api, error);
  }

  clear(): void {
    this.calls = [];
    this.waiters = [];
    this.faults.clear();
  }
}

/** Keys test tooling probes on any object (vitest's matchers and printers, promises, JSON). */
const PROBES = new Set(['then', 'toJSON', 'asymmetricMatch', 'nodeType', 'tagName', 'constructor', 'inspect', 'length']);

/** Throws on any member the double does not have, instead of handing the shell `undefined`. */
export function strict<T extends object>(target: T, name: string): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === 'string' && !(key in object) && !PROBES.has(key) && !/^[_$@]/.test(key)) {
        throw new Error(`electron ${name}.${key} is not in the test double (test/support/electron-double/): add it there, typed against electron.d.ts.`);
      }
      return Reflect.get(object, key, receiver) as unknown;
    },
  });
}

/** An Electron event object: what listeners get to call preventDefault() on. */
export function preventable(extra: Record<string, unknown> = {}): { preventDefault(): void; defaultPrevented: boolean } {
  const event = { ...extra, defaultPrevented: false, preventDefault: () => void (event.defaultPrevented = true) };
  return event;
}
