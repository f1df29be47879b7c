/**
 * The real Electron shell (main/electron/index.ts, as it is) started against the recording double
 * of the `electron` module (test/support/electron-double/), with the real core, the real
 * electron-log, the real profile store and vault, the real keychain (its own service in the test's Secret
 * Service) and the LogScale emulator. What is asserted is what the shell wires, seen from outside:
 * the window it opens, what answers on ipcMain, what it does when the screen locks or the app
 * quits, what the tray shows, what reaches the log file.
 *
 * One launch for the whole file: the tests run in order, like a session (add an account, copy,
 * lock, …, quit last).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TrayItem } from '../../main/core/model';
import { buildTrayMenu } from '../../main/core/tray/tray-menu';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import { trayImage } from '../../main/electron/app-images';
import { contentSecurityPolicy } from '../../main/electron/csp';
import { APP_URL } from '../../main/electron/ipc-sender';
import { channels, EVENT_CHANNEL, type Result } from '../../preload/contract';
import type { AccountSummary, CreatedResult, TokenSummary } from '../../main/core/model';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { requireSecretService } from '../support/keychain';

const { double, keychainService } = await vi.hoisted(async () => {
  const { createElectronDouble } = await import('../support/electron-double');
  const double = createElectronDouble();
  double.installAsElectronPackage();
  return { double, keychainService: `tokendesk-shell-test-${process.pid}` };
});
vi.mock('electron', () => double.module);
// The shell's keychain, in a service of its own (the test's Secret Service holds other files' items too).
vi.mock(import('../../main/core/vault/keychain'), async (importOriginal) => {
  const real = await importOriginal();
  return { ...real, createKeytarKeychain: () => real.createKeytarKeychain(keychainService) };
});

type Window = (typeof double.windows)[number];
type Contents = Window['contents'];

const LDP = 'q3v0kujg9g227mav3s0q4pra4psqsi5leka6j7lc62qdef58qx9';
const LOGSCALE = 'Zx81qLmN0pQrStUvWxYz1234abcdEFGH~K9vB2nM4xQ7wE1rT5yU8iO3pA6sD0fG2hJ4kL7zX';

/** The window the shell shows now. */
const current = (): Window => double.windows.at(-1)!;
/** A call from our window's main frame, as the preload's ipcRenderer.invoke would make it. */
const call = async <T = unknown>(channel: string, payload?: unknown): Promise<Result<T>> =>
  (await double.invoke(channel, payload, { contents: current().contents })) as Result<T>;
const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

/** A tray menu as label trees, for Electron's template and the core's model alike. */
type Outline = string | [string, Outline[]];
const fromTemplate = (items: MenuItemConstructorOptions[]): Outline[] =>
  items.map((i) =>
    i.type === 'separator' ? '---' : Array.isArray(i.submenu) ? [i.label!, fromTemplate(i.submenu)] : `${i.label}${i.enabled === false ? ' (disabled)' : ''}`,
  );
const fromModel = (items: TrayItem[]): Outline[] =>
  items.map((i) => (i.type === 'separator' ? '---' : i.type === 'submenu' ? [i.label, fromModel(i.items)] : `${i.label}${i.enabled ? '' : ' (disabled)'}`));
const trayOutline = (): Outline[] => fromTemplate(double.trays.at(-1)?.menu?.template ?? []);

