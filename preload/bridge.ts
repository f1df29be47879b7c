/**
 * Builds the object the renderer sees as `window.tokendesk` from the contract table: one async
 * function per channel, grouped by the part before ':' (`accounts:add` -> `accounts.add`), plus
 * `on(event, listener)`, which passes the payload only (never the IpcRendererEvent) and returns an
 * unsubscribe function. Used by the Electron preload and by the browser harness, so both expose
 * the same shape; only the transport (`invoke`, `subscribe`) differs.
 */
import type { Channel, InputOf, OutputOf, Result } from './contract';
import type { EventName, Events } from './contract';

export type Invoke = (channel: Channel, input: unknown) => Promise<Result<unknown>>;
export type Subscribe = (listener: (name: EventName, payload: unknown) => void) => () => void;

type Group<C extends string> = C extends `${infer G}:${string}` ? G : never;
type Method<C extends string> = C extends `${string}:${infer M}` ? M : never;
type Call<C extends Channel> =
  undefined extends InputOf<C> ? (input?: InputOf<C>) => Promise<Result<OutputOf<C>>> : (input: InputOf<C>) => Promise<Result<OutputOf<C>>>;

export type TokendeskApi = {
  [G in Group<Channel>]: { [C in Channel as Group<C> extends G ? Method<C> : never]: Call<C> };
} & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

export function createBridge(channelList: readonly Channel[], invoke: Invoke, subscribe: Subscribe, eventList: readonly EventName[]): TokendeskApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of channelList) {
    const [group, method] = channel.split(':') as [string, string];
    api[group] ??= {};
    api[group][method] = (input?: unknown) => invoke(channel, input);
  }
  const known = new Set<string>(eventList);
  const on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    if (!known.has(event)) throw new Error(`Unknown event: ${String(event)}`);
    return subscribe((name, payload) => {
      if (name === event) listener(payload);
    });
  };
  return Object.freeze({ ...api, on }) as unknown as TokendeskApi;
}
