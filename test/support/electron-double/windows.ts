/** Windows, their web contents and frames: what the shell creates, loads, and checks IPC senders against. */
import { EventEmitter } from 'node:events';
import type { BrowserWindow, BrowserWindowConstructorOptions, HandlerDetails, WebContents, WebFrameMain, WindowOpenHandlerResponse } from 'electron';
import { preventable, strict, type Recorder, type Shape } from './recording';

export function createWindowDoubles(recorder: Recorder, app: EventEmitter) {
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
      recorder.record('webContents.send', this.id, channel, ...args);
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
      recorder.record('BrowserWindow.new', options);
      this.contents = new WebContentsDouble();
      this.webContents = this.contents as unknown as WebContents;
      windows.push(this);
      return strict(this, 'BrowserWindow');
    }
    setContentProtection(enable: boolean): void {
      this.contentProtection = enable;
    }
    loadURL(url: string): Promise<void> {
      recorder.record('BrowserWindow.loadURL', url);
      (this.contents.mainFrame as unknown as FrameDouble).url = url;
      queueMicrotask(() => this.emit('ready-to-show', preventable()));
      return Promise.resolve();
    }
    show(): void {
      this.visible = true;
      recorder.record('BrowserWindow.show');
    }
    focus(): void {
      recorder.record('BrowserWindow.focus');
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    minimize(): void {
      this.minimized = true;
    }
    restore(): void {
      this.minimized = false;
      recorder.record('BrowserWindow.restore');
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

  return { FrameDouble, WebContentsDouble, BrowserWindowDouble, windows, allContents };
}
