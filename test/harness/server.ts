/**
 * The browser harness: the real core and the real handler table in Node, on 127.0.0.1, serving the
 * built renderer and a bridge with the same contract over HTTP (calls) and server-sent events.
 * Playwright drives it in Chromium; `npm run demo` starts it for a person.
 *
 * It guards its door the way the shell guards IPC: everything lives under /s/<random secret>/,
 * the Host header must be ours (no DNS rebinding), and calls must come from our own origin.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppError } from '../../main/core/errors';
import { resolveAppAsset } from '../../main/electron/app-asset';
import { createCore, type Core, type CoreOptions } from '../../main/core/core';
import { rendererSecurityHeaders } from '../../main/electron/csp';
import { createHandlers, dispatch } from '../../main/ipc/handlers';
import { createKeytarKeychain, type Keychain } from '../../main/core/vault/keychain';
import { STORE_FILE } from '../../main/core/store/metadata-store';
import { keepTrayCurrent } from '../../main/core/tray/tray-menu';
import { openTokenFromNotification, runTrayAction } from '../../main/core/tray/tray-actions';
import { consoleLogger } from '../../main/core/log/logger';
import { createRecordingPlatform, type RecordingPlatform } from './recording-platform';
import { standInRoute } from './stand-ins-route';

export interface HarnessOptions {
  /** Profile folder for the store; a fresh temp folder by default. */
  dataDir?: string;
  /** The keychain; keytar with service `tokendesk-harness` by default. */
  keychain?: Keychain;
  port?: number;
  rendererDir?: string;
  bridgeFile?: string;
  /** Tests only: wraps the vault (to make its writes fail like a full disk would). */
  wrapSecrets?: CoreOptions['wrapSecrets'];
  /**
   * The demo's stand-ins for what only a desktop has: the tray menu and notifications shown in the
   * page (marked as stand-ins), and a copy put on the page's own clipboard (and cleared the same
   * way). Off in tests unless a test asks: the copied value then passes through the page.
   */
  standIns?: boolean;
  /** The core's clock (tests that need main's time to stand still). */
  now?: () => number;
}

