/** What the shell shows on the desktop: tray and menus, the clipboard, power events, notifications, dialogs, links. */
import { EventEmitter } from 'node:events';
import type {
  BrowserWindow,
  Clipboard,
  ClipboardItem,
  Dialog,
  KeyboardEvent,
  Menu,
  MenuItem,
  MenuItemConstructorOptions,
  NativeImage,
  Notification,
  NotificationConstructorOptions,
  OpenDialogOptions,
  OpenDialogReturnValue,
  Shell,
  Tray,
} from 'electron';
import { strict, type Recorder, type Shape } from './recording';

export function createDesktopDoubles(recorder: Recorder) {
  class NativeImageDouble implements Partial<NativeImage> {
    template = false;
    constructor(readonly path: string) {
      return strict(this, 'NativeImage');
    }
    setTemplateImage(option: boolean): void {
      this.template = option;
    }
  }

  class MenuDouble extends EventEmitter {
    /** The application menu last set (null: none, as on Windows and Linux). */
    static applicationMenu: MenuDouble | null = null;
    static buildFromTemplate(template: Array<MenuItemConstructorOptions | MenuItem>): Menu {
      return new MenuDouble(template as MenuItemConstructorOptions[]) as unknown as Menu;
    }
    static setApplicationMenu(menu: Menu | null): void {
      MenuDouble.applicationMenu = menu as unknown as MenuDouble | null;
      recorder.record('Menu.setApplicationMenu', MenuDouble.applicationMenu?.template ?? null);
    }
    constructor(readonly template: MenuItemConstructorOptions[]) {
      super();
      return strict(this, 'Menu');
    }
  }
  MenuDouble satisfies Pick<typeof import('electron').Menu, 'buildFromTemplate' | 'setApplicationMenu'>;

  const trays: TrayDouble[] = [];
  class TrayDouble extends EventEmitter implements Shape<Tray> {
    toolTip = '';
    menu: MenuDouble | undefined;
    constructor(readonly image: NativeImage | string) {
      super();
      trays.push(this);
      recorder.record('Tray.new', image);
      return strict(this, 'Tray');
    }
    setToolTip(toolTip: string): void {
      this.toolTip = toolTip;
    }
    setContextMenu(menu: Menu | null): void {
      this.menu = (menu ?? undefined) as MenuDouble | undefined;
      recorder.record('Tray.setContextMenu', this.menu?.template);
    }
  }

  /** Clicks the item with this label in the last tray's menu (searched in submenus too). */
  function clickTrayItem(label: string): void {
    const find = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions | undefined =>
      items.map((i) => (i.label === label ? i : Array.isArray(i.submenu) ? find(i.submenu) : undefined)).find(Boolean);
    const item = find(trays.at(-1)?.menu?.template ?? []);
    if (!item?.click) throw new Error(`No tray menu item "${label}"`);
    item.click({} as MenuItem, undefined, {} as KeyboardEvent);
  }

  class ClipboardItemDouble {
    constructor(readonly items: ConstructorParameters<typeof import('electron').ClipboardItem>[0]) {}
  }

  class ClipboardDouble implements Partial<Clipboard> {
    text = '';
    /** The formats of the last write (text/plain and the concealment markers). */
    formats: string[] = [];
    constructor() {
      return strict(this, 'clipboard');
    }
    async writeText(text: string): Promise<void> {
      recorder.record('clipboard.writeText');
      this.text = text;
      this.formats = ['text/plain'];
    }
    async write(data: ClipboardItem[]): Promise<void> {
      recorder.record('clipboard.write');
      const items = (data as unknown as ClipboardItemDouble[])[0]?.items ?? {};
      this.text = typeof items['text/plain'] === 'string' ? items['text/plain'] : '';
      this.formats = Object.keys(items);
    }
    async readText(): Promise<string> {
      return this.text;
    }
    clear(): void {
      recorder.record('clipboard.clear');
      this.text = '';
      this.formats = [];
    }
  }

  /** Only events: the shell listens for lock-screen and suspend. */
  class PowerMonitorDouble extends EventEmitter {
    constructor() {
      super();
      return strict(this, 'powerMonitor');
    }
  }

  class NotificationDouble extends EventEmitter implements Shape<Notification> {
    constructor(readonly options: NotificationConstructorOptions = {}) {
      super();
      return strict(this, 'Notification');
    }
    show(): void {
      recorder.record('Notification.show', this.options, this);
    }
  }

  /** What the next native file dialogs answer, in order (none queued: the user cancels). */
  const openDialogAnswers: Array<string[] | null> = [];
  async function showOpenDialog(...args: [BrowserWindow, OpenDialogOptions] | [OpenDialogOptions]): Promise<OpenDialogReturnValue> {
    const [window, options] = args.length === 2 ? args : [undefined, args[0]];
    recorder.record('dialog.showOpenDialog', window, options);
    const paths = openDialogAnswers.shift() ?? null;
    return paths ? { canceled: false, filePaths: paths } : { canceled: true, filePaths: [] };
  }
  const dialog = strict(
    {
      showErrorBox: (title: string, content: string) => recorder.record('dialog.showErrorBox', title, content),
      showOpenDialog: showOpenDialog as Dialog['showOpenDialog'],
    } satisfies Partial<Dialog>,
    'dialog',
  );
  /** The user picks these paths in the next open dialog (null: cancels). */
  const answerOpenDialog = (paths: string[] | null): void => void openDialogAnswers.push(paths);
  const shell = strict({ openExternal: async (url: string) => recorder.record('shell.openExternal', url) } satisfies Partial<Shell>, 'shell');

  return {
    NativeImageDouble,
    MenuDouble,
    TrayDouble,
    trays,
    clickTrayItem,
    ClipboardItemDouble,
    clipboard: new ClipboardDouble(),
    powerMonitor: new PowerMonitorDouble(),
    NotificationDouble,
    dialog,
    answerOpenDialog,
    shell,
  };
}
