/**
 * Where Tokendesk may send a credential: over https to anywhere, over plain http only to this
 * machine (a local LogScale, the emulators). Never a credential in cleartext on a network.
 *
 * "This machine" is decided on the address as the WHATWG URL parser leaves it (it already turns
 * `2130706433`, `0x7f.1` and `[0:0::1]` into `127.0.0.1` and `[::1]`):
 *  - `localhost`;
 *  - IPv4 127.0.0.0/8;
 *  - IPv6 `[::1]`, and IPv4-mapped IPv6 of 127.0.0.0/8 (`[::ffff:127.0.0.1]`, serialised by the
 *    parser as `[::ffff:7f00:1]`), which the kernel delivers to the IPv4 loopback.
 * Anything else (other private ranges, NAT64 `64:ff9b::7f00:1`, the deprecated IPv4-compatible
 * `::7f00:1`, names other than localhost) is not this machine: a name can resolve anywhere.
 */

/** True for a URL hostname (as `new URL(…).hostname` gives it) that is this machine. */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  // ::ffff:a.b.c.d is serialised as ::ffff:XXYY:ZZWW; loopback when XX is 7f.
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}

/** The rule itself: https, or http to a loopback address. Unparseable URLs and other schemes are refused. */
export function isHttpsOrLoopbackHttp(url: string | URL): boolean {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && isLoopbackHostname(parsed.hostname);
}
