/**
 * Leak detection input. A LogScale API token is `<tokenId>~<secret>` (reference §8): the part
 * before `~` is the id that `tokens(...)` lists, so a pasted token names its token even when this
 * app did not create it. Pure functions; they never return or keep the secret part.
 *
 * Character set and lengths are inferred from two documented samples (ids of 24 and 32
 * alphanumerics, secrets of 44): unverified. The parser accepts a slightly wider alphabet
 * (`_` and `-` in the id, base64 characters in the secret) because a miss is worse than a false
 * candidate here: the id is only a candidate until it matches a listed token.
 */

const ID = '[A-Za-z0-9_-]{8,128}';
const SECRET = '[A-Za-z0-9_+/=-]{16,256}';
const EXACT = new RegExp(`^(${ID})~(${SECRET})$`);
const ANYWHERE = new RegExp(`(?<![A-Za-z0-9_~+/=-])(${ID})~(${SECRET})(?![A-Za-z0-9_~+/=-])`, 'g');

export interface LogScaleTokenMatch {
  /** The token id: not secret, listed by `tokens(...)`. */
  tokenId: string;
  /** Length of the secret part, for a "looks complete" hint; never the secret itself. */
  secretLength: number;
}

/**
 * Parses one pasted value. Whitespace, surrounding quotes, a `Bearer ` prefix and a whole
 * `Authorization: Bearer …` header line are tolerated. Returns null when it is not shaped like a
 * LogScale API token.
 */
export function parseLogScaleToken(pasted: string): LogScaleTokenMatch | null {
  let value = pasted.trim();
  value = value.replace(/^authorization\s*:\s*/i, '');
  value = value.replace(/^bearer\s+/i, '');
  value = value.replace(/^(["'`])(.*)\1$/s, '$2').trim();
  const match = EXACT.exec(value);
  if (!match) return null;
  return { tokenId: match[1] as string, secretLength: (match[2] as string).length };
}

/** The token id of a pasted LogScale token, or null. */
export function logScaleTokenId(pasted: string): string | null {
  return parseLogScaleToken(pasted)?.tokenId ?? null;
}

/** Every distinct LogScale-shaped token in a block of text (a chat log, a file), by token id. */
export function scanForLogScaleTokens(text: string): LogScaleTokenMatch[] {
  const seen = new Map<string, LogScaleTokenMatch>();
  for (const match of text.matchAll(ANYWHERE)) {
    const tokenId = match[1] as string;
    if (!seen.has(tokenId)) seen.set(tokenId, { tokenId, secretLength: (match[2] as string).length });
  }
  return [...seen.values()];
}

/** Replaces anything token-shaped in a text by `<id>~[redacted]`, for messages and logs. */
export function redactLogScaleTokens(text: string): string {
  return text.replace(ANYWHERE, (_all, id: string) => `${id}~[redacted]`);
}
