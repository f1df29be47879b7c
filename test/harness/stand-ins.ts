/**
 * The demo's desktop, in the page (harness only, never in the Electron build): a panel marked as
 * stand-ins with the tray menu (built by the core, clicks run the core's tray actions) and the
 * notifications (a click opens the token, as in the desktop app). A copy puts the value on the
 * page's clipboard and a clear empties it, so a copied token can really be pasted; the page tells
 * the harness when the user copies something else (the clipboard guard then leaves it alone) and
 * when the user is active (the app lock's idle time).
 */
import type { TrayItem } from '../../main/core/model';

interface State {
  tray: TrayItem[];
  notifications: Array<{ index: number; title: string; body: string; opens: boolean }>;
}

export function mountStandIns(base: URL, events: () => EventSource): void {
  const post = async (route: string, body: unknown = {}): Promise<unknown> => {
    const response = await fetch(new URL(`__harness/${route}`, base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return response.json();
  };

  const panel = document.createElement('details');
  panel.className = 'th-standins';
  panel.dataset['testid'] = 'stand-ins';
  const summary = document.createElement('summary');
  summary.textContent = 'Demo desktop (stand-ins)';
  const note = document.createElement('p');
  note.className = 'th-note';
  note.textContent = 'Stand-ins for the desktop: in the app, this menu is the system tray and these are system notifications.';
  const trayTitle = heading('Tray menu');
  const tray = document.createElement('ul');
  tray.className = 'th-tray';
  tray.setAttribute('aria-label', 'Tray menu (stand-in)');
  const notesTitle = heading('Notifications');
  const notes = document.createElement('ul');
  notes.className = 'th-notes';
  notes.setAttribute('aria-label', 'Notifications (stand-in)');
  const clip = document.createElement('p');
  clip.className = 'th-clip';
  clip.setAttribute('role', 'status');
  panel.append(summary, note, trayTitle, tray, notesTitle, notes, clip);
  const region = document.createElement('aside');
  region.setAttribute('aria-label', 'Demo desktop (stand-ins)');
  region.append(panel);
  document.body.append(region);

  function heading(text: string): HTMLElement {
    const h = document.createElement('h2');
    h.className = 'th-head';
    h.textContent = text;
    return h;
  }

  function renderTray(items: TrayItem[], list: HTMLElement, path: number[]): void {
    list.replaceChildren();
    items.forEach((item, index) => {
      const li = document.createElement('li');
      if (item.type === 'separator') {
        li.className = 'th-sep';
        li.setAttribute('aria-hidden', 'true');
      } else if (item.type === 'submenu') {
        const label = document.createElement('span');
        label.className = 'th-sub';
        label.textContent = item.label;
        const inner = document.createElement('ul');
        renderTray(item.items, inner, [...path, index]);
        li.append(label, inner);
      } else {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = item.label;
        button.disabled = !item.enabled;
        button.addEventListener('click', () => void post('tray', { path: [...path, index] }));
        li.append(button);
      }
      list.append(li);
    });
  }

  async function refresh(): Promise<void> {
    const state = (await post('state')) as State;
    renderTray(state.tray, tray, []);
    notes.replaceChildren(
      ...state.notifications.reverse().map((n) => {
        const li = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = `${n.title}: ${n.body}`;
        button.disabled = !n.opens;
        button.addEventListener('click', () => void post('notification', { index: n.index }));
        li.append(button);
        return li;
      }),
    );
    if (state.notifications.length === 0) notes.replaceChildren(Object.assign(document.createElement('li'), { textContent: 'None yet.' }));
  }

  /** The desktop clipboard changed: the page's clipboard follows (a copy, or a clear). */
  async function followClipboard(): Promise<void> {
    const { text } = (await post('clipboard')) as { text: string | null };
    if (text === null) return; // the user's own copy: not ours to touch
    try {
      await navigator.clipboard.writeText(text);
      clip.textContent = text ? 'The page clipboard holds the copied token.' : 'The page clipboard was cleared.';
    } catch {
      clip.textContent = 'The browser refused the page clipboard (focus the page and copy again).';
    }
  }

  document.addEventListener('copy', () => void post('user-copied'));
  let lastActivity = 0;
  const active = (): void => {
    if (Date.now() - lastActivity < 5_000) return;
    lastActivity = Date.now();
    void post('activity');
  };
  for (const type of ['pointerdown', 'keydown', 'wheel']) document.addEventListener(type, active, { passive: true, capture: true });

  events().addEventListener('harness', (message) => {
    const { what } = JSON.parse((message as MessageEvent<string>).data) as { what: string };
    if (what === 'clipboard') void followClipboard();
    else void refresh();
  });
  void refresh();
}
