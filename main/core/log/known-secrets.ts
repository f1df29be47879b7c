/**
 * Every secret value this process has held, so the redactor removes it by value whatever it looks
 * like: patterns catch what looks like a token, but a short password or an application secret with
 * no telling key name around it looks like any word. The core registers a value the moment it gets
 * hold of one (account credentials added or read, token values created or read, a pasted leak, a
 * consumer key being requested); anything that decrypts secrets (a vault) must register them too.
 *
 * Process-wide on purpose: a logger anywhere in the process must see every value. Values stay until
 * forgotten (they are the secrets this profile holds anyway, in memory in main only, never written).
 */

/**
 * Shorter values are not remembered: replacing every "abc" in a log would destroy it, and a secret
 * that short is no secret. Four characters is below any credential either provider issues.
 */
export const MIN_SECRET_LENGTH = 4;

const values = new Set<string>();
/** Values by their first MIN_SECRET_LENGTH characters, longest first; rebuilt after a change. */
let byPrefix: ReadonlyMap<string, readonly string[]> | null = new Map();

/** Registers a secret value (and its URL-encoded form, as it appears in query strings and URLs). */
export function rememberSecret(value: string | null | undefined): void {
  for (const form of forms(value)) {
    if (values.has(form)) continue;
    values.add(form);
    byPrefix = null;
  }
}

export function forgetSecret(value: string | null | undefined): void {
  for (const form of forms(value)) if (values.delete(form)) byPrefix = null;
}

/**
 * The text with every registered value replaced by `replacement`. One pass over the text with a
 * lookup by prefix at each position, so the cost does not grow with the number of secrets held
 * (10,000 LDP values after a large sync); a value that contains another is replaced whole.
 */
export function removeKnownSecrets(text: string, replacement: string): string {
  const index = prefixIndex();
  if (index.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
  let out = '';
  let copied = 0;
  for (let at = 0; at <= text.length - MIN_SECRET_LENGTH;) {
    const found = index.get(text.slice(at, at + MIN_SECRET_LENGTH))?.find((secret) => text.startsWith(secret, at));
    if (found === undefined) {
      at += 1;
      continue;
    }
    out += text.slice(copied, at) + replacement;
    at += found.length;
    copied = at;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function prefixIndex(): ReadonlyMap<string, readonly string[]> {
  if (byPrefix) return byPrefix;
  const index = new Map<string, string[]>();
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    const prefix = value.slice(0, MIN_SECRET_LENGTH);
    index.set(prefix, [...(index.get(prefix) ?? []), value]);
  }
  byPrefix = index;
  return index;
}

function forms(value: string | null | undefined): string[] {
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  if (trimmed.length < MIN_SECRET_LENGTH) return [];
  const encoded = encodeURIComponent(trimmed);
  return encoded === trimmed ? [trimmed] : [trimmed, encoded];
}
