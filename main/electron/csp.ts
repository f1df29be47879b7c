/**
 * The renderer's Content Security Policy, sent as a response header by the
 * app:// protocol (and by the harness) and repeated as a <meta> tag in index.html.
 *
 * In Electron the renderer does no network I/O at all (`connect-src 'none'`): main makes every
 * API call. The browser harness is the one place with `connect-src 'self'`, because its bridge
 * talks to the harness server over loopback HTTP instead of IPC.
 *
 * `npm run dev` (electron-vite's dev server, unpackaged only) is the one relaxed case, and only
 * for that server's origin: Vite injects component styles as <style> elements ('unsafe-inline'
 * styles) and live-reloads over a WebSocket to itself. electron.vite.config.ts puts that policy
 * in the served page's <meta> during `serve` only; builds keep the strict one below.
 */
export interface CspOptions {
  connectSelf?: boolean;
  /** The dev server's URL (npm run dev): allows its live-reload socket and injected styles. */
  devServer?: string;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServer ? new URL(options.devServer) : undefined;
  const connect = dev ? `'self' ${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}` : options.connectSelf ? "'self'" : "'none'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    dev ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policy as a <meta> tag can carry it: browsers ignore frame-ancestors there. */
export function metaPolicy(policy: string): string {
  return policy.replace("; frame-ancestors 'none'", '');
}

/** Replaces the policy of index.html's CSP <meta> tag; throws if the page has none. */
export function withMetaPolicy(html: string, policy: string): string {
  const meta = /(http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/;
  if (!meta.test(html)) throw new Error('index.html has no Content-Security-Policy <meta> tag');
  return html.replace(meta, `$1${metaPolicy(policy)}$2`);
}

/** Headers every renderer response carries, besides its content type. */
export function rendererSecurityHeaders(options: { connectSelf?: boolean } = {}): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(options),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}
