/** Keeps the tray menu current: rebuilt from the core's lists now and whenever they change. */
import type { Core } from './core';
import type { Platform } from './platform';
import { buildTrayMenu } from './tray-menu';

export async function keepTrayCurrent(core: Core, platform: Platform): Promise<() => void> {
  const refresh = async (): Promise<void> => {
    platform.refreshTray(buildTrayMenu({ accounts: await core.accounts.list(), tokens: await core.tokens.list() }));
  };
  const stop = core.events.subscribe(() => void refresh());
  await refresh();
  return stop;
}