describe('the Electron shell, started against the electron double', () => {
  let emulator: LogScaleEmulator;
  let accountId: string;
  let created: CreatedResult;

  beforeAll(async () => {
    requireSecretService();
    emulator = await startLogScaleEmulator();
    await import('../../main/electron/index');
    double.ready();
    await double.waitFor('BrowserWindow.focus');
  });

  afterAll(async () => {
    const keychain = createKeytarKeychain(keychainService);
    for (const key of await keychain.keys().catch(() => [])) await keychain.delete(key);
    await emulator?.close();
    double.cleanup();
  });

  it('takes the single-instance lock before anything else, and starts with the keychain it was given', async () => {
    expect(double.calls[0]?.api).toBe('app.requestSingleInstanceLock');
    expect(double.app.listenerCount('second-instance')).toBe(1);
    const info = value(await call<{ runtime: string; version: string; keychain: { available: boolean } }>('app:info'));
    expect(info).toMatchObject({ runtime: 'electron', version: '1.2.3-shell-test', keychain: { available: true } });
    // The core's first secret (the fingerprint key) went to the test's service: the seam held.
    expect((await createKeytarKeychain(keychainService).keys()).length).toBeGreaterThan(0);
  });

  it('opens one window: sandboxed, isolated, no Node, no devtools when packaged, content protected, on app://tokendesk', () => {
    expect(double.windows).toHaveLength(1);
    const window = current();
    expect(window.options.webPreferences).toEqual({
      preload: expect.stringMatching(/[/\\]preload[/\\]index\.cjs$/),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
    expect(window.contentProtection).toBe(true);
    expect(double.callsOf('BrowserWindow.loadURL').map((c) => c.args[0])).toEqual([APP_URL]);
    expect(window.visible).toBe(true);
  });

  it('denies every permission on the default session, before the window exists', () => {
    const firstWindow = double.calls.findIndex((c) => c.api === 'BrowserWindow.new');
    for (const api of ['session.setPermissionRequestHandler', 'session.setPermissionCheckHandler', 'session.setDevicePermissionHandler']) {
      const at = double.calls.findIndex((c) => c.api === api);
      expect(at, api).toBeGreaterThanOrEqual(0);
      expect(at, api).toBeLessThan(firstWindow);
    }
    const { permissionRequest, permissionCheck, devicePermission } = double.session;
    const contents = current().webContents;
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'hid', 'serial', 'usb'] as const) {
      let granted: boolean | undefined;
      permissionRequest!(contents, permission, (ok) => (granted = ok), {} as never);
      expect(granted, permission).toBe(false);
      expect(permissionCheck!(contents, permission, 'app://tokendesk', {} as never), permission).toBe(false);
    }
    expect(devicePermission!({ deviceType: 'usb' } as never)).toBe(false);
  });

  it('refuses navigation, redirects, webviews and new windows, in our window and in any other web contents', () => {
    for (const contents of [current().contents, double.createWebContents()]) {
      for (const url of ['https://evil.example/', APP_URL, 'file:///etc/passwd', 'javascript:alert(1)']) {
        expect(contents.attempt('will-navigate', url), `navigate to ${url}`).toBe(true);
        expect(contents.attempt('will-redirect', url), `redirect to ${url}`).toBe(true);
        expect(contents.windowOpenHandler?.({ url } as never), `open ${url}`).toEqual({ action: 'deny' });
      }
      expect(contents.attempt('will-attach-webview', 'https://evil.example/')).toBe(true);
    }
  });

  it('registers app:// as privileged (standard, secure, nothing more) before ready, and serves it with the CSP', async () => {
    const at = (api: string): number => double.calls.findIndex((c) => c.api === api);
    expect(double.callsOf('protocol.registerSchemesAsPrivileged').map((c) => c.args[0])).toEqual([
      [{ scheme: 'app', privileges: { standard: true, secure: true } }],
    ]);
    expect(at('protocol.registerSchemesAsPrivileged')).toBeLessThan(at('app.ready'));
    expect(at('protocol.handle')).toBeGreaterThan(at('app.ready'));
    const response = await double.protocolHandlers.get('app')!(new Request('app://tokendesk/%2e%2e/package.json'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
  });

  it("answers on ipcMain exactly the contract's channels, each behind the sender check, and nothing else", async () => {
    expect([...double.ipcMain.handlers.keys()].sort()).toEqual([...channels].sort());
    // electron-log's own listener and handler are removed by the shell; nothing else listens.
    expect(double.ipcMain.eventNames()).toEqual([]);

    const other = double.createWebContents();
    Object.assign(other.mainFrame, { url: APP_URL });
    const ours = current().contents;
    const strangers: Array<[string, { contents: Contents; frame?: ReturnType<typeof double.frame> | null }]> = [
      ['an iframe of our window', { contents: ours, frame: double.frame(APP_URL) }],
      ['another web contents showing our page', { contents: other }],
      ['a frame already gone', { contents: ours, frame: null }],
    ];
    for (const channel of channels) {
      for (const [who, from] of strangers) {
        expect(await double.invoke(channel, undefined, from), `${channel} from ${who}`).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
      }
      // Our main frame reaches the handler table, whose validation answers.
      expect(await call(channel, 'not a payload'), channel).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
  });

  it("builds the tray from the core's menu, with the icon and tooltip", () => {
    const tray = double.trays.at(-1)!;
    expect(double.trays).toHaveLength(1);
    expect(tray.toolTip).toBe('Tokendesk');
    // The shell runs from source here: the image is the platform's tray image, found in the build's icons.
    const image = (tray.image as unknown as { path: string }).path;
    expect(basename(image)).toBe(basename(trayImage(process.platform, 'icons').file));
    expect(existsSync(join('out/icons/runtime', basename(image)))).toBe(true);
    expect(trayOutline()).toEqual(fromModel(buildTrayMenu({ accounts: [], tokens: [] })));
  });

  it('keeps the tray current as accounts and tokens change, and events reach our window only', async () => {
    const since = double.mark();
    accountId = value(
      await call<AccountSummary>('accounts:add', { provider: 'logscale', label: 'Prod LogScale', baseUrl: emulator.baseUrl, token: emulator.adminToken }),
    ).id;
    created = value(
      await call<CreatedResult>('tokens:create', {
        accountId,
        request: {
          provider: 'logscale',
          kind: 'system',
          name: 'ci-reader',
          permissions: ['ReadHealthCheck'],
          expiry: { kind: 'duration', amount: 30, unit: 'days' },
        },
      }),
    );
    const accounts = value(await call<AccountSummary[]>('accounts:list'));
    const tokens = value(await call<TokenSummary[]>('tokens:list'));
    const expected = fromModel(buildTrayMenu({ accounts, tokens }));
    expect(JSON.stringify(expected)).toContain('Copy ci-reader');
    // The tray is rebuilt on each change event; wait for the one that shows the new token.
    for (let from = since; JSON.stringify(trayOutline()) !== JSON.stringify(expected);) {
      from = double.calls.indexOf(await double.waitFor('Tray.setContextMenu', from)) + 1;
    }
    expect(trayOutline()).toEqual(expected);

    const sends = double.callsOf('webContents.send').slice(-5);
    expect(sends.length).toBeGreaterThan(0);
    for (const send of sends) expect(send.args.slice(0, 2)).toEqual([current().contents.id, EVENT_CHANNEL]);
    expect(double.callsOf('webContents.send').map((c) => c.args[2])).toContain('tokens:changed');
  });

  it('copies from the tray: the value, marked concealed, never in the menu', async () => {
    const since = double.mark();
    double.clickTrayItem('Copy ci-reader');
    await double.waitFor('clipboard.write', since);
    expect(double.clipboard.text).toBe(created.secret);
    expect(double.clipboard.formats).toEqual(expect.arrayContaining(['text/plain', expect.stringContaining('electron application/osclipboard')]));
    expect(JSON.stringify(double.trays.at(-1)!.menu!.template)).not.toContain(created.secret.split('~')[1]);
  });

  it('clears the clipboard when the screen locks', async () => {
    value(await call('tokens:copy', { id: created.token!.id }));
    expect(double.clipboard.text).toBe(created.secret);
    expect(double.powerMonitor.listenerCount('lock-screen'), 'the shell listens for lock-screen').toBeGreaterThan(0);
    const since = double.mark();
    double.powerMonitor.emit('lock-screen');
    await double.waitFor('clipboard.clear', since);
    expect(double.clipboard.text).toBe('');
  });

  it('clears the clipboard when the machine suspends', async () => {
    value(await call('tokens:copy', { id: created.token!.id }));
    expect(double.clipboard.text).toBe(created.secret);
    expect(double.powerMonitor.listenerCount('suspend'), 'the shell listens for suspend').toBeGreaterThan(0);
    const since = double.mark();
    double.powerMonitor.emit('suspend');
    await double.waitFor('clipboard.clear', since);
    expect(double.clipboard.text).toBe('');
  });

  it('logs through electron-log with the redaction hook: an internal error reaches the log file, a secret does not', async () => {
    const { default: log } = await import('electron-log/main');
    log.transports.console.level = false;
    const file = log.transports.file.getFile().path;
    expect(file).toBe(join(double.home, 'userData', 'logs', 'main.log'));
    const before = existsSync(file) ? readFileSync(file, 'utf8').length : 0;

    // The shell's own path: an internal error in a handler is logged by the core's logger.
    const audit = join(double.home, 'userData', 'audit.jsonl');
    renameSync(audit, `${audit}.aside`);
    mkdirSync(audit);
    try {
      expect(await call('audit:verify')).toMatchObject({ ok: false, error: { code: 'internal' } });
    } finally {
      rmSync(audit, { recursive: true });
      renameSync(`${audit}.aside`, audit);
    }
    // The same electron-log, given secrets the way a library's error would carry them.
    log.error('provider call failed', new Error(`POST https://token:${LDP}@gra1.logs.ovh.com/ failed`), { status: 401, authorization: `Bearer ${LOGSCALE}` });

    const written = readFileSync(file, 'utf8').slice(before);
    expect(written).toContain('IPC audit:verify failed');
    expect(written).toContain('provider call failed');
    for (const secret of [LDP, LOGSCALE, LOGSCALE.split('~')[1]!]) expect(written.includes(secret), 'a secret reached the log file').toBe(false);
  });

  it('a second launch brings the window back (restored and focused), or a new one if it was closed', async () => {
    const window = current();
    window.minimize();
    let since = double.mark();
    double.app.emit('second-instance', {}, [], '/');
    await double.waitFor('BrowserWindow.focus', since);
    expect(window.minimized).toBe(false);
    expect(double.windows).toHaveLength(1);

    window.destroy();
    since = double.mark();
    double.app.emit('second-instance', {}, [], '/');
    await double.waitFor('BrowserWindow.focus', since);
    expect(double.windows).toHaveLength(2);
    expect(current().options.webPreferences).toEqual(window.options.webPreferences);
    // The new window is the one IPC trusts now; the closed one is not.
    expect(await call('app:info')).toMatchObject({ ok: true });
    expect(await double.invoke('app:info', undefined, { contents: window.contents })).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('clicking the dock icon (macOS activate) brings a closed window back', async () => {
    const window = current();
    window.destroy();
    const since = double.mark();
    double.app.emit('activate', {}, false);
    await double.waitFor('BrowserWindow.focus', since);
    expect(current()).not.toBe(window);
    expect(current().options.webPreferences).toEqual(window.options.webPreferences);
  });

  it('scan:pickFolder shows the native folder picker, modal to our window, and answers the folder picked (or null when cancelled)', async () => {
    let since = double.mark();
    double.answerOpenDialog(['/home/admin/projects/shipper-config']);
    expect(await call('scan:pickFolder')).toEqual({ ok: true, value: { path: '/home/admin/projects/shipper-config' } });
    const shown = await double.waitFor('dialog.showOpenDialog', since);
    expect((shown.args[0] as Window).contents).toBe(current().contents); // our window (the shell holds its strict proxy)
    expect(shown.args[1]).toMatchObject({ properties: expect.arrayContaining(['openDirectory']), title: expect.stringContaining('scan') });
    since = double.mark();
    expect(await call('scan:pickFolder')).toEqual({ ok: true, value: { path: null } }); // nothing queued: the user cancels
    await double.waitFor('dialog.showOpenDialog', since);
  });

  it('sets the application menu this platform wants (macOS: with the Edit roles; elsewhere: none)', () => {
    const set = double.calls.filter((c) => c.api === 'Menu.setApplicationMenu');
    expect(set).toHaveLength(1);
    const template = set[0]!.args[0] as MenuItemConstructorOptions[] | null;
    if (process.platform === 'darwin') expect(JSON.stringify(template)).toContain('"role":"paste"');
    else expect(template).toBeNull();
  });

  it('clears the clipboard before quitting (Quit in the tray), then quits', async () => {
    value(await call('tokens:copy', { id: created.token!.id }));
    expect(double.clipboard.text).toBe(created.secret);
    const since = double.mark();
    double.clickTrayItem('Quit');
    const quitted = await double.waitFor('app.quitted', since);
    const cleared = double.calls.findIndex((c, i) => i >= since && c.api === 'clipboard.clear');
    expect(cleared, 'the clipboard was not cleared').toBeGreaterThanOrEqual(0);
    expect(cleared).toBeLessThan(double.calls.indexOf(quitted));
    expect(double.clipboard.text).toBe('');
    expect(double.app.exitCode).toBeUndefined();
  });
});
