/**
 * A recording test double of the `electron` module: the parts the shell (main/electron) uses, so
 * the real shell runs in tests where the Electron binary is absent. Each piece is typed against
 * Electron's own electron.d.ts (classes `implements` the real interface's members, plain objects
 * `satisfies` it, the module `satisfies` the real export names), so a call the real API would not
 * accept fails the type check.
 *
 * - Every call that matters is recorded in order (`calls`), and `waitFor` awaits one, so tests wait
 *   for what happened instead of sleeping. `failOn` makes the next such call throw.
 * - A member the double lacks throws at once, naming itself: add it in the file for its area
 *   (app.ts, windows.ts, desktop.ts), typed like the rest.
 * - One double per test file (each file runs in its own process): electron-log
 *   are loaded by Node itself, outside vitest's mocking, so `installAsElectronPackage` puts the
 *   double where their `require('electron')` / `import 'electron'` looks, and `reset` starts a new
 *   launch without changing the objects those libraries already hold.
 *
 * Use: `vi.mock('electron', () => double.module)`, with the double made in `vi.hoisted`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, Clipboard, IpcMain, IpcMainInvokeEvent, NativeImage, PowerMonitor, Session, WebContents } from 'electron';
import { createAppDoubles, type AppOptions } from './app';
import { createDesktopDoubles } from './desktop';
import { Recorder, preventable, strict, type Call } from './recording';
import { createWindowDoubles } from './windows';

export type { Call };
export type ElectronDoubleOptions = Partial<AppOptions>;
export type ElectronDouble = ReturnType<typeof createElectronDouble>;

export function createElectronDouble() {
  const home = mkdtempSync(join(tmpdir(), 'tokendesk-shell-'));
  const recorder = new Recorder();
  let options: AppOptions = { singleInstance: true, isPackaged: true };
  const { app, ipcMain, defaultSession, protocol, protocolHandlers } = createAppDoubles(recorder, home, () => options);
  const { FrameDouble, WebContentsDouble, BrowserWindowDouble, windows, allContents } = createWindowDoubles(recorder, app);
  const desktop = createDesktopDoubles(recorder);
  type Contents = InstanceType<typeof WebContentsDouble>;
  type Frame = InstanceType<typeof FrameDouble>;

  const electron = {
    app: app as unknown as App,
    BrowserWindow: strict(BrowserWindowDouble, 'BrowserWindow'),
    ipcMain: ipcMain as unknown as IpcMain,
    session: strict({ defaultSession: defaultSession as unknown as Session }, 'session'),
    protocol,
    Tray: strict(desktop.TrayDouble, 'Tray'),
    Menu: strict(desktop.MenuDouble, 'Menu'),
    nativeImage: strict({ createFromPath: (path: string) => new desktop.NativeImageDouble(path) as unknown as NativeImage }, 'nativeImage'),
    clipboard: desktop.clipboard as unknown as Clipboard,
    ClipboardItem: strict(desktop.ClipboardItemDouble, 'ClipboardItem'),
    powerMonitor: desktop.powerMonitor as unknown as PowerMonitor,
    Notification: strict(desktop.NotificationDouble, 'Notification'),
    dialog: desktop.dialog,
    shell: desktop.shell,
    webContents: strict({ getAllWebContents: () => allContents.filter((c) => !c.destroyed) as unknown as WebContents[] }, 'webContents'),
  } satisfies { [K in keyof typeof import('electron')]?: unknown };

  return {
    /** What `vi.mock('electron', () => double.module)` hands the shell. */
    module: { ...electron, default: electron },
    /** The fake machine's folders: app.getPath(name) is `home/name`. */
    home,
    app,
    ipcMain,
    session: defaultSession,
    protocolHandlers,
    clipboard: desktop.clipboard,
    powerMonitor: desktop.powerMonitor,
    windows,
    trays: desktop.trays,
    clickTrayItem: desktop.clickTrayItem,
    /** The user picks these paths in the next native open dialog (null: cancels). */
    answerOpenDialog: desktop.answerOpenDialog,
    get calls(): readonly Call[] {
      return recorder.calls;
    },
    /** Calls of one API, in order. */
    callsOf: (api: string): Call[] => recorder.calls.filter((c) => c.api === api),
    /** Where the next call will land in `calls`: pass it to `waitFor` to wait for a later one. */
    mark: (): number => recorder.calls.length,
    /** The first call of `api` at or after `since` (already made, or the next to come). */
    waitFor: (api: string, since = 0): Promise<Call> => recorder.waitFor(api, since),
    /** The next call of `api` throws this error (a fault inside the shell's start-up, say). */
    failOn: (api: string, error: Error): void => recorder.failOn(api, error),
    /** The app becomes ready: whenReady() resolves. */
    ready(): void {
      recorder.record('app.ready');
      app.isReadyNow = true;
      app.ready.resolve();
      app.emit('ready', preventable(), {});
    },
    /** whenReady() rejects with this error. */
    failReady(error: Error): void {
      app.ready.reject(error);
    },
    /** Another web contents (a devtools page, a future window): the shell's rules must reach it too. */
    createWebContents: (): Contents => new WebContentsDouble(),
    /** A frame that is not a main frame (an iframe), at `url`. */
    frame: (url: string): Frame => new FrameDouble(url),
    /** What ipcRenderer.invoke from `contents` (by default its main frame) would deliver. */
    invoke(channel: string, payload: unknown, from: { contents: Contents; frame?: Frame | null }): Promise<unknown> {
      const handler = ipcMain.handlers.get(channel);
      if (!handler) throw new Error(`No handler on ipcMain for ${channel}`);
      const event = { sender: from.contents, senderFrame: from.frame === undefined ? from.contents.mainFrame : from.frame } as unknown as IpcMainInvokeEvent;
      return Promise.resolve(handler(event, structuredClone(payload)));
    },
    /** Makes `require('electron')` and `import 'electron'` from Node-loaded packages (electron-log) get the double. */
    installAsElectronPackage(): void {
      const require = createRequire(import.meta.url);
      const path = require.resolve('electron');
      const module = new Module(path);
      module.filename = path;
      module.loaded = true;
      module.exports = electron;
      require.cache[path] = module;
    },
    /** A new launch: nothing recorded, no listeners, not ready; the same objects (libraries hold them). */
    reset(next: ElectronDoubleOptions = {}): void {
      options = { singleInstance: true, isPackaged: true, ...next };
      app.restart();
      for (const emitter of [ipcMain, defaultSession, desktop.powerMonitor]) emitter.removeAllListeners();
      ipcMain.handlers.clear();
      protocolHandlers.clear();
      Object.assign(defaultSession, { permissionRequest: undefined, permissionCheck: undefined, devicePermission: undefined });
      windows.length = 0;
      desktop.trays.length = 0;
      allContents.length = 0;
      desktop.clipboard.clear();
      recorder.clear();
    },
    cleanup(): void {
      rmSync(home, { recursive: true, force: true });
    },
  };
}
