/**
 * The one rule for an address an admin typed: no trailing slash, so `https://h/` and `https://h`
 * are the same account and every path is appended to it the same way.
 */
export function trimBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}
