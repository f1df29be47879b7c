/**
 * Locking clears a pending copy, on the real core (real vault and keychain, the LogScale emulator,
 * the recording platform's clipboard), whichever way the app locks: the window's Lock button
 * (the handler table's `lock:lock`), the idle time, and the tray's "Lock Tokendesk". A secret
 * left on the clipboard of a locked app is one anyone at the desk can paste.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrayItem } from '../../main/core/model';
import { buildTrayMenu } from '../../main/core/tray/tray-menu';
import { runTrayAction } from '../../main/core/tray/tray-actions';
import { createHandlers, type Handlers } from '../../main/ipc/handlers';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { createTestCore, type TestCore } from '../support/core';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };
const PIN = '246810';

describe('locking clears a pending copy', () => {
  let emulator: LogScaleEmulator;
  let t: TestCore;
  let handlers: Handlers;
  let tokenId: string;
  let secret: string;

  beforeEach(async () => {
    emulator = await startLogScaleEmulator();
    t = await createTestCore({ lockCost: CHEAP });
    handlers = createHandlers(t.core, t.platform);
    const account = await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: emulator.baseUrl, token: emulator.adminToken });
    const created = await t.core.tokens.create(account.id, {
      provider: 'logscale',
      kind: 'system',
      name: 'locked-away',
      permissions: ['ReadHealthCheck'],
      expiry: { kind: 'never' },
    });
    tokenId = created.token!.id;
    secret = created.secret;
    await t.core.lock.setup('pin', PIN);
  });
  afterEach(async () => {
    await t.cleanup();
    await emulator.close();
  });

  /**
   * Locking is synchronous and the clear runs behind it (lock() does not wait for the clipboard).
   * Waits for the guard to report the copy gone, for a bounded number of event-loop turns (no
   * wall-clock time): the recording clipboard answers within a few promise turns.
   */
  async function afterLocking(lock: () => unknown): Promise<void> {
    let cleared = false;
    const stop = t.core.events.subscribe((name, payload) => {
      if (name === 'clipboard:changed' && (payload as { state: string }).state === 'idle') cleared = true;
    });
    try {
      await lock();
      for (let turn = 0; turn < 50 && !cleared; turn++) await new Promise((next) => setImmediate(next));
    } finally {
      stop();
    }
  }

  const paths: Array<[string, () => unknown]> = [
    ['the Lock button (lock:lock)', async () => expect(await handlers['lock:lock'](undefined)).toMatchObject({ ok: true, value: { locked: true } })],
    [
      'the idle time',
      () => {
        t.platform.setIdleSeconds(t.core.settings.get().lockIdleMinutes * 60);
        t.core.lock.checkIdle();
      },
    ],
    [
      'the tray’s “Lock Tokendesk”',
      async () => {
        const item = buildTrayMenu({ accounts: [], tokens: [], lock: t.core.lock.status() }).find(
          (i): i is Extract<TrayItem, { type: 'item' }> => i.type === 'item' && i.label === 'Lock Tokendesk',
        )!;
        await runTrayAction(t.core, { showWindow: () => undefined, quit: () => undefined }, item.action);
      },
    ],
  ];

  it.each(paths)('via %s', async (_how, lock) => {
    expect(await handlers['tokens:copy']({ id: tokenId })).toMatchObject({ ok: true });
    expect(t.platform.clipboardText()).toBe(secret);

    await afterLocking(lock);
    expect(t.core.lock.locked).toBe(true);
    expect(t.platform.clipboardText()).not.toBe(secret);
    expect(t.platform.clipboardText()).toBe('');
  });

  it('leaves alone what the user copied after the token', async () => {
    expect(await handlers['tokens:copy']({ id: tokenId })).toMatchObject({ ok: true });
    t.platform.userCopies('a shopping list');
    await afterLocking(() => t.core.lock.lock());
    expect(t.core.lock.locked).toBe(true);
    expect(t.platform.clipboardText()).toBe('a shopping list');
  });
});
