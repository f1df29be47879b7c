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
const TOKENISH = /^[A-Za-z0-9._~+/=-]{16,4096}$/;
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
