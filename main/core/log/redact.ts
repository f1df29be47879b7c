/**
 * Removes secrets from anything about to be logged, two ways:
 *  - by value: every secret the process holds (known-secrets.ts), whatever it looks like;
 *  - by shape: token-shaped strings, credentials in URLs and headers, values under secret-looking
 *    keys, for secrets the process never held (a token in a provider's error text).
 * It errs on the side of redacting: a log line that lost a harmless long id is better than one
 * that kept a secret. Objects are walked to any depth; a cycle is written as `[circular]`.
 */
import { MIN_SECRET_LENGTH, removeKnownSecrets } from './known-secrets';

/** Authorization headers, whatever follows the scheme: before any platform's pattern cuts the value in two. */
const HEADERS: ReadonlyArray<readonly [RegExp, string]> = [[/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]']];

/**
 * The platforms' own value shapes (LogScale's `<id>~<secret>`), registered by providers/registry.ts
 * when it loads: the logger sits below the providers, which log through it, so it cannot import them.
 */
const PLATFORM_PATTERNS: Array<readonly [RegExp, string]> = [];

export function registerRedactions(patterns: ReadonlyArray<readonly [RegExp, string]>): void {
  for (const entry of patterns) if (!PLATFORM_PATTERNS.some(([known]) => known.source === entry[0].source)) PLATFORM_PATTERNS.push(entry);
}

const GENERIC: ReadonlyArray<readonly [RegExp, string]> = [
  // JWTs (OVHcloud IAM personal access tokens, OAuth2 access tokens)
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, '[redacted-jwt]'],
  // user:password pairs in URLs and curl -u
  [/(:\/\/|-u\s+|--user[=\s]+)([^\s:@/]+):([^\s@]+)/g, '$1$2:[redacted]'],
  // key=value / "key": "value" for secret-looking keys
  [/((?:secret|token|password|consumerKey|applicationSecret|clientSecret|value)["']?\s*[:=]\s*["']?)([^"'\s,}]{6,})/gi, '$1[redacted]'],
  // Any long run of token characters (LDP tokens are ~51 lowercase alphanumerics)
  [/\b[A-Za-z0-9_-]{32,}\b/g, '[redacted]'],
];

/** Keys whose string value is dropped whole, whatever it looks like. */
const SECRET_KEY = /secret|token|password|passphrase|value|consumerKey|credential|authorization/i;

/** `known` adds values to the process's registry for this call (tests, one-off callers). */
export function redactSecrets(text: string, known: Iterable<string> = []): string {
  let out = removeKnownSecrets(removeValues(text, known), '[redacted]');
  for (const list of [HEADERS, PLATFORM_PATTERNS, GENERIC]) for (const [pattern, replacement] of list) out = out.replace(pattern, replacement);
  return out;
}

function removeValues(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) out = out.split(secret).join('[redacted]');
  return out;
}

/**
 * A copy of a value about to be logged with every string redacted, at any depth. Errors become one
 * string (name, message, stack, then their cause and inner errors); binary data is not logged.
 */
export function redactValue(value: unknown): unknown {
  try {
    return walk(value, new Set());
  } catch (error) {
    // Nested deeper than the stack allows: nothing of it is logged rather than something unredacted.
    if (error instanceof RangeError) return '[not logged: nested too deeply]';
    throw error;
  }
}

/** `path` holds the objects being walked above this one: meeting one again is a cycle. */
function walk(value: unknown, path: Set<object>): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (typeof value === 'bigint') return `${value}n`; // JSON.stringify would throw on it
  if (typeof value === 'function') return '[function]';
  if (value === null || typeof value !== 'object') return value;
  if (path.has(value)) return '[circular]';
  path.add(value);
  try {
    if (value instanceof Error) return describeError(value, path);
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes, not logged]`;
    if (Array.isArray(value)) return value.map((item) => walk(item, path));
    if (value instanceof Map) return [...value].map(([k, v]) => [walk(k, path), walk(v, path)]);
    if (value instanceof Set) return [...value].map((item) => walk(item, path));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && typeof v === 'string' ? '[redacted]' : walk(v, path)]));
  } finally {
    path.delete(value);
  }
}

function describeError(error: Error, path: Set<object>): string {
  const stack = error.stack ? `\n${error.stack.split('\n').slice(1).join('\n')}` : '';
  let text = redactSecrets(`${error.name}: ${error.message}${stack}`);
  const inner = error instanceof AggregateError && Array.isArray(error.errors) ? error.errors : [];
  for (const item of inner) text += `\n  inner: ${asText(walk(item, path))}`;
  if (error.cause !== undefined) text += `\n  cause: ${asText(walk(error.cause, path))}`;
  return text;
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** An electron-log hook: every message's data is redacted before any transport sees it. */
export function redactionHook<M extends { data: unknown[] }>(message: M): M {
  return { ...message, data: message.data.map((d) => redactValue(d)) };
}
