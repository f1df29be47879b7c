/**
 * The renderer's Content Security Policy (anchors.md §2.4), sent as a response header by the
 * app:// protocol (and by the harness) and repeated as a <meta> tag in index.html.
 *
 * In Electron the renderer does no network I/O at all (`connect-src 'none'`): main makes every
 * API call. The browser harness is the one place with `connect-src 'self'`, because its bridge
 * talks to the harness server over loopback HTTP instead of IPC.
 */
export function contentSecurityPolicy(options: { connectSelf?: boolean } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src ${options.connectSelf ? "'self'" : "'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
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
