/**
 * Finds candidate token strings in raw bytes, fast: one pass over a Buffer with a byte table,
 * cutting runs of token characters (the leak parser's alphabet, parse.ts) and handing each run
 * that holds a letter and a digit and is long enough to the leak parser's `runCandidates`. Text is
 * never decoded as a whole (a token is ASCII): only the runs that may be tokens become strings.
 *
 * This is the hot loop of a scan (hundreds of megabytes of node_modules): plain indexed reads of a
 * Uint8Array and integer flags, no regular expression and no allocation per byte.
 */
import { basicCandidates, MAX_TOKEN_LENGTH, MIN_TOKEN_LENGTH, runCandidates, TOKEN_PUNCTUATION } from '../leak/parse';

const LETTER = 1;
const DIGIT = 2;
const PUNCT = 4;
const NEWLINE = 8;

const TABLE = new Uint8Array(256);
for (let c = 0x41; c <= 0x5a; c++) TABLE[c] = LETTER;
for (let c = 0x61; c <= 0x7a; c++) TABLE[c] = LETTER;
for (let c = 0x30; c <= 0x39; c++) TABLE[c] = DIGIT;
for (const c of TOKEN_PUNCTUATION) TABLE[c.charCodeAt(0)] = PUNCT;
TABLE[0x0a] = NEWLINE;

/** `Basic ` (any case) just before `at`: the run is base64 of `user:password`. */
function afterBasic(bytes: Uint8Array, at: number): boolean {
  if (at < 6 || bytes[at - 1] !== 0x20) return false;
  const word = String.fromCharCode(bytes[at - 6]!, bytes[at - 5]!, bytes[at - 4]!, bytes[at - 3]!, bytes[at - 2]!);
  return word.toLowerCase() === 'basic';
}

/** The candidates in one run of token characters, `buffer[start, end)` (at least MIN_TOKEN_LENGTH long). */
function emitRun(buffer: Buffer, start: number, end: number, flags: number, line: number, emit: (candidate: string, line: number) => void): void {
  const size = end - start;
  if (size <= MAX_TOKEN_LENGTH && (flags & (LETTER | DIGIT)) === (LETTER | DIGIT)) {
    const run = buffer.toString('latin1', start, end);
    for (const candidate of runCandidates(run)) emit(candidate, line);
    if (afterBasic(buffer, start)) for (const candidate of basicCandidates(run)) emit(candidate, line);
  } else if (size > MAX_TOKEN_LENGTH && (flags & PUNCT) !== 0) {
    // A very long run (minified code, a data URL): only its parts can be tokens.
    for (const part of buffer.toString('latin1', start, end).split(/[./=]/))
      if (part.length >= MIN_TOKEN_LENGTH && part.length <= MAX_TOKEN_LENGTH) for (const c of runCandidates(part)) emit(c, line);
  }
}

/**
 * Calls `emit(candidate, line)` for every candidate in `bytes[0, length)`; `firstLine` is the line
 * number of the first byte (1 for a file; a diff's hunk line for one added line).
 *
 * The loop's state (start, flags, line) lives in plain locals: a closure that wrote them (as an
 * inner `end()` did) keeps them in a heap context, which made this loop several times slower.
 */
export function scanBytes(bytes: Uint8Array, length: number, firstLine: number, emit: (candidate: string, line: number) => void): void {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = -1;
  let flags = 0;
  let line = firstLine;
  for (let i = 0; i < length; i++) {
    const kind = TABLE[buffer[i]!]!;
    if (kind !== 0 && kind !== NEWLINE) {
      if (start < 0) {
        start = i;
        flags = kind;
      } else flags |= kind;
      continue;
    }
    if (start >= 0) {
      // Most long runs are words and paths without a digit: never a token, so no call for them.
      if (i - start >= MIN_TOKEN_LENGTH && (flags & DIGIT) !== 0) emitRun(buffer, start, i, flags, line, emit);
      start = -1;
    }
    if (kind === NEWLINE) line++;
  }
  if (start >= 0 && length - start >= MIN_TOKEN_LENGTH && (flags & DIGIT) !== 0) emitRun(buffer, start, length, flags, line, emit);
}

/** Bytes looked at to tell UTF-16 without a byte-order mark from other text. */
const UTF16_SNIFF_BYTES = 1024;

/** 'le' or 'be' when the first bytes look like mostly-ASCII UTF-16 (a zero byte every other byte, none between). */
function zeroPattern(bytes: Uint8Array, length: number): 'le' | 'be' | null {
  const end = Math.min(length, UTF16_SNIFF_BYTES) & ~1;
  // Most files: no zero in the first two bytes, so not mostly-ASCII UTF-16 (one compare, no loop).
  if (end < 8 || (bytes[0] !== 0 && bytes[1] !== 0)) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < end; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = end / 2;
  if (evenZeros === 0 && oddZeros >= pairs * 0.9) return 'le';
  if (oddZeros === 0 && evenZeros >= pairs * 0.9) return 'be';
  return null;
}

/**
 * UTF-16 text as UTF-8, or null for anything else: PowerShell 5.1's `>` and `Out-File` write UTF-16LE
 * with a byte-order mark, and its zero bytes would otherwise make the file look binary. Recognised
 * by its byte-order mark, or without one by the zero byte every other byte that ASCII text has in
 * UTF-16. Newlines stay newlines, so the line numbers scanBytes counts are those of the file.
 */
export function utf16AsUtf8(bytes: Buffer, length: number): Buffer | null {
  let order: 'le' | 'be' | null;
  let start = 0;
  if (length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) [order, start] = ['le', 2];
  else if (length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) [order, start] = ['be', 2];
  else order = zeroPattern(bytes, length);
  if (!order) return null;
  const units = bytes.subarray(start, start + ((length - start) & ~1));
  const little = order === 'le' ? units : Buffer.from(units).swap16();
  return Buffer.from(little.toString('utf16le'), 'utf8');
}
