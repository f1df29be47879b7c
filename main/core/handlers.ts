/**
 * The handler table: one function per contract channel. Each validates its raw input against the
 * contract schema, calls the core, and answers with a Result envelope; nothing is thrown across
 * the boundary. The same table is registered on ipcMain (main/ipc.ts) and served by the browser
 * harness (test/harness), so what the tests drive is what the app runs.
 */
import { channels, contract, type Channel, type InputOf, type OutputOf, type Result } from '../../preload/contract';
import type { Core } from './core';
import { AppError, toErrorPayload } from './errors';
import { EXTERNAL_LINKS } from './links';
import type { Platform } from './platform';
import { parseInput } from './validate';

type Implementation = { [C in Channel]: (input: InputOf<C>) => Promise<OutputOf<C>> };
export type Handlers = { [C in Channel]: (raw: unknown) => Promise<Result<OutputOf<C>>> };

export function createHandlers(core: Core, platform: Platform): Handlers {
  const implementation: Implementation = {
    'app:info': async () => core.info(),
    'app:openLink': async ({ link }) => {
      await platform.openExternal(EXTERNAL_LINKS[link]);
      return { opened: true };
    },
    'accounts:list': () => core.accounts.list(),
    'accounts:add': (input) => core.accounts.add(input),
    'accounts:remove': async ({ id }) => {
      await core.accounts.remove(id);
      return { removed: true };
    },
    'tokens:list': () => core.tokens.list(),
  };
  const handlers = {} as Record<Channel, (raw: unknown) => Promise<Result<unknown>>>;
  for (const channel of channels) {
    const run = implementation[channel] as (input: unknown) => Promise<unknown>;
    handlers[channel] = async (raw) => {
      try {
        const input = parseInput(contract[channel].input, raw);
        return { ok: true, value: await run(input) };
      } catch (error) {
        return { ok: false, error: toErrorPayload(error) };
      }
    };
  }
  return handlers as Handlers;
}

/** Dispatch by a channel name that came from outside (harness HTTP path, fuzzers). */
export function dispatch(handlers: Handlers, channel: string, raw: unknown): Promise<Result<unknown>> {
  if (!Object.hasOwn(handlers, channel)) {
    return Promise.resolve({ ok: false, error: new AppError('unknown-channel', `There is no channel named "${channel.slice(0, 64)}".`).toPayload() });
  }
  return handlers[channel as Channel](raw);
}
