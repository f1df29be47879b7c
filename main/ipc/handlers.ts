/**
 * The handler table: one function per contract channel. Each validates its raw input against the
 * contract schema, calls the core, and answers with a Result envelope; nothing is thrown across
 * the boundary. The same table is registered on ipcMain (main/electron/ipc.ts) and served by the browser
 * harness (test/harness), so what the tests drive is what the app runs.
 */
import { channels, contract, OPEN_WHILE_LOCKED, type Channel, type InputOf, type OutputOf, type Result } from '../../preload/contract';
import type { Core } from '../core/core';
import { AppError, toErrorPayload } from '../core/errors';
import { EXTERNAL_LINKS } from '../core/links';
import { stripUndefined } from '../core/objects';
import type { Platform } from '../core/platform';
import { parseInput } from './validate';

type Implementation = { [C in Channel]: (input: InputOf<C>) => Promise<OutputOf<C>> };
export type Handlers = { [C in Channel]: (raw: unknown) => Promise<Result<OutputOf<C>>> };

export function createHandlers(core: Core, platform: Platform): Handlers {
  const implementation: Implementation = {
    'app:info': async () => core.profile.info(),
    'app:forgetLostValues': () => core.profile.forgetLostValues(),
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
    'accounts:test': ({ id }) => core.accounts.test(id),
    'accounts:ovhRequestKey': (input) => core.ovhOnboarding.start(input),
    'accounts:ovhFinishKey': ({ pendingId }) => core.ovhOnboarding.finish(pendingId),
    'accounts:ovhCancelKey': async ({ pendingId }) => {
      core.ovhOnboarding.cancel(pendingId);
      return { cancelled: true };
    },
    'tokens:list': async () => core.tokens.list(),
    'tokens:sync': async (input) => {
      await core.tokens.sync(input?.accountId ? [input.accountId] : undefined);
      return core.syncStates.all();
    },
    'tokens:syncStatus': async () => core.syncStates.all(),
    'tokens:createOptions': ({ accountId }) => core.tokens.createOptions(accountId),
    'tokens:create': ({ accountId, request }) => core.tokens.create(accountId, request),
    'tokens:rotate': ({ id }) => core.tokens.rotate(id),
    'tokens:revoke': ({ id, confirmName, revokeAccountCredential }) =>
      core.tokens.revoke(id, confirmName, { revokeAccountCredential: revokeAccountCredential === true }),
    'tokens:copy': ({ id }) => core.tokens.copy(id),
    'tokens:reveal': ({ id }) => core.tokens.reveal(id),
    'tokens:verify': ({ id }) => core.tokens.verify(id),
    'leak:check': ({ text }) => core.leak.check(text),
    'leak:revoke': ({ caseId, confirmName, revokeAccountCredential }) =>
      core.leak.revoke(caseId, confirmName, { revokeAccountCredential: revokeAccountCredential === true }),
    'leak:prove': ({ caseId }) => core.leak.prove(caseId),
    'audit:export': async ({ format }) => ({
      fileName: `tokendesk-audit-${new Date().toISOString().slice(0, 10)}.${format}`,
      content: format === 'json' ? await core.audit.exportJson() : await core.audit.exportCsv(),
    }),
    'audit:verify': () => core.audit.verify(),
    'settings:get': async () => core.settings.get(),
    'settings:set': async (patch) => core.settings.update(stripUndefined(patch)),

    // ---- the window as a desktop secret manager: account editing, details, audit search, app lock
    'accounts:check': (input) =>
      core.accounts.check(
        input.target === 'new'
          ? { account: input.account }
          : { id: input.id, change: stripUndefined(input.change), ...(input.plannedAt !== undefined ? { plannedAt: input.plannedAt } : {}) },
      ),
    'accounts:update': ({ id, change, plannedAt }) => core.accounts.update(id, stripUndefined(change), plannedAt !== undefined ? { plannedAt } : {}),
    'accounts:ovhRenewKey': ({ id }) => core.ovhOnboarding.renew(id),
    'tokens:detail': ({ id }) => core.tokens.detail(id),
    'audit:search': (query) => core.audit.search(stripUndefined(query)),
    'lock:status': async () => core.lock.status(),
    'lock:setup': ({ method, secret, current }) => core.lock.setup(method, secret, current),
    'lock:disable': ({ secret }) => core.lock.disable(secret),
    'lock:lock': async () => core.lock.lock(),
    'lock:unlock': ({ secret }) => core.lock.unlock(secret),
    'lock:unlockBiometric': () => core.lock.unlockWithBiometric(),
    // ---- ingest tokens and scanning for tokens
    'tokens:setParser': ({ id, parser }) => core.tokens.setParser(id, parser),
    'scan:pickFolder': async () => ({ path: await platform.pickFolder({ title: 'Choose a folder to scan for tokens' }) }),
    'scan:run': (request) => core.scan.run(stripUndefined(request)),
  };
  // While locked, only these answer: the rest would read, use or change a secret (or reveal the account's setup).
  const openWhileLocked = new Set<Channel>(OPEN_WHILE_LOCKED);
  const handlers = {} as Record<Channel, (raw: unknown) => Promise<Result<unknown>>>;
  for (const channel of channels) {
    const run = implementation[channel] as (input: unknown) => Promise<unknown>;
    handlers[channel] = async (raw) => {
      try {
        const input = parseInput(contract[channel].input, raw);
        if (!openWhileLocked.has(channel)) core.lock.assertUnlocked();
        return { ok: true, value: await run(input) };
      } catch (error) {
        const payload = toErrorPayload(error);
        // A bug, not a refusal: keep the details for support (redacted by the logger), show a plain message.
        if (payload.code === 'internal') core.logger.error(`IPC ${channel} failed`, error);
        return { ok: false, error: payload };
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
