/**
 * The tray menu as data, built by a pure function from the current accounts and tokens, so it is
 * tested in Node; main/electron/tray.ts turns it into an Electron Menu. Labels only, never token values.
 */
import type { AccountService } from '../accounts/account-service';
import type { CoreEvents } from '../events';
import type { LockService } from '../lock/lock-service';
import type { AccountSummary, TokenSummary, TrayItem } from '../model';
import type { Platform } from '../platform';
import type { TokenService } from '../tokens/token-service';

export interface TrayInput {
  accounts: AccountSummary[];
  tokens: TokenSummary[];
  pinned?: ReadonlySet<string>;
  /** The app lock: with one set, the menu offers "Lock Tokendesk"; while locked, copying asks to unlock. */
  lock?: { configured: boolean; locked: boolean };
}

const COPYABLE = new Set(['active', 'expiring']);

export function buildTrayMenu({ accounts, tokens, pinned = new Set(), lock }: TrayInput): TrayItem[] {
  const groups: TrayItem[] = [];
  for (const account of [...accounts].sort((a, b) => a.label.localeCompare(b.label))) {
    const own = tokens.filter((t) => t.accountId === account.id && COPYABLE.has(t.status));
    if (own.length === 0) continue;
    own.sort((a, b) => Number(pinned.has(b.id)) - Number(pinned.has(a.id)) || a.name.localeCompare(b.name));
    groups.push({
      type: 'submenu',
      label: account.label,
      items: own.map((t) => ({
        type: 'item',
        label: `Copy ${pinned.has(t.id) ? '★ ' : ''}${t.name}${lock?.locked ? ' (unlock first)' : ''}`,
        action: { kind: 'copy', tokenId: t.id },
        enabled: t.hasSecret,
      })),
    });
  }
  const tokensPart: TrayItem[] = groups.length ? groups : [{ type: 'item', label: 'No tokens to copy yet', action: { kind: 'open-window' }, enabled: false }];
  return [
    ...tokensPart,
    { type: 'separator' },
    { type: 'item', label: 'Revoke a leaked token…', action: { kind: 'leak-panel' }, enabled: true },
    { type: 'item', label: 'Open Tokendesk', action: { kind: 'open-window' }, enabled: true },
    ...(lock?.configured
      ? [{ type: 'item', label: lock.locked ? 'Tokendesk is locked' : 'Lock Tokendesk', action: { kind: 'lock' }, enabled: !lock.locked } satisfies TrayItem]
      : []),
    { type: 'separator' },
    { type: 'item', label: 'Quit', action: { kind: 'quit' }, enabled: true },
  ];
}

/** What the menu is built from: the lists, the lock's state and the events that change them. */
export interface TrayMenuSources {
  readonly accounts: Pick<AccountService, 'list'>;
  readonly tokens: Pick<TokenService, 'list'>;
  readonly lock: Pick<LockService, 'status'>;
  readonly events: Pick<CoreEvents, 'subscribe'>;
}

/**
 * Keeps the tray menu current: rebuilt from the core's lists now and whenever accounts or tokens
 * change or the app locks (progress, clipboard and settings events leave it alone); changes that arrive together
 * rebuild it once.
 */
export async function keepTrayCurrent(core: TrayMenuSources, platform: Pick<Platform, 'refreshTray'>): Promise<() => void> {
  let pending = false;
  const refresh = async (): Promise<void> => {
    pending = false;
    platform.refreshTray(buildTrayMenu({ accounts: await core.accounts.list(), tokens: core.tokens.list(), lock: core.lock.status() }));
  };
  const stop = core.events.subscribe((name) => {
    if ((name !== 'accounts:changed' && name !== 'tokens:changed' && name !== 'lock:changed') || pending) return;
    pending = true;
    queueMicrotask(() => void refresh());
  });
  await refresh();
  return stop;
}
