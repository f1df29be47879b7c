/**
 * Serves the built renderer from app://tokendesk/ (checklist #18: no file://), with the strict CSP
 * and security headers on every response.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { resolveAppAsset } from './app-asset';
import { rendererSecurityHeaders } from './csp';
import { APP_SCHEME } from './ipc-sender';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  const headers = rendererSecurityHeaders();
  protocol.handle(APP_SCHEME, async (request) => {
    const asset = resolveAppAsset(rendererDir, new URL(request.url).pathname);
    if (!asset) return new Response('Not found', { status: 404, headers });
    const body = await readFile(asset.file).catch(() => null);
    if (!body) return new Response('Not found', { status: 404, headers });
    return new Response(body, { headers: { ...headers, 'content-type': asset.mime } });
  });
}
