/**
 * The one rule for an address an admin typed: no trailing slash, so `https://h/` and `https://h`
 * are the same account and every path is appended to it the same way.
 */
export function trimBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Which server an address names, for "is this the same server?": scheme, host and port as the URL
 * parser canonicalises them (case, default port), and the path without its trailing slash (a
 * LogScale behind a path prefix: two prefixes on one host are two servers). The trimmed text when
 * it is no URL.
 */
export function serverOf(url: string): string {
  try {
    const { origin, pathname } = new URL(url);
    return origin === 'null' ? trimBaseUrl(url) : `${origin}${pathname.replace(/\/+$/, '')}`;
  } catch {
    return trimBaseUrl(url);
  }
}
