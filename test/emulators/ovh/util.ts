/** Small helpers of the OVHcloud emulator: ids, dates, bodies, answers, a seedable PRNG. */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Deterministic 0 <= x < 1 sequence, so fault rates are reproducible. */
export { prng } from '../../support/prng';

export const uuid = (): string => randomUUID();

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM_MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function randomText(length: number, random: () => number, alphabet = ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}
/** 51 lowercase alphanumerics, like the reference's example token value. */
export const tokenValue = (random: () => number): string => randomText(51, random);
export const consumerKeyText = (random: () => number): string => randomText(32, random, ALNUM_MIXED);

/** `2016-12-01T12:30:26.566986+00:00`, the API's datetime style (microseconds, +00:00). */
export function ovhDate(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2016-12-01T12:30:26.566Z
  const micros = Number((process.hrtime.bigint() / 1000n) % 1000n); // sub-millisecond digits, for realism only
  return `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}+00:00`;
}

/** `2025-11-13T10:38:44.658926311Z`: the style of IAM PAT answers (nanoseconds, `Z`; DOC-ESO). */
export function iamDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  const nanos = String(Number(process.hrtime.bigint() % 1_000_000n)).padStart(6, '0');
  return `${iso.slice(0, 23)}${nanos}Z`;
}

const b64url = (text: string | Buffer): string => Buffer.from(text).toString('base64url');

/**
 * A PAT secret: a JWT with an EdDSA header (DOC-ESO's sample starts `eyJhbGciOiJFZER`). The claims
 * of real PATs are unverified; these are the emulator's. The signature is random bytes.
 */
export function patValue(random: () => number, claims: { iss: string; sub: string; iat: number; exp: number | undefined }): string {
  const header = b64url(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ ...claims, jti: randomText(16, random) }));
  const signature = b64url(Buffer.from(Array.from({ length: 64 }, () => Math.floor(random() * 256))));
  return `${header}.${payload}.${signature}`;
}

let querySeq = 0;
/** Looks like `EU.ext-99.foobar` / `FR.ws-8.5860f657.4632.0180` (GO tests). */
export function queryId(): string {
  querySeq += 1;
  return `EU.emu-1.${Date.now().toString(16).slice(-8)}.${process.pid}.${String(querySeq).padStart(4, '0')}`;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export const sha1hex = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');

export interface Answer {
  status: number;
  body: unknown;
  /** Raw text instead of JSON (HTML pages, malformed bodies). */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Answer => ({ status, body, ...(headers ? { headers } : {}) });
/** API-level error `{class, message}` (SPEC25 common error model). */
export const apiError = (status: number, cls: string, message: string, details?: Record<string, string>): Answer =>
  json(status, details ? { class: cls, message, details } : { class: cls, message });
/** Authentication-layer error `{errorCode, httpCode, message}`. */
export const authError = (status: number, errorCode: string, message: string): Answer =>
  json(status, { errorCode, httpCode: `${status} ${status === 400 ? 'Bad Request' : status === 401 ? 'Unauthorized' : 'Forbidden'}`, message });

export function send(res: ServerResponse, answer: Answer, extraHeaders: Record<string, string> = {}): void {
  const text = answer.text ?? JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'Content-Type': answer.contentType ?? 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...extraHeaders,
    ...answer.headers,
  });
  res.end(text);
}

export const sleep = (ms: number): Promise<void> => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
