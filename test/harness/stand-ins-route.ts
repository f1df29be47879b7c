/**
 * The harness's door for the demo's stand-ins (only when `standIns` is on): the tray menu as the
 * core built it and a click on one of its items, the notifications and a click on one, the
 * clipboard's text for the page to put on its own clipboard, and the page's reports that the user
 * copied something else or is active (system idle time). Every click goes through the core's own
 * tray and notification actions, so the demo does what the desktop app does.
 */
import type { TrayAction, TrayItem } from '../../main/core/model';
import type { RecordingPlatform } from './recording-platform';

export interface StandInDeps {
  platform: RecordingPlatform;
  tray(action: TrayAction): Promise<void>;
  notificationClicked(tokenId: string): void;
}

type Answer = { status: number; body: unknown };

/** What the user copied in the page is not ours: the clipboard guard must leave it alone. */
const USER_COPY = '\u0000copied in the page';

export async function standInRoute(route: string, body: string, d: StandInDeps): Promise<Answer> {
  const input = parse(body);
  switch (route) {
    case 'state': {
      const notifications = d.platform.recorded.notifications
        .map((n, index) => ({ index, title: n.title, body: n.body, opens: n.tokenId !== undefined }))
        .slice(-5);
      return { status: 200, body: { tray: d.platform.recorded.trays.at(-1) ?? [], notifications } };
    }
    case 'tray': {
      const item = itemAt(d.platform.recorded.trays.at(-1) ?? [], input['path']);
      if (!item || item.type !== 'item' || !item.enabled) return { status: 404, body: { ok: false, error: 'That menu item is not there (any more).' } };
      await d.tray(item.action);
      return { status: 200, body: { ok: true } };
    }
    case 'notification': {
      const index = typeof input['index'] === 'number' ? input['index'] : -1;
      const tokenId = d.platform.recorded.notifications[index]?.tokenId;
      if (tokenId === undefined) return { status: 404, body: { ok: false, error: 'That notification opens nothing.' } };
      d.notificationClicked(tokenId);
      return { status: 200, body: { ok: true } };
    }
    case 'clipboard': {
      // The one place a copied value reaches the demo page: the browser offers no other way to its clipboard.
      const text = d.platform.clipboardText();
      return { status: 200, body: { text: text === USER_COPY ? null : text } };
    }
    case 'user-copied':
      d.platform.userCopies(USER_COPY);
      return { status: 200, body: { ok: true } };
    case 'activity':
      d.platform.activity();
      return { status: 200, body: { ok: true } };
    default:
      return { status: 404, body: { ok: false, error: 'Not found.' } };
  }
}

function parse(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body || '{}');
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The item at a path of indexes (submenus nest), or undefined. */
function itemAt(items: TrayItem[], path: unknown): TrayItem | undefined {
  if (!Array.isArray(path) || path.length === 0 || path.length > 3 || !path.every((i) => Number.isInteger(i))) return undefined;
  let list = items;
  let item: TrayItem | undefined;
  for (const index of path as number[]) {
    item = list[index];
    if (!item) return undefined;
    list = item.type === 'submenu' ? item.items : [];
  }
  return item;
}
