/** Tray menu clicks and notification clicks, decided in the core (the shell only shows the window). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTokenFromNotification, runTrayAction } from '../../main/core/tray/tray-actions';
import type { TrayItem } from '../../main/core/model';
import { buildTrayMenu } from '../../main/core/tray/tray-menu';
import { keepTrayCurrent } from '../../main/core/tray/tray-menu';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { createTestCore, type TestCore } from '../support/core';

describe('tray and notification actions', () => {
  let emulator: LogScaleEmulator;
  let t: TestCore;
  const shell = { shown: 0, quit: 0 };
  const controls = { showWindow: () => void shell.shown++, quit: () => void shell.quit++ };
  let navigations: unknown[];

  beforeEach(async () => {
    emulator = await startLogScaleEmulator();
    t = await createTestCore();
    shell.shown = 0;
    shell.quit = 0;
    navigations = [];
    t.core.events.subscribe((name, payload) => name === 'ui:navigate' && navigations.push(payload));
  });
  afterEach(async () => {
    await t.cleanup();
    await emulator.close();
  });

  it('rebuilds the tray when tokens change, and "Copy" copies from main without opening the window', async () => {
    await keepTrayCurrent(t.core, t.platform);
    const account = await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: emulator.baseUrl, token: emulator.adminToken });
    const created = await t.core.tokens.create(account.id, {
      provider: 'logscale',
      kind: 'system',
      name: 'tray-token',
      permissions: ['ReadHealthCheck'],
      expiry: { kind: 'never' },
    });
    const menu = t.platform.recorded.trays.at(-1)!;
    const group = menu.find((i): i is Extract<TrayItem, { type: 'submenu' }> => i.type === 'submenu' && i.label === 'Prod')!;
    const copy = group.items.find((i) => i.type === 'item' && i.label === 'Copy tray-token') as Extract<TrayItem, { type: 'item' }>;
    expect(copy).toMatchObject({ enabled: true });
    await runTrayAction(t.core, controls, copy.action);
    expect(t.platform.clipboardText()).toBe(created.secret);
    expect(shell.shown).toBe(0);
    expect((await t.core.audit.entries()).at(-1)).toMatchObject({ action: 'token-copied', tokenName: 'tray-token' });
    expect(JSON.stringify(menu)).not.toContain(created.secret);
  });

  it('"Revoke a leaked token…" opens the window on the leak panel; quit quits', async () => {
    const menu = buildTrayMenu({ accounts: [], tokens: [] });
    const leak = menu.find((i) => i.type === 'item' && i.label === 'Revoke a leaked token…') as Extract<TrayItem, { type: 'item' }>;
    await runTrayAction(t.core, controls, leak.action);
    expect(shell.shown).toBe(1);
    expect(navigations).toEqual([{ view: 'leak' }]);
    await runTrayAction(t.core, controls, { kind: 'quit' });
    expect(shell.quit).toBe(1);
  });

  it('a failed tray copy is told through a notification (there may be no window)', async () => {
    await runTrayAction(t.core, controls, { kind: 'copy', tokenId: 'missing' });
    expect(t.platform.recorded.notifications).toEqual([{ title: 'Could not copy the token', body: expect.stringContaining('not in the list') }]);
  });

  it('a notification click opens that token', () => {
    openTokenFromNotification(t.core, controls, 'tok-1');
    expect(shell.shown).toBe(1);
    expect(navigations).toEqual([{ view: 'token', tokenId: 'tok-1' }]);
  });
});
