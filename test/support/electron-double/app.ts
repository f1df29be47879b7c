/** The app's lifecycle, ipcMain, the default session and the protocol module, as the shell uses them. */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { App, CustomScheme, IpcMain, IpcMainInvokeEvent, Protocol, Session } from 'electron';
import { preventable, strict, type Recorder, type Shape } from './recording';

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;
type PermissionRequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>;
type PermissionCheckHandler = NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>;
type DevicePermissionHandler = NonNullable<Parameters<Session['setDevicePermissionHandler']>[0]>;
export type ProtocolHandler = Parameters<Protocol['handle']>[1];

export interface AppOptions {
  /** What app.requestSingleInstanceLock() answers: false when another instance runs. */
  singleInstance: boolean;
  isPackaged: boolean;
}

function deferred(): { promise: Promise<void>; resolve(): void; reject(error: Error): void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((yes, no) => ((resolve = yes), (reject = no)));
  return { promise, resolve, reject };
}

export function createAppDoubles(recorder: Recorder, home: string, options: () => AppOptions) {
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
      return options().isPackaged;
    }
    getPath(name: Parameters<App['getPath']>[0]): string {
      return join(home, name);
    }
    getVersion(): string {
      return '1.2.3-shell-test';
    }
    requestSingleInstanceLock(): boolean {
      recorder.record('app.requestSingleInstanceLock');
      return options().singleInstance;
    }
    whenReady(): Promise<void> {
      recorder.record('app.whenReady');
      return this.ready.promise;
    }
    isReady(): boolean {
      return this.isReadyNow;
    }
    /** As Electron does: before-quit first (a listener may prevent it), then will-quit, then gone. */
    quit(): void {
      recorder.record('app.quit');
      const event = preventable();
      this.emit('before-quit', event);
      if (event.defaultPrevented) return;
      this.emit('will-quit', preventable());
      this.quitted = true;
      recorder.record('app.quitted');
    }
    exit(exitCode = 0): void {
      this.exitCode = exitCode;
      recorder.record('app.exit', exitCode);
    }
    /** Test helper: a new launch, not ready yet. */
    restart(): void {
      this.removeAllListeners();
      this.ready = deferred();
      Object.assign(this, { isReadyNow: false, quitted: false, exitCode: undefined });
    }
  }

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

  class SessionDouble extends EventEmitter implements Shape<Session> {
    permissionRequest: PermissionRequestHandler | undefined;
    permissionCheck: PermissionCheckHandler | undefined;
    devicePermission: DevicePermissionHandler | undefined;
    constructor() {
      super();
      return strict(this, 'session');
    }
    setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
      recorder.record('session.setPermissionRequestHandler');
      this.permissionRequest = handler ?? undefined;
    }
    setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
      recorder.record('session.setPermissionCheckHandler');
      this.permissionCheck = handler ?? undefined;
    }
    setDevicePermissionHandler(handler: DevicePermissionHandler | null): void {
      recorder.record('session.setDevicePermissionHandler');
      this.devicePermission = handler ?? undefined;
    }
  }

  const protocolHandlers = new Map<string, ProtocolHandler>();
  const protocol = strict(
    {
      registerSchemesAsPrivileged: (customSchemes: CustomScheme[]) => recorder.record('protocol.registerSchemesAsPrivileged', customSchemes),
      handle: (scheme: string, handler: ProtocolHandler) => {
        recorder.record('protocol.handle', scheme);
        protocolHandlers.set(scheme, handler);
      },
    } satisfies Partial<Protocol>,
    'protocol',
  );

  return { app: new AppDouble(), ipcMain: new IpcMainDouble(), defaultSession: new SessionDouble(), protocol, protocolHandlers };
}
