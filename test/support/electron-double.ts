/**
 * A recording test double of the `electron` module: the parts the shell (main/electron) uses, so
 * the real shell runs in tests where the Electron binary is absent. Each piece is typed against
 * Electron's own electron.d.ts (classes `implements Partial<…>` of the real interface, the module
 * `satisfies` the real export names), so a call the real API would not accept fails the type check.
 *
 * - Every call that matters is recorded in order (`calls`), and `waitFor` awaits one, so tests wait
 *   for what happened instead of sleeping. `failOn` makes the next such call throw.
 * - A member the double lacks throws at once, naming itself: add it here, typed like the rest.
 * - One double per test file (each file runs in its own process): electron-log and electron-store
 *   are loaded by Node itself, outside vitest's mocking, so `installAsElectronPackage` puts the
 *   double where their `require('electron')` / `import 'electron'` looks, and `reset` starts a new
 *   scenario without changing the objects those libraries already hold.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  Clipboard,
  CustomScheme,
  Dialog,
  HandlerDetails,
  IpcMain,
  IpcMainInvokeEvent,
  KeyboardEvent,
  Menu,
  MenuItem,
  MenuItemConstructorOptions,
  NativeImage,
  Notification,
  NotificationConstructorOptions,
  PowerMonitor,
  Protocol,
  Session,
  Shell,
  Tray,
  WebContents,
  WebFrameMain,
  WindowOpenHandlerResponse,
} from 'electron';

export interface Call {
  api: string;
  args: unknown[];
}

/**
 * The part of an Electron API the double must match. The EventEmitter methods are left out: the
 * double's are Node's own, and Electron's typed overloads (`on('before-quit', …)`) check the
 * shell's calls already, where the shell compiles against electron.d.ts.
 */
type Shape<T> = Partial<Omit<T, keyof NodeJS.EventEmitter>>;
type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;
type PermissionRequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>;
type PermissionCheckHandler = NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>;
type DevicePermissionHandler = NonNullable<Parameters<Session['setDevicePermissionHandler']>[0]>;
type ProtocolHandler = Parameters<Protocol['handle']>[1];
type AppPath = Parameters<App['getPath']>[0];

/** Keys test tooling probes on any object (vitest's matchers and printers, promises, JSON). */
const PROBES = new Set(['then', 'toJSON', 'asymmetricMatch', 'nodeType', 'tagName', 'constructor', 'inspect', 'length']);

/** Throws on any member the double does not have, instead of handing the shell `undefined`. */
function strict<T extends object>(target: T, name: string): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === 'string' && !(key in object) && !PROBES.has(key) && !/^[_$@]/.test(key)) {
        throw new Error(`electron ${name}.${key} is not in the test double (test/support/electron-double.ts): add it there, typed against electron.d.ts.`);
      }
      return Reflect.get(object, key, receiver) as unknown;
    },
  });
}

/** An Electron event object: what listeners get to call preventDefault() on. */
export function preventable(extra: Record<string, unknown> = {}): { preventDefault(): void; defaultPrevented: boolean } {
  const event = { ...extra, defaultPrevented: false, preventDefault: () => void (event.defaultPrevented = true) };
  return event;
}

function deferred(): { promise: Promise<void>; resolve(): void; reject(error: Error): void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((yes, no) => ((resolve = yes), (reject = no)));
  return { promise, resolve, reject };
}

export interface ElectronDoubleOptions {
  /** What app.requestSingleInstanceLock() answers: false when another instance runs. */
  singleInstance?: boolean;
  isPackaged?: boolean;
}

export type ElectronDouble = ReturnType<typeof createElectronDouble>;

