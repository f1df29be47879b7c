/**
 * What a tray menu click or a notification click does, decided in the core so it is tested in
 * Node; the shell only shows the window and quits.
 */
import type { CoreEvents } from '../events';
import type { LockService } from '../lock/lock-service';
import type { TrayAction } from '../model';
import type { TokenService } from '../tokens/token-service';

/** What a click may reach: a copy, the lock, a notification and the window's navigation. */
export interface TrayActionTargets {
  readonly tokens: Pick<TokenService, 'copy'>;
  readonly lock: Pick<LockService, 'locked' | 'status' | 'lock'>;
  readonly events: Pick<CoreEvents, 'emit'>;
  /** Shown without a window: a copy from the tray that failed. */
  notify(notification: { title: string; body: string }): void;
}

export interface ShellControls {
  showWindow(): void;
  quit(): void;
}

export async function runTrayAction(core: TrayActionTargets, shell: ShellControls, action: TrayAction): Promise<void> {
  switch (action.kind) {
    case 'copy':
      // Locked: no copy; the window opens on the unlock prompt instead.
      if (core.lock.locked) {
        shell.showWindow();
        core.events.emit('ui:navigate', { view: 'unlock' });
        return;
      }
      // Copy from the tray without opening the window; the clipboard guard clears it later.
      await core.tokens.copy(action.tokenId).catch((error: unknown) => {
        core.notify({ title: 'Could not copy the token', body: error instanceof Error ? error.message : 'Unknown error' });
      });
      return;
    case 'leak-panel':
      shell.showWindow();
      core.events.emit('ui:navigate', { view: 'leak' });
      return;
    case 'lock':
      if (core.lock.status().configured) core.lock.lock();
      return;
    case 'open-window':
      shell.showWindow();
      return;
    case 'quit':
      shell.quit();
  }
}

export function openTokenFromNotification(core: Pick<TrayActionTargets, 'events'>, shell: ShellControls, tokenId: string): void {
  shell.showWindow();
  core.events.emit('ui:navigate', { view: 'token', tokenId });
}
