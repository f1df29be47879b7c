/**
 * Pulls the candidate secret out of whatever an admin pastes after a leak: the bare token, a quoted
 * one, `Bearer …`, `Authorization: Basic <base64 of token:value>`, `curl -u token:…`, a URL with
 * credentials, or a longer line (a log line, a chat message) that contains one. OVHcloud IAM
 * personal access tokens come as `Bearer <jwt>` or as the password of a `pat_jwt_<anything>` Basic
 * username (encoded, in `curl -u`, in a URL, or written unencoded as one LDP guide does); such a
 * candidate carries `patUser: true` so an unknown one can be described as a PAT.
 * Pure: no I/O, and the candidates are never logged.
 */
export type CandidateForm = 'bare' | 'bearer' | 'basic' | 'user-password' | 'in-text';

export interface Candidate {
  value: string;
  form: CandidateForm;
  /** It was the password of a `pat_jwt_…` username: the OVHcloud IAM hybrid Basic auth. */
  patUser?: true;
}

const QUOTES = /^['"`‘’“”]+|['"`‘’“”,;]+$/g;

/**
 * What a token can be made of, defined once for pasted text and for scanned files: letters,
 * digits and `._~+/=-` (LDP values, LogScale `<id>~<secret>`, JWTs, UUIDs, base64), 16 to 4,096 of them.
 */
export const TOKEN_PUNCTUATION = '._~+/=-';
export const MIN_TOKEN_LENGTH = 16;
export const MAX_TOKEN_LENGTH = 4096;
const TOKENISH = new RegExp(`^[A-Za-z0-9${TOKEN_PUNCTUATION.replace(/[-/]/g, '\\$&')}]{${MIN_TOKEN_LENGTH},${MAX_TOKEN_LENGTH}}$`);
/** The user part LDP Basic auth uses; the other half is the token value (both orders work). */
const LDP_USER = 'token';
/** The username prefix of OVHcloud IAM's hybrid Basic auth; the password is the personal access token. */
const PAT_USER_PREFIX = 'pat_jwt_';

export function extractCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  const add = (value: string, form: CandidateForm, patUser = false): void => {
    const clean = value.trim().replace(QUOTES, '');
    if (clean && !found.some((c) => c.value === clean)) found.push({ value: clean, form, ...(patUser ? { patUser: true as const } : {}) });
  };
  const addPair = (pair: string, form: CandidateForm): void => {
    const patUser = pair.startsWith(PAT_USER_PREFIX);
    splitUserPassword(pair).forEach((v) => add(v, form, patUser));
  };
  const trimmed = text.trim().replace(QUOTES, '');

  for (const match of trimmed.matchAll(/\bBearer\s+([^\s'"`]+)/gi)) add(match[1]!, 'bearer');
  // `Basic pat_jwt_<v>:<token>` written unencoded (DOC-OSIN prints the header that way).
  for (const match of trimmed.matchAll(/\bBasic\s+(pat_jwt_[^\s:'"`]*:[^\s'"`]+)/g)) addPair(match[1]!, 'basic');
  for (const match of trimmed.matchAll(/\bBasic\s+([A-Za-z0-9+/=_-]{4,})/gi)) {
    const pair = decodeBase64(match[1]!);
    if (pair) addPair(pair, 'basic');
  }
  for (const match of trimmed.matchAll(/(?:^|\s)(?:-u|--user)(?:\s+|=)(['"]?)([^\s'"]+)\1/g)) addPair(match[2]!, 'user-password');
  for (const match of trimmed.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/([^\s/:@]+):([^\s/@]+)@/gi)) addPair(`${match[1]}:${match[2]}`, 'user-password');

  // `LDP_TOKEN=…`, `token: …`, `"value":"…"` in an env file, a YAML file or a log line.
  if (found.length === 0) {
    for (const match of trimmed.matchAll(/(?:^|[\s,;&?{])["']?[A-Za-z_][\w.-]{0,60}["']?\s*[=:]\s*["']?([A-Za-z0-9._~+/=-]{16,4096})/g)) {
      if (!/^\/\//.test(match[1]!)) add(match[1]!, 'in-text');
    }
  }
  if (found.length === 0 && !/\s/.test(trimmed) && trimmed.length > 0) add(trimmed, 'bare');
  if (found.length === 0) {
    for (const word of trimmed.split(/[\s'"`,;=()<>[\]{}]+/)) if (TOKENISH.test(word)) add(word, 'in-text');
  }
  return found;
}

/**
 * The candidates in one run of token characters found in a file (the scanner cuts runs at every
 * other character, so quotes, `:`, `@`, spaces and brackets already separate them): the run, and
 * when it holds `.`, `/` or `=` (a path, a URL, `KEY=value`, a JWT), its parts between those too.
 * Only strings with a letter and a digit are kept: every token format Tokendesk knows has both
 * (a UUID's version digit, random values), while the words and paths of source files mostly do not.
 */
export function runCandidates(run: string): string[] {
  const keep = (s: string): boolean => s.length >= MIN_TOKEN_LENGTH && s.length <= MAX_TOKEN_LENGTH && /[0-9]/.test(s) && /[A-Za-z]/.test(s);
  const out: string[] = [];
  const add = (s: string): void => void (keep(s) && !out.includes(s) && out.push(s));
  add(run);
  // A sentence's full stop, a path's slash, a flag's dashes around the token (padding `=` stays).
  const trimmed = run.replace(/^[._~+/=-]+|[._~+/-]+$/g, '');
  add(trimmed);
  if (/[./=]/.test(trimmed)) for (const part of trimmed.split(/[./]|=(?!=*$)/)) add(part);
  return out;
}

/** The candidates in the base64 after `Basic ` (the password of `token:VALUE`, `VALUE:token`, `pat_jwt_…:PAT`). */
export function basicCandidates(encoded: string): string[] {
  const pair = decodeBase64(encoded);
  return pair ? splitUserPassword(pair).filter((v) => TOKENISH.test(v)) : [];
}

/** `token:VALUE` or `VALUE:token` gives VALUE; any other `user:password` (`pat_jwt_…:<PAT>` included) gives the password. */
function splitUserPassword(pair: string): string[] {
  const at = pair.indexOf(':');
  if (at < 0) return [pair];
  const user = pair.slice(0, at);
  const password = pair.slice(at + 1);
  if (user === LDP_USER) return [password];
  if (password === LDP_USER) return [user];
  return [password];
}

function decodeBase64(text: string): string | null {
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return /^[\x20-\x7e]+$/.test(decoded) && decoded.includes(':') ? decoded : null;
}