export function createElectronDouble() {
  const home = mkdtempSync(join(tmpdir(), 'tokendesk-shell-'));
  let calls: Call[] = [];
  let waiters: Array<{ api: string; since: number; resolve: (call: Call) => void }> = [];
  let faults = new Map<string, Error>();
  let options: Required<ElectronDoubleOptions> = { singleInstance: true, isPackaged: true };
  const record = (api: string, ...args: unknown[]): void => {
    const fault = faults.get(api);
    if (fault) {
      faults.delete(api);
      throw fault;
    }
    const call = { api, args };
    calls.push(call);
    const index = calls.length - 1;
    waiters = waiters.filter((w) => (w.api === api && index >= w.since ? (w.resolve(call), false) : true));
  };

  // ---- frames, web contents, windows --------------------------------------------------------------

  class FrameDouble implements Partial<WebFrameMain> {
    constructor(public url: string) {
      return strict(this, 'WebFrameMain');
    }
  }

  let nextContentsId = 1;
  const allContents: WebContentsDouble[] = [];
  class WebContentsDouble extends EventEmitter implements Shape<WebContents> {
    readonly id = nextContentsId++;
    readonly mainFrame = new FrameDouble('about:blank') as unknown as WebFrameMain;
    windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | undefined;
    destroyed = false;
    constructor() {
      super();
      allContents.push(this);
      const contents = strict(this, 'WebContents');
      app.emit('web-contents-created', preventable(), contents);
      return contents;
    }
    send(channel: string, ...args: unknown[]): void {
      record('webContents.send', this.id, channel, ...args);
    }
    setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
      this.windowOpenHandler = handler;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    /** Test helper: what a page's navigation would meet. True when a listener prevented it. */
    attempt(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url: string): boolean {
      const e = preventable({ url });
      this.emit(event, e, url);
      return e.defaultPrevented;
    }
  }

  const windows: BrowserWindowDouble[] = [];
  class BrowserWindowDouble extends EventEmitter implements Shape<BrowserWindow> {
    static getAllWindows(): BrowserWindow[] {
      return windows.filter((w) => !w.destroyed) as unknown as BrowserWindow[];
    }
    /** The same object as `webContents`, typed for tests. */
    readonly contents: WebContentsDouble;
    readonly webContents: WebContents;
    contentProtection = false;
    visible = false;
    minimized = false;
    destroyed = false;
    constructor(readonly options: BrowserWindowConstructorOptions = {}) {
      super();
      record('BrowserWindow.new', options);
      this.contents = new WebContentsDouble();
      this.webContents = this.contents as unknown as WebContents;
      windows.push(this);
      return strict(this, 'BrowserWindow');
    }
    setContentProtection(enable: boolean): void {
      this.contentProtection = enable;
    }
    loadURL(url: string): Promise<void> {
      record('BrowserWindow.loadURL', url);
      (this.contents.mainFrame as unknown as FrameDouble).url = url;
      queueMicrotask(() => this.emit('ready-to-show', preventable()));
      return Promise.resolve();
    }
    show(): void {
      this.visible = true;
      record('BrowserWindow.show');
    }
    focus(): void {
      record('BrowserWindow.focus');
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    minimize(): void {
      this.minimized = true;
    }
    restore(): void {
      this.minimized = false;
      record('BrowserWindow.restore');
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    destroy(): void {
      this.destroyed = true;
      this.contents.destroyed = true;
      this.emit('closed', preventable());
    }
  }

  // ---- app, ipcMain, session, protocol ------------------------------------------------------------

  class AppDouble extends EventEmitter implements Shape<App> {
    readonly name = 'Tokendesk';
    ready = deferred();
    isReadyNow = false;
    quitted = false;
    exitCode: number | undefined;
    constructor() {
      super();
      return strict(this, 'app');
    }
    get isPackaged(): boolean {
      return options.isPackaged;
    }
    getPath(name: AppPath): string {
      return join(home, name);
    }
    getVersion(): string {
      return '1.2.3-shell-test';
    }
    requestSingleInstanceLock(): boolean {
      record('app.requestSingleInstanceLock');
      return options.singleInstance;
    }
    whenReady(): Promise<void> {
      record('app.whenReady');
      return this.ready.promise;
    }
    isReady(): boolean {
      return this.isReadyNow;
    }
    /** As Electron does: before-quit first (a listener may prevent it), then will-quit, then gone. */
    quit(): void {
      record('app.quit');
      const event = preventable();
      this.emit('before-quit', event);
      if (event.defaultPrevented) return;
      this.emit('will-quit', preventable());
      this.quitted = true;
      record('app.quitted');
    }
    exit(exitCode = 0): void {
      this.exitCode = exitCode;
      record('app.exit', exitCode);
    }
  }
  const app = new AppDouble();

  class IpcMainDouble extends EventEmitter implements Shape<IpcMain> {
    readonly handlers = new Map<string, InvokeHandler>();
    constructor() {
      super();
      return strict(this, 'ipcMain');
    }
    handle(channel: string, listener: InvokeHandler): void {
      // Electron refuses a second handler on one channel; so does the double.
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, listener);
    }
    removeHandler(channel: string): void {
      this.handlers.delete(channel);
    }
  }
  const ipcMain = new IpcMainDouble();

  class SessionDouble extends EventEmitter implements Shape<Session> {
    permissionRequest: PermissionRequestHandler | undefined;
    permissionCheck: PermissionCheckHandler | undefined;
    devicePermission: DevicePermissionHandler | undefined;
    constructor() {
      super();
      return strict(this, 'session');
    }
    setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
      record('session.setPermissionRequestHandler');
      this.permissionRequest = handler ?? undefined;
    }
    setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
      record('session.setPermissionCheckHandler');
      this.permissionCheck = handler ?? undefined;
    }
    setDevicePermissionHandler(handler: DevicePermissionHandler | null): void {
      record('session.setDevicePermissionHandler');
      this.devicePermission = handler ?? undefined;
    }
  }
  const defaultSession = new SessionDouble();

  const protocolHandlers = new Map<string, ProtocolHandler>();
  const protocol = strict(
    {
      registerSchemesAsPrivileged: (customSchemes: CustomScheme[]) => record('protocol.registerSchemesAsPrivileged', customSchemes),
      handle: (scheme: string, handler: ProtocolHandler) => {
        record('protocol.handle', scheme);
        protocolHandlers.set(scheme, handler);
      },
    } satisfies Partial<Protocol>,
    'protocol',
  );

  // ---- tray, menu, images -------------------------------------------------------------------------

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
    static buildFromTemplate(template: Array<MenuItemConstructorOptions | MenuItem>): Menu {
      return new MenuDouble(template as MenuItemConstructorOptions[]) as unknown as Menu;
    }
    constructor(readonly template: MenuItemConstructorOptions[]) {
      super();
      return strict(this, 'Menu');
    }
  }

  MenuDouble satisfies Pick<typeof import('electron').Menu, 'buildFromTemplate'>;

  const trays: TrayDouble[] = [];
  class TrayDouble extends EventEmitter implements Shape<Tray> {
    toolTip = '';
    menu: MenuDouble | undefined;
    constructor(readonly image: NativeImage | string) {
      super();
      trays.push(this);
      record('Tray.new', image);
      return strict(this, 'Tray');
    }
    setToolTip(toolTip: string): void {
      this.toolTip = toolTip;
    }
    setContextMenu(menu: Menu | null): void {
      this.menu = (menu ?? undefined) as MenuDouble | undefined;
      record('Tray.setContextMenu', this.menu?.template);
    }
  }

  // ---- clipboard, power, notifications, dialogs, shell --------------------------------------------

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
      record('clipboard.writeText');
      this.text = text;
      this.formats = ['text/plain'];
    }
    async write(data: Array<import('electron').ClipboardItem>): Promise<void> {
      record('clipboard.write');
      const items = (data as unknown as ClipboardItemDouble[])[0]?.items ?? {};
      this.text = typeof items['text/plain'] === 'string' ? items['text/plain'] : '';
      this.formats = Object.keys(items);
    }
    async readText(): Promise<string> {
      return this.text;
    }
    clear(): void {
      record('clipboard.clear');
      this.text = '';
      this.formats = [];
    }
  }
  const clipboard = new ClipboardDouble();

  /** Only events: the shell listens for lock-screen and suspend. */
  class PowerMonitorDouble extends EventEmitter {
    constructor() {
      super();
      return strict(this, 'powerMonitor');
    }
  }
  const powerMonitor = new PowerMonitorDouble();

  class NotificationDouble extends EventEmitter implements Shape<Notification> {
    constructor(readonly options: NotificationConstructorOptions = {}) {
      super();
      return strict(this, 'Notification');
    }
    show(): void {
      record('Notification.show', this.options, this);
    }
  }

  const dialog = strict({ showErrorBox: (title: string, content: string) => record('dialog.showErrorBox', title, content) } satisfies Partial<Dialog>, 'dialog');
  const shell = strict({ openExternal: async (url: string) => record('shell.openExternal', url) } satisfies Partial<Shell>, 'shell');

  // ---- the module ---------------------------------------------------------------------------------

  const electron = {
    app: app as unknown as App,
    BrowserWindow: strict(BrowserWindowDouble, 'BrowserWindow'),
    ipcMain: ipcMain as unknown as IpcMain,
    session: strict({ defaultSession: defaultSession as unknown as Session }, 'session'),
    protocol,
    Tray: strict(TrayDouble, 'Tray'),
    Menu: strict(MenuDouble, 'Menu'),
    nativeImage: strict({ createFromPath: (path: string) => new NativeImageDouble(path) as unknown as NativeImage }, 'nativeImage'),
    clipboard: clipboard as unknown as Clipboard,
    ClipboardItem: strict(ClipboardItemDouble, 'ClipboardItem'),
    powerMonitor: powerMonitor as unknown as PowerMonitor,
    Notification: strict(NotificationDouble, 'Notification'),
    dialog,
    shell,
    webContents: strict({ getAllWebContents: () => allContents.filter((c) => !c.destroyed) as unknown as WebContents[] }, 'webContents'),
  } satisfies { [K in keyof typeof import('electron')]?: unknown };

  return {
    /** What `vi.mock('electron', () => double.module)` hands the shell. */
    module: { ...electron, default: electron },
    home,
    app,
    ipcMain,
    session: defaultSession,
    protocolHandlers,
    clipboard,
    powerMonitor,
    windows,
    trays,
    get calls(): readonly Call[] {
      return calls;
    },
    /** Calls of one API, in order. */
    callsOf: (api: string): Call[] => calls.filter((c) => c.api === api),
    /** Where the next call will land in `calls`: pass it to `waitFor` to wait for a later one. */
    mark: (): number => calls.length,
    /** The first call of `api` at or after `since` (already made, or the next to come). */
    waitFor(api: string, since = 0): Promise<Call> {
      const found = calls.slice(since).find((c) => c.api === api);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ api, since, resolve }));
    },
    /** The next call of `api` throws this error (a fault inside the shell's start-up, say). */
    failOn(api: string, error: Error): void {
      faults.set(api, error);
    },
    /** The app becomes ready: whenReady() resolves. */
    ready(): void {
      record('app.ready');
      app.isReadyNow = true;
      app.ready.resolve();
      app.emit('ready', preventable(), {});
    },
    /** whenReady() rejects with this error. */
    failReady(error: Error): void {
      app.ready.reject(error);
    },
    /** Another web contents (a devtools page, a future window): the shell's rules must reach it too. */
    createWebContents: (): WebContentsDouble => new WebContentsDouble(),
    /** What ipcRenderer.invoke from `contents` (by default its main frame) would deliver. */
    invoke(channel: string, payload: unknown, from: { contents: WebContentsDouble; frame?: FrameDouble | null }): Promise<unknown> {
      const handler = ipcMain.handlers.get(channel);
      if (!handler) throw new Error(`No handler on ipcMain for ${channel}`);
      const event = { sender: from.contents, senderFrame: from.frame === undefined ? from.contents.mainFrame : from.frame } as unknown as IpcMainInvokeEvent;
      return Promise.resolve(handler(event, structuredClone(payload)));
    },
    frame: (url: string): FrameDouble => new FrameDouble(url),
    /** Clicks the tray menu item with this label (searched in submenus too). */
    clickTrayItem(label: string): void {
      const find = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions | undefined =>
        items.map((i) => (i.label === label ? i : Array.isArray(i.submenu) ? find(i.submenu) : undefined)).find(Boolean);
      const item = find(trays.at(-1)?.menu?.template ?? []);
      if (!item?.click) throw new Error(`No tray menu item "${label}"`);
      item.click({} as MenuItem, undefined, {} as KeyboardEvent);
    },
    /** Makes `require('electron')` and `import 'electron'` from Node-loaded packages (electron-log, electron-store) get the double. */
    installAsElectronPackage(): void {
      const require = createRequire(import.meta.url);
      const path = require.resolve('electron');
      const module = new Module(path);
      module.filename = path;
      module.loaded = true;
      module.exports = electron;
      require.cache[path] = module;
    },
    /** A new scenario: nothing recorded, no listeners, not ready; the same objects (libraries hold them). */
    reset(next: ElectronDoubleOptions = {}): void {
      options = { singleInstance: true, isPackaged: true, ...next };
      calls = [];
      waiters = [];
      faults = new Map();
      for (const emitter of [app, ipcMain, defaultSession, powerMonitor]) emitter.removeAllListeners();
      ipcMain.handlers.clear();
      protocolHandlers.clear();
      Object.assign(defaultSession, { permissionRequest: undefined, permissionCheck: undefined, devicePermission: undefined });
      app.ready = deferred();
      Object.assign(app, { isReadyNow: false, quitted: false, exitCode: undefined });
      windows.length = 0;
      trays.length = 0;
      allContents.length = 0;
      clipboard.clear();
      calls = [];
    },
    cleanup(): void {
      rmSync(home, { recursive: true, force: true });
    },
  };
}