export interface Harness {
  /** The page to open: http://127.0.0.1:<port>/s/<secret>/ */
  url: string;
  origin: string;
  core: Core;
  platform: RecordingPlatform;
  dataDir: string;
  storePath: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const HEADERS = rendererSecurityHeaders({ connectSelf: true });
const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { ...HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};
const refuse = (res: ServerResponse, status: number, message: string): void =>
  json(res, status, { ok: false, error: new AppError('forbidden-sender', message).toPayload() });

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const rendererDir = resolve(options.rendererDir ?? 'out/renderer');
  const bridgeFile = resolve(options.bridgeFile ?? 'out/harness/bridge.js');
  // A profile folder the harness made is its own to remove; one passed in belongs to the caller.
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tokendesk-harness-'));
  const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
  const platform = createRecordingPlatform();
  const core = await createCore({
    profileDir: dataDir,
    keychain: options.keychain ?? createKeytarKeychain('tokendesk-harness'),
    platform,
    logger: consoleLogger(),
    version,
    runtime: 'harness',
    ...(options.wrapSecrets ? { wrapSecrets: options.wrapSecrets } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const handlers = createHandlers(core, platform);
  const standIns = options.standIns ?? false;
  const stopTray = await keepTrayCurrent(core, platform);
  // Like the app: what the CLI changes in the same profile shows in the page.
  const stopWatching = core.profile.watch();

  const secret = randomBytes(24).toString('base64url');
  const prefix = `/s/${secret}/`;
  const streams = new Set<ServerResponse>();
  const stopEvents = core.events.subscribe((name, payload) => {
    const frame = `data: ${JSON.stringify({ name, payload })}\n\n`;
    for (const stream of streams) stream.write(frame);
  });
  // The stand-ins hear what changed on the "desktop" (never a value: they ask for the clipboard's).
  const stopStandIns = standIns
    ? platform.watch((what) => {
        for (const stream of streams) stream.write(`event: harness\ndata: ${JSON.stringify({ what })}\n\n`);
      })
    : () => {};
  const shell = {
    showWindow: () => {},
    quit: () => core.notify({ title: 'Not in the demo', body: 'Quit closes the desktop app; the demo keeps running until you stop it in its terminal.' }),
  };

  let origin = '';
  const server = createServer((req, res) => {
    void route(req, res).catch(() => json(res, 500, { ok: false, error: { code: 'internal', message: 'Harness error' } }));
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (`http://${host}` !== origin) return refuse(res, 421, 'Unknown host.');
    const url = new URL(req.url ?? '/', origin);
    if (!hasPrefix(url.pathname, prefix)) return refuse(res, 404, 'Not found.');
    const rest = url.pathname.slice(prefix.length - 1); // keeps the leading '/'

    if (rest.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(res, 405, 'Calls are POST requests.');
      if (req.headers.origin !== origin) return refuse(res, 403, 'This request did not come from the Tokendesk page and was refused.');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(res, 415, 'Calls are JSON.');
      const body = await readBody(req);
      if (body === null) return json(res, 413, { ok: false, error: new AppError('invalid-input', 'The request is too large.').toPayload() });
      let input: unknown;
      try {
        input = (JSON.parse(body) as { input?: unknown }).input;
      } catch {
        return json(res, 400, { ok: false, error: new AppError('invalid-input', 'The request was not valid JSON.').toPayload() });
      }
      return json(res, 200, await dispatch(handlers, decodeURIComponent(rest.slice('/api/'.length)), input));
    }
    if (rest === '/events') {
      res.writeHead(200, { ...HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (rest === '/__bridge.js') return sendFile(res, bridgeFile, 'text/javascript; charset=utf-8');
    if (standIns && rest === '/__stand-ins.css') return sendFile(res, resolve('test/harness/stand-ins.css'), 'text/css; charset=utf-8');
    if (standIns && rest.startsWith('/__harness/')) {
      // Like the API: POST from our own page only (one of these answers with the clipboard's text).
      if (req.method !== 'POST') return refuse(res, 405, 'Calls are POST requests.');
      if (req.headers.origin !== origin) return refuse(res, 403, 'This request did not come from the Tokendesk page and was refused.');
      const body = await readBody(req);
      const answer = await standInRoute(rest.slice('/__harness/'.length), body ?? '', {
        platform,
        tray: (action) => runTrayAction(core, shell, action),
        notificationClicked: (tokenId) => openTokenFromNotification(core, shell, tokenId),
      });
      return json(res, answer.status, answer.body);
    }
    if (rest === '/' || rest === '/index.html') {
      const html = await readFile(join(rendererDir, 'index.html'), 'utf8');
      res.writeHead(200, { ...HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(harnessPage(html, standIns));
    }
    const asset = resolveAppAsset(rendererDir, rest);
    if (!asset) return refuse(res, 404, 'Not found.');
    return sendFile(res, asset.file, asset.mime);
  }

  // Node closes an idle keep-alive socket after 5 s; Chromium may send the next call on it just as
  // it closes, and a POST is not sent again. Idle sockets stay open longer than Chromium keeps them.
  server.keepAliveTimeout = 5 * 60_000;
  server.headersTimeout = 5 * 60_000 + 1_000;
  await new Promise<void>((ready) => server.listen(options.port ?? 0, '127.0.0.1', ready));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}${prefix}`,
    origin,
    core,
    platform,
    dataDir,
    storePath: join(dataDir, STORE_FILE),
    async close() {
      stopEvents();
      stopStandIns();
      stopTray();
      stopWatching();
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await core.shutdown();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The built index.html with the harness CSP (connect-src 'self') and the bridge before the app (and the demo's stand-ins). */
function harnessPage(html: string, standIns: boolean): string {
  const bridge = standIns
    ? '<link rel="stylesheet" href="./__stand-ins.css" />\n    <script src="./__bridge.js" data-stand-ins></script>'
    : '<script src="./__bridge.js"></script>';
  return html.replace(/connect-src 'none'/, "connect-src 'self'").replace('<script type="module"', `${bridge}\n    <script type="module"`);
}

function hasPrefix(pathname: string, prefix: string): boolean {
  const head = Buffer.from(pathname.slice(0, prefix.length));
  const want = Buffer.from(prefix);
  return head.length === want.length && timingSafeEqual(head, want);
}

async function sendFile(res: ServerResponse, file: string, mime: string): Promise<void> {
  const body = await readFile(file).catch(() => null);
  if (!body) return refuse(res, 404, 'Not found.');
  res.writeHead(200, { ...HEADERS, 'content-type': mime });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        req.destroy();
        done(null);
      } else chunks.push(chunk);
    });
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}
