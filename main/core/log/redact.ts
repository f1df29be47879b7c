/**
 * Removes token-shaped strings from anything about to be logged (anchors.md §4.3 step 7). It errs
 * on the side of redacting: a log line that lost a harmless long id is better than one that kept
 * a secret. Values the app knows are secret can be added exactly (`known`).
 */
import { LOGSCALE_TOKEN_PATTERN } from '../providers/logscale/token-shape';

const PATTERNS: Array<[RegExp, string]> = [
  // Authorization headers, whatever follows the scheme.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  // LogScale API tokens: <id>~<secret>
  [LOGSCALE_TOKEN_PATTERN, '[redacted-logscale-token]'],
  // JWTs (OVHcloud IAM personal access tokens, OAuth2 access tokens)
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, '[redacted-jwt]'],
  // user:password pairs in URLs and curl -u
  [/(:\/\/|-u\s+|--user[=\s]+)([^\s:@/]+):([^\s@]+)/g, '$1$2:[redacted]'],
  // key=value / "key": "value" for secret-looking keys
  [/((?:secret|token|password|consumerKey|applicationSecret|clientSecret|value)["']?\s*[:=]\s*["']?)([^"'\s,}]{6,})/gi, '$1[redacted]'],
  // Any long run of token characters (LDP tokens are ~51 lowercase alphanumerics)
  [/\b[A-Za-z0-9_-]{32,}\b/g, '[redacted]'],
];

export function redactSecrets(text: string, known: Iterable<string> = []): string {
  let out = text;
  for (const secret of known) if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Redacts every string inside a value about to be logged (errors keep name, message and stack, redacted). */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value instanceof Error) return redactSecrets(`${value.name}: ${value.message}${value.stack ? `\n${value.stack.split('\n').slice(1).join('\n')}` : ''}`);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, /secret|token|password|value|consumerKey/i.test(k) && typeof v === 'string' ? '[redacted]' : redactValue(v, depth + 1)]));
}

/** An electron-log hook: every message's data is redacted before any transport sees it. */
export function redactionHook<M extends { data: unknown[] }>(message: M): M {
  return { ...message, data: message.data.map((d) => redactValue(d)) };
}
