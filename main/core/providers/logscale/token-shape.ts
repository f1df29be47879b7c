/**
 * The shape of a LogScale API token, `<id>~<secret>`, defined once: the client, the leak service,
 * the "what does this look like" heuristics and log redaction all use what this file exports.
 *
 * The part before `~` is the token id that `tokens(...)` lists: not secret, so a pasted token names
 * its token even when this app did not create it. The whole string is the secret. LogScale
 * documents no prefix and no length; its two documented samples are 32 and 24 alphanumerics, `~`,
 * 44 alphanumerics, and humio-operator takes the id by splitting on `~`. The shape accepted here is
 * wider (`_` and `-` in the id, base64 characters in the secret, lengths well beyond the samples)
 * because a miss is worse than a false candidate: redaction errs on the side of hiding, and an id is
 * only acted upon once it matches a token LogScale listed.
 */

import { TOKEN_KINDS } from './objects';

const ID = '[A-Za-z0-9_-]{8,128}';
const SECRET = '[A-Za-z0-9_+/=-]{16,}';
const EXACT = new RegExp(`^(${ID})~${SECRET}$`);

/**
 * A LogScale token anywhere in a text, not cut out of a longer run of id or secret characters.
 * Group 1 is the id. Global: for `replace` and `matchAll` only (`test`/`exec` would keep state).
 */
export const LOGSCALE_TOKEN_PATTERN = new RegExp(`(?<![A-Za-z0-9_-])(${ID})~${SECRET}(?![A-Za-z0-9_+/=-])`, 'g');

/** Whether a value is exactly a LogScale token (no whitespace, quotes or `Bearer` around it). */
export function isLogScaleToken(value: string): boolean {
  return EXACT.test(value);
}

/** The id part of a value that is exactly a LogScale token; null for anything else. */
export function logScaleTokenId(value: string): string | null {
  return EXACT.exec(value)?.[1] ?? null;
}

/** Replaces every token in a text by `<id>~[redacted]`, for provider messages: the id is not secret and says which token. */
export function redactLogScaleTokens(text: string): string {
  return text.replace(LOGSCALE_TOKEN_PATTERN, (_all, id: string) => `${id}~[redacted]`);
}

/**
 * The id of a token LogScale has just issued (create, rotate): what precedes the first `~`, as
 * humio-operator reads it, whatever its characters; '' when there is no `~`.
 */
export function issuedTokenId(token: string): string {
  const at = token.indexOf('~');
  return at > 0 ? token.slice(0, at) : '';
}

const API_KINDS: ReadonlySet<string> = new Set(TOKEN_KINDS);

/** Whether a token of this kind is a LogScale API token (`<id>~<secret>`); an ingest token is not (a UUID, its name is no id). */
export function isLogScaleApiKind(kind: string): boolean {
  return API_KINDS.has(kind);
}
