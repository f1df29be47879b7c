/**
 * Every secret value this process has held, so the redactor removes it by value whatever it looks
 * like: patterns catch what looks like a token, but a short password or an application secret with
 * no telling key name around it looks like any word. The core registers a value the moment it gets
 * hold of one (account credentials added or read, token values created or read, a pasted leak, a
 * consumer key being requested); the vault registers what it decrypts.
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
let longestFirst: readonly string[] | null = [];

/** Registers a secret value (and its URL-encoded form, as it appears in query strings and URLs). */
export function rememberSecret(value: string | null | undefined): void {
  for (const form of forms(value)) {
    if (values.has(form)) continue;
    values.add(form);
    longestFirst = null;
  }
}

export function forgetSecret(value: string | null | undefined): void {
  for (const form of forms(value)) if (values.delete(form)) longestFirst = null;
}

/** The registered values, longest first, so a secret that contains another is replaced whole. */
export function knownSecrets(): readonly string[] {
  longestFirst ??= [...values].sort((a, b) => b.length - a.length);
  return longestFirst;
}

function forms(value: string | null | undefined): string[] {
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  if (trimmed.length < MIN_SECRET_LENGTH) return [];
  const encoded = encodeURIComponent(trimmed);
  return encoded === trimmed ? [trimmed] : [trimmed, encoded];
}
