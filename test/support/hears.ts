import type { Core } from '../../main/core/core';

/** Resolves once this core has heard that the account's address is `baseUrl` (another process wrote it): no clock. */
export function hears(core: Core, accountId: string, baseUrl: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = core.events.subscribe((name, payload) => {
      if (name !== 'accounts:changed') return;
      const account = (payload as Array<{ id: string; connection: { baseUrl: string } }>).find((a) => a.id === accountId);
      if (account?.connection.baseUrl === baseUrl) {
        stop();
        resolve();
      }
    });
  });
}
