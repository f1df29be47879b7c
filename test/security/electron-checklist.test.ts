/**
 * Electron's security checklist (items 1-20 of electronjs.org's security tutorial), one test per
 * item, checked three ways where they apply:
 *  - the SOURCE of the shell (main/electron/*.ts, preload/*.ts);
 *  - the BUILT output (out/main/index.js, out/preload/index.cjs, out/renderer/index.html), which
 *    is what electron-builder packs (run `npm run build` first);
 *  - the shell's own functions run against the electron double (test/support/electron-double/),
 *    so what they DO is checked, not only what they say: window options, navigation and
 *    permission handlers, the app:// protocol's answers and headers; plus the headers the harness
 *    serves. test/shell starts the whole shell against the same double.
 * Fuses: electron-builder.yml's electronFuses. What cannot be checked here (the Electron binary is
 * absent) is listed in docs/SECURITY.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import type { IpcMain } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy } from '../../main/electron/csp';
import { createHandlers, type Handlers } from '../../main/ipc/handlers';
import { EXTERNAL_LINKS } from '../../main/core/links';
import { channels, EVENT_CHANNEL } from '../../preload/contract';
import { startHarness, type Harness } from '../harness/server';
import { createTestCore, type TestCore } from '../support/core';
import { createTestKeychain, type TestKeychain } from '../support/keychain';

const { double } = await vi.hoisted(async () => {
  const { createElectronDouble } = await import('../support/electron-double');
  return { double: createElectronDouble() };
});
vi.mock('electron', () => double.module);

const { createMainWindow } = await import('../../main/electron/window');
const { denyAllPermissions, denyNavigationAndPopups } = await import('../../main/electron/security');
const { registerAppScheme, serveRenderer } = await import('../../main/electron/protocol');
const { registerIpc } = await import('../../main/electron/ipc');
const { createElectronPlatform } = await import('../../main/electron/platform');

// ---- sources and build -----------------------------------------------------------------------------

const BUILT = { main: 'out/main/index.js', preload: 'out/preload/index.cjs', html: 'out/renderer/index.html' };
const read = (path: string): string => readFileSync(path, 'utf8');
/** The code without its comments (block comments and whole-line // comments), for "never says X" checks. */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
const shellSources = readdirSync('main/electron')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join('main/electron', f));
let built: { main: string; preload: string; html: string };
let source: string;

/** The `webPreferences` object literal of the one BrowserWindow, as written in `text`. */
function webPreferences(text: string): Record<string, string> {
  const block = /webPreferences:\s*\{([^}]*)\}/.exec(text)?.[1];
  if (!block) throw new Error('no webPreferences literal found');
  return Object.fromEntries(
    block
      .split(/,\s*\n|\n/)
      .map((line) => line.trim().replace(/,$/, ''))
      .filter((line) => line && !line.startsWith('//'))
      .map((line) => {
        const [key, ...rest] = line.split(':');
        return [key!.trim(), rest.join(':').trim()];
      }),
  );
}

const EXPECTED_PREFS = {
  preload: 'options.preloadPath',
  sandbox: 'true',
  contextIsolation: 'true',
  nodeIntegration: 'false',
  nodeIntegrationInSubFrames: 'false',
  webSecurity: 'true',
  allowRunningInsecureContent: 'false',
  experimentalFeatures: 'false',
  webviewTag: 'false',
  spellcheck: 'false',
  devTools: 'options.isDev',
};

