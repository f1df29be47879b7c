/**
 * Pulls the candidate secret out of whatever an admin pastes after a leak: the bare token, a quoted
 * one, `Bearer …`, `Authorization: Basic <base64 of token:value>`, `curl -u token:…`, a URL with
 * credentials, or a longer line (a log line, a chat message) that contains one.
 * Pure: no I/O, and the candidates are never logged.
 */
export type CandidateForm = 'bare' | 'bearer' | 'basic' | 'user-password' | 'in-text';

export interface Candidate {
  value: string;
  form: CandidateForm;
}

const QUOTES = /^['"`‘’“”]+|['"`‘’“”,;]+$/g;
const TOKENISH = /^[A-Za-z0-9._~+/=-]{16,4096}$/;
/** The user part LDP Basic auth uses; the other half is the token value (both orders work). */
const LDP_USER = 'token';

export function extractCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  const add = (value: string, form: CandidateForm): void => {
    const clean = value.trim().replace(QUOTES, '');
    if (clean && !found.some((c) => c.value === clean)) found.push({ value: clean, form });
  };
  const trimmed = text.trim().replace(QUOTES, '');

  for (const match of trimmed.matchAll(/\bBearer\s+([^\s'"`]+)/gi)) add(match[1]!, 'bearer');
  for (const match of trimmed.matchAll(/\bBasic\s+([A-Za-z0-9+/=_-]{4,})/gi)) {
    const pair = decodeBase64(match[1]!);
    if (pair) splitUserPassword(pair).forEach((v) => add(v, 'basic'));
  }
  for (const match of trimmed.matchAll(/(?:^|\s)(?:-u|--user)(?:\s+|=)(['"]?)([^\s'"]+)\1/g)) splitUserPassword(match[2]!).forEach((v) => add(v, 'user-password'));
  for (const match of trimmed.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/([^\s/:@]+):([^\s/@]+)@/gi)) splitUserPassword(`${match[1]}:${match[2]}`).forEach((v) => add(v, 'user-password'));

  if (found.length === 0 && !/\s/.test(trimmed) && trimmed.length > 0) add(trimmed, 'bare');
  if (found.length === 0) {
    for (const word of trimmed.split(/[\s'"`,;=()<>[\]{}]+/)) if (TOKENISH.test(word)) add(word, 'in-text');
  }
  return found;
}

/** `token:VALUE` or `VALUE:token` gives VALUE; any other `user:password` gives the password. */
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