describe('Electron security checklist', () => {
  let window: (typeof double.windows)[number];
  let contents: (typeof double.windows)[number]['contents'];

  beforeAll(() => {
    for (const file of Object.values(BUILT)) {
      if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does).`);
    }
    built = { main: code(read(BUILT.main)), preload: code(read(BUILT.preload)), html: read(BUILT.html) };
    source = code(shellSources.map(read).join('\n'));
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs', isDev: false });
    window = double.windows.at(-1)!;
    denyNavigationAndPopups();
    // A web contents created after the rules were installed, as every page of the app is.
    contents = double.createWebContents();
  });

  it('#1 secure content only: the window loads app://tokendesk only, the CSP allows no remote origin, the page references none', () => {
    expect(double.callsOf('BrowserWindow.loadURL').map((c) => c.args[0])).toEqual(['app://tokendesk/index.html']);
    // The dev server URL is honoured only when the app is not packaged.
    expect(read('main/electron/index.ts')).toMatch(/const devServerUrl = app\.isPackaged \? undefined : process\.env\['ELECTRON_RENDERER_URL'\];/);
    expect(built.main).toMatch(/loadURL\(options\.devServerUrl \?\? "app:\/\/tokendesk\/index\.html"\)/);
    expect(contentSecurityPolicy()).not.toMatch(/https?:|wss?:|\*|data:|blob:/);
    expect(built.html.replace(/<!--[\s\S]*?-->/g, '')).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    // The built-in provider endpoints are https.
    for (const url of built.main.match(/"ovh-(eu|ca|us)": "[^"]+"/g) ?? []) expect(url).toMatch(/"https:\/\//);
  });

  it('#2 no Node integration (main frame and sub-frames), in the source, the build and the window created', () => {
    for (const text of [read('main/electron/window.ts'), built.main])
      expect(webPreferences(text)).toMatchObject({ nodeIntegration: 'false', nodeIntegrationInSubFrames: 'false' });
    expect(built.main).not.toMatch(/nodeIntegration(InSubFrames|InWorker)?:\s*true/);
    expect(window.options['webPreferences']).toMatchObject({ nodeIntegration: false, nodeIntegrationInSubFrames: false });
  });

  it('#3 context isolation, and the preload goes through contextBridge only', () => {
    expect(window.options['webPreferences']).toMatchObject({ contextIsolation: true });
    expect(built.main).not.toMatch(/contextIsolation:\s*false/);
    expect(built.preload).toMatch(/contextBridge\.exposeInMainWorld\("tokendesk"/);
    expect(built.preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
  });

  it('#4 process sandbox: sandbox: true, never switched off, and a preload a sandbox can run (one bundle, requires only electron)', () => {
    expect(window.options['webPreferences']).toMatchObject({ sandbox: true });
    expect(built.main).not.toMatch(/sandbox:\s*false|no-sandbox|disable-sandbox/);
    const required = [...built.preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect([...new Set(required)]).toEqual(['electron']);
  });

  it('#5 every permission request and check is denied, on the session the window uses, before any window exists', () => {
    denyAllPermissions(double.module.session.defaultSession);
    const { permissionRequest, permissionCheck, devicePermission } = double.session;
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'clipboard-sanitized-write',
      'fullscreen',
      'hid',
      'serial',
      'usb',
    ] as const) {
      let granted: boolean | undefined;
      permissionRequest!(window.webContents, permission, (ok) => (granted = ok), {} as never);
      expect(granted, permission).toBe(false);
      expect(permissionCheck!(window.webContents, permission, 'app://tokendesk', {} as never), permission).toBe(false);
    }
    expect(devicePermission!({ deviceType: 'usb' } as never)).toBe(false);
    // Wired on the default session, first thing in start(), before the window; no other session exists.
    const start = /async function start\(\)[^{]*\{([\s\S]*?)\n\}/.exec(read('main/electron/index.ts'))![1]!;
    expect(start.trim().startsWith('denyAllPermissions(session.defaultSession);')).toBe(true);
    expect(built.main).not.toMatch(/fromPartition|partition:/);
  });

  it('#6 webSecurity stays on', () => {
    expect(window.options['webPreferences']).toMatchObject({ webSecurity: true });
    expect(built.main).not.toMatch(/webSecurity:\s*false|disable-web-security/);
  });

  it('#7 a strict CSP: the exact policy, as a header on every app:// answer (404 too), as a meta fallback, and on what the harness serves', async () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    serveRenderer(resolve('out/renderer'));
    const handle = double.protocolHandlers.get('app')!;
    const assets = [...built.html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
    for (const path of ['index.html', ...assets, 'missing.js', '../package.json', '%2e%2e/%2e%2e/etc/passwd']) {
      const response = await handle(new Request(`app://tokendesk/${path}`));
      expect(response.headers.get('content-security-policy'), path).toBe(contentSecurityPolicy());
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    expect((await handle(new Request('app://tokendesk/index.html'))).status).toBe(200);
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(built.html)?.[1];
    expect(meta).toBe(contentSecurityPolicy().replace("; frame-ancestors 'none'", ''));
    // No inline script or style for the policy to have to allow.
    expect(built.html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(built.html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('#8 no insecure content over https pages', () => {
    expect(window.options['webPreferences']).toMatchObject({ allowRunningInsecureContent: false });
    expect(built.main).not.toMatch(/allowRunningInsecureContent:\s*true|allow-running-insecure-content/);
  });

  it('#9 no experimental features', () => {
    expect(window.options['webPreferences']).toMatchObject({ experimentalFeatures: false });
    expect(built.main).not.toMatch(/experimentalFeatures:\s*true|enable-experimental-web-platform-features/);
  });

  it('#10 no enableBlinkFeatures', () => {
    expect(Object.keys(window.options['webPreferences'] as object)).not.toContain('enableBlinkFeatures');
    expect(`${source}\n${built.main}`).not.toMatch(/enableBlinkFeatures|enable-blink-features/);
  });

  it('#11 no <webview> (so no allowpopups): the tag is disabled and the page has none', () => {
    expect(window.options['webPreferences']).toMatchObject({ webviewTag: false });
    expect(built.html).not.toMatch(/<webview/i);
    expect(built.main).not.toMatch(/webviewTag:\s*true|allowpopups/);
  });

  it('#12 will-attach-webview is refused for every web contents', () => {
    expect(contents.attempt('will-attach-webview', 'https://evil.example')).toBe(true);
  });

  it('#13 navigation is refused (will-navigate and will-redirect), whatever the target', () => {
    for (const url of ['https://evil.example/', 'app://tokendesk/index.html', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(contents.attempt('will-navigate', url), url).toBe(true);
      expect(contents.attempt('will-redirect', url), url).toBe(true);
    }
  });

  it('#14 new windows are refused (allowlisted pages open through app:openLink instead)', () => {
    for (const url of ['https://evil.example/', ...Object.values(EXTERNAL_LINKS), 'app://tokendesk/index.html'])
      expect(contents.windowOpenHandler?.({ url } as never), url).toEqual({ action: 'deny' });
  });

  describe('#15 openExternal only with allowlisted or checked URLs', () => {
    let t: TestCore;
    let handlers: Handlers;
    let fakeApi: Server;
    let fakeOrigin: string;

    beforeAll(async () => {
      t = await createTestCore();
      handlers = createHandlers(t.core, t.platform);
      // An "OVHcloud API" whose consumer-key answer points the validation page somewhere else.
      fakeApi = createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-ovh-queryid': 'fake' });
        res.end(
          JSON.stringify({
            consumerKey: 'ck-fake-0123456789',
            state: 'pendingValidation',
            validationUrl: new URL(req.url ?? '/', 'http://x').searchParams.get('to') ?? 'https://evil.example/auth',
          }),
        );
      });
      await new Promise<void>((r) => fakeApi.listen(0, '127.0.0.1', r));
      fakeOrigin = `http://127.0.0.1:${(fakeApi.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await t?.cleanup();
      await new Promise((r) => fakeApi?.close(r));
    });

    it('shell.openExternal is reached from one place, and every caller passes an allowlisted or origin-checked URL', async () => {
      expect(built.main.match(/shell\.openExternal\(/g)).toHaveLength(1);
      expect(source.match(/shell\.openExternal\(/g)).toHaveLength(1);
      const callers = [...built.main.matchAll(/platform\.openExternal\(([^)]*)\)/g)].map((m) => m[1]);
      expect(callers.sort()).toEqual(['EXTERNAL_LINKS[link]', 'request.validationUrl']);
      for (const url of Object.values(EXTERNAL_LINKS)) expect(new URL(url).protocol).toBe('https:');
      const platform = createElectronPlatform({ showTray: () => {}, onNotificationClick: () => {}, window: () => undefined });
      await platform.openExternal(EXTERNAL_LINKS['ovh-create-app-eu']);
      expect(double.callsOf('shell.openExternal').map((c) => c.args[0])).toEqual([EXTERNAL_LINKS['ovh-create-app-eu']]);
    });

    it('app:openLink opens exactly the allowlisted page of a key, and refuses a URL', async () => {
      for (const [key, url] of Object.entries(EXTERNAL_LINKS)) {
        expect(await handlers['app:openLink']({ link: key })).toEqual({ ok: true, value: { opened: true } });
        expect(t.platform.recorded.opened.at(-1)).toBe(url);
      }
      const before = t.platform.recorded.opened.length;
      expect(await handlers['app:openLink']({ link: 'https://evil.example/' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(t.platform.recorded.opened).toHaveLength(before);
    });

    it.each(['https://evil.example/auth', 'javascript:alert(1)', 'file:///etc/passwd', 'not a url'])(
      'a validation page at %s (from the API answer) is not opened',
      async (to) => {
        const before = t.platform.recorded.opened.length;
        const result = await handlers['accounts:ovhRequestKey']({
          label: `Guided ${to}`,
          endpoint: 'custom',
          customBaseUrl: `${fakeOrigin}/1.0?to=${encodeURIComponent(to)}`,
          applicationKey: 'AK-fake',
          applicationSecret: 'AS-fake-secret',
        });
        expect(result).toMatchObject({ ok: false, error: { code: 'provider', message: expect.stringContaining('validation page outside') } });
        expect(t.platform.recorded.opened).toHaveLength(before);
      },
    );

    // Issue 13 #8: a custom endpoint is any server the caller names, so even a page on its own
    // origin is only returned for the window to show and copy; main never opens it.
    it("#8 a custom endpoint's validation page, even on its own origin, is returned and never opened", async () => {
      const before = t.platform.recorded.opened.length;
      const page = `${fakeOrigin}/auth/?credentialToken=attacker-chosen`;
      const result = await handlers['accounts:ovhRequestKey']({
        label: 'Guided custom',
        endpoint: 'custom',
        customBaseUrl: `${fakeOrigin}/1.0?to=${encodeURIComponent(page)}&path=`,
        applicationKey: 'AK-fake',
        applicationSecret: 'AS-fake-secret',
      });
      expect(result).toEqual({ ok: true, value: { pendingId: expect.any(String), validationUrl: page, opened: false } });
      expect(t.platform.recorded.opened).toHaveLength(before);
      if (result.ok) await handlers['accounts:ovhCancelKey']({ pendingId: result.value.pendingId });
    });

    it.each([
      ['ovh-eu', 'https://eu.api.ovh.com'],
      ['ovh-ca', 'https://ca.api.ovh.com'],
      ['ovh-us', 'https://api.us.ovhcloud.com'],
    ] as const)('#8 a built-in endpoint (%s): the validation page on %s is opened', async (endpoint, origin) => {
      // OVHcloud's real API is not reachable from tests: its answer to POST /auth/credential is played here.
      const sent: string[] = [];
      vi.stubGlobal('fetch', async (url: string | URL, init?: RequestInit) => {
        sent.push(`${init?.method ?? 'GET'} ${String(url)}`);
        const body = { consumerKey: 'ck-fake-0123456789', state: 'pendingValidation', validationUrl: `${origin}/auth/?credentialToken=abc123` };
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', 'x-ovh-queryid': 'played' } });
      });
      try {
        const result = await handlers['accounts:ovhRequestKey']({
          label: `Guided ${endpoint}`,
          endpoint,
          applicationKey: 'AK-fake',
          applicationSecret: 'AS-fake-secret',
        });
        expect(sent).toEqual([`POST ${origin}/1.0/auth/credential`]);
        expect(result).toEqual({ ok: true, value: { pendingId: expect.any(String), validationUrl: `${origin}/auth/?credentialToken=abc123`, opened: true } });
        expect(t.platform.recorded.opened.at(-1)).toBe(`${origin}/auth/?credentialToken=abc123`);
        if (result.ok) await handlers['accounts:ovhCancelKey']({ pendingId: result.value.pendingId });
      } finally {
        vi.unstubAllGlobals();
      }
    });

    it('#8 a built-in endpoint whose answer points elsewhere (another built-in origin included) is not opened', async () => {
      const before = t.platform.recorded.opened.length;
      for (const page of ['https://ca.api.ovh.com/auth/?credentialToken=abc', 'https://evil.example/auth']) {
        vi.stubGlobal(
          'fetch',
          async () =>
            new Response(JSON.stringify({ consumerKey: 'ck-fake-0123456789', state: 'pendingValidation', validationUrl: page }), {
              status: 200,
              headers: { 'content-type': 'application/json' },
            }),
        );
        try {
          const result = await handlers['accounts:ovhRequestKey']({
            label: `Guided ${page}`,
            endpoint: 'ovh-eu',
            applicationKey: 'AK-fake',
            applicationSecret: 'AS-fake-secret',
          });
          expect(result).toMatchObject({
            ok: false,
            error: { code: 'provider', message: expect.stringContaining('validation page outside https://eu.api.ovh.com') },
          });
        } finally {
          vi.unstubAllGlobals();
        }
      }
      expect(t.platform.recorded.opened).toHaveLength(before);
    });
  });

  it('#16 a current Electron: the exact pinned version is the one installed, and new enough for the APIs the shell uses', () => {
    const pinned = (JSON.parse(read('package.json')) as { devDependencies: Record<string, string> }).devDependencies['electron']!;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = (JSON.parse(read('node_modules/electron/package.json')) as { version: string }).version;
    expect(installed).toBe(pinned);
    // clipboard.write([new ClipboardItem(...)]) with OS markers (main/electron/platform.ts) needs Electron >= 44.
    expect(Number(pinned.split('.')[0])).toBeGreaterThanOrEqual(44);
  });

  it("#17 every IPC channel checks its sender: only our window's main frame on app://tokendesk gets an answer", async () => {
    const called: string[] = [];
    const handlers = Object.fromEntries(channels.map((c) => [c, async () => (called.push(c), { ok: true, value: null })])) as unknown as Handlers;
    registerIpc(double.module.ipcMain as Pick<IpcMain, 'handle'>, handlers, () => window.webContents);
    expect([...double.ipcMain.handlers.keys()].sort()).toEqual([...channels].sort());
    const ours = window.contents;
    const other = double.createWebContents();
    Object.assign(other.mainFrame, { url: 'app://tokendesk/index.html' });
    const foreign = double.createWebContents();
    Object.assign(foreign.mainFrame, { url: 'https://evil.example/' });
    const strangers = [
      { contents: ours, frame: double.frame('app://tokendesk/index.html') },
      { contents: other },
      { contents: ours, frame: null },
      { contents: foreign },
    ];
    for (const channel of channels) {
      for (const from of strangers) expect(await double.invoke(channel, {}, from)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
      expect(await double.invoke(channel, undefined, { contents: ours })).toEqual({ ok: true, value: null });
    }
    expect(called.sort()).toEqual([...channels].sort());
    // In the build: the check sits in front of the handler, and our code adds no other listener on
    // ipcMain (what the libraries add is checked on the running shell, in test/shell).
    expect(built.main).toMatch(
      /ipc\.handle\(channel, \(event, raw\) => \{[\s\S]{0,300}?if \(!isTrustedSender\([\s\S]{0,600}?return handlers\[channel\]\(raw\);/,
    );
    expect(built.main).not.toMatch(/ipcMain\.(on|once|handle|handleOnce)\(/);
    // One push to a renderer: forwardEvents, to our window only (`this.send` is the LogScale transport's HTTP).
    expect(built.main.match(/(?<!this)\.send\(/g) ?? []).toHaveLength(1);
    expect(built.main).toContain(`ourWindow()?.send(EVENT_CHANNEL, name, payload)`);
    expect(EVENT_CHANNEL).toBe('tokendesk:event');
  });

  it('#18 no file://: a custom app:// scheme, registered with the least privileges, serving only files of the renderer folder', async () => {
    registerAppScheme();
    expect(double.callsOf('protocol.registerSchemesAsPrivileged').map((c) => c.args[0])).toEqual([
      [{ scheme: 'app', privileges: { standard: true, secure: true } }],
    ]);
    expect(`${source}\n${built.main}`).not.toMatch(/file:\/\/|loadFile\(|bypassCSP|allowServiceWorkers|corsEnabled|supportFetchAPI/);
    serveRenderer(resolve('out/renderer'));
    const handle = double.protocolHandlers.get('app')!;
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/index.html%00.js',
      '/main/index.js',
    ]) {
      const response = await handle(new Request(`app://tokendesk${path}`));
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toBe('Not found');
    }
  });

  it('#19 fuses: electron-builder flips every fuse to the chosen value', () => {
    const yml = read('electron-builder.yml');
    const block = /^electronFuses:\n((?:[ \t]+.+\n)+)/m.exec(yml)?.[1] ?? '';
    const fuses = Object.fromEntries(
      block
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/:\s*/))
        .map(([k, v]) => [k, v === 'true']),
    );
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(yml).toMatch(/^asar: true$/m);
  });

  it("#20 no Electron API reaches the page: the built preload exposes only the contract's functions and `on`", async () => {
    const exposed = new Map<string, unknown>();
    const invoked: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: {
        invoke: async (channel: string) => (invoked.push(channel), { ok: true, value: null }),
        on: () => {},
        removeListener: () => {},
      },
    };
    const module = { exports: {} };
    runInNewContext(built.preload, { require: (name: string) => (name === 'electron' ? electron : undefined), module, exports: module.exports });
    expect([...exposed.keys()]).toEqual(['tokendesk']);
    const api = exposed.get('tokendesk') as Record<string, unknown>;
    expect(Object.isFrozen(api)).toBe(true);
    // Every leaf is a function; the only objects are the channel groups.
    const leaves: Array<[string, unknown]> = Object.entries(api).flatMap(([k, v]) =>
      typeof v === 'function' ? [[k, v] as [string, unknown]] : Object.entries(v as object).map(([m, f]) => [`${k}.${m}`, f] as [string, unknown]),
    );
    expect(leaves.every(([, f]) => typeof f === 'function')).toBe(true);
    expect(leaves.map(([k]) => k).sort()).toEqual(['on', ...channels.map((c) => c.replace(':', '.'))].sort());
    for (const [key, f] of leaves) if (key !== 'on') await (f as (input?: unknown) => Promise<unknown>)(undefined);
    expect(invoked.sort()).toEqual([...channels].sort());
    expect(built.preload).not.toMatch(
      /ipcRenderer\.(send|sendSync|sendTo|sendToHost|postMessage)\(|process\.env|webFrame|require\(["'](fs|child_process|path|os)["']\)/,
    );
  });

  it('also: devtools only in development, and the window content kept out of screenshots', () => {
    expect(window.options['webPreferences']).toMatchObject({ devTools: false });
    expect(window.contentProtection).toBe(true);
    for (const text of [read('main/electron/window.ts'), built.main]) expect(webPreferences(text)).toEqual(EXPECTED_PREFS);
    expect(read('main/electron/index.ts')).toMatch(/isDev: !app\.isPackaged/);
  });
});

describe("served headers: the harness serves the same policy (with connect-src 'self' for its bridge)", () => {
  let harness: Harness;
  let keychain: TestKeychain;
  beforeAll(async () => {
    keychain = createTestKeychain();
    harness = await startHarness({ keychain });
  });
  afterAll(async () => {
    await harness?.close();
    await keychain?.cleanup();
  });

  it('page, assets, 404s and API answers all carry the CSP and nosniff', async () => {
    const page = await fetch(harness.url);
    const html = await page.text();
    const asset = /src="\.\/(assets\/[^"]+)"/.exec(html)![1]!;
    const answers = [
      page,
      await fetch(`${harness.url}${asset}`),
      await fetch(`${harness.url}nope.js`),
      await fetch(`${harness.origin}/s/wrong-secret/`),
      await fetch(`${harness.url}api/app:info`, { method: 'POST', headers: { 'content-type': 'application/json', origin: harness.origin }, body: '{}' }),
    ];
    for (const response of answers) {
      expect(response.headers.get('content-security-policy'), response.url).toBe(contentSecurityPolicy({ connectSelf: true }));
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(contentSecurityPolicy({ connectSelf: true })).toBe(contentSecurityPolicy().replace("connect-src 'none'", "connect-src 'self'"));
    expect(html).toContain("connect-src 'self'");
  });
});

/**
 * The contract's HttpUrl (preload/contract.ts) once accepted http:// for any host, so a LogScale
 * admin token or an OVH signature could be sent in cleartext to a remote server (checklist #1).
 * It now allows http:// only for loopback hosts (127.0.0.0/8, ::1, localhost).
 */
describe('#1 (continued): cleartext http only to this machine', () => {
  it('refuses http:// for a remote host, accepts it for this machine', async () => {
    const t = await createTestCore();
    try {
      const handlers = createHandlers(t.core, t.platform);
      const remote = await handlers['accounts:add']({
        provider: 'logscale',
        label: 'Cleartext',
        baseUrl: 'http://logscale.example.com',
        token: 'AbCdEfGh~0123456789abcdefghij',
      });
      expect(remote).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      const local = await handlers['accounts:add']({
        provider: 'logscale',
        label: 'Local',
        baseUrl: 'http://127.0.0.1:8080',
        token: 'AbCdEfGh~0123456789abcdefghij',
      });
      expect(local.ok).toBe(true);
    } finally {
      await t.cleanup();
    }
  });
});
