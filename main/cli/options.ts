/**
 * What every command shares: its signature, option parsing (Node's parseArgs, strict, with --json
 * everywhere), and the output helpers. One home, so every command reads and prints alike.
 */
import { parseArgs } from 'node:util';
import type { Core } from '../core/core';
import { jsonText, UsageError, type Io } from './io';

export type Command = (core: Core, args: string[], io: Io) => Promise<number>;

type Spec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

/**
 * A token's id: 32 characters of base64url (core/tokens/reconcile.ts, `tokenRecordId`), so one id
 * in 64 begins with "-". Node's parseArgs would read `-PqPOm88…` as a cluster of short options and
 * refuse it; an argument of exactly this shape is the id the person copied from `tokens list`.
 */
const DASHED_TOKEN_ID = /^-[A-Za-z0-9_-]{31}$/;

/** Parses a command's options (plus --json); a wrong option is a usage error (exit 2). */
export function options<T extends Spec>(args: string[], spec: T) {
  // Ids that begin with "-" go through the parser as stand-ins that cannot look like options (nor
  // like any real argument: a process's arguments cannot hold a NUL).
  const ids = new Map<string, string>();
  const safe = args.map((arg, at) => {
    if (!DASHED_TOKEN_ID.test(arg)) return arg;
    const standIn = `\u0000${at}`;
    ids.set(standIn, arg);
    return standIn;
  });
  let parsed;
  try {
    parsed = parseArgs({ args: safe, options: { ...spec, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (ids.size === 0) return parsed;
  const back = (value: unknown): unknown => (typeof value === 'string' ? (ids.get(value) ?? value) : Array.isArray(value) ? value.map(back) : value);
  const values = parsed.values as Record<string, unknown>;
  for (const key of Object.keys(values)) values[key] = back(values[key]);
  parsed.positionals.splice(0, parsed.positionals.length, ...parsed.positionals.map((p) => back(p) as string));
  return parsed;
}

export const json = (io: Io, value: unknown): void => void io.stdout.write(`${jsonText(value)}\n`);

export function required(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`Missing ${what}.`);
  return value;
}

/** A whole number of megabytes, for size options. */
export function megabytes(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > 2048) throw new UsageError(`${option} must be a number of megabytes between 0 and 2048; got "${text}".`);
  return Math.round(n * 1024 * 1024);
}
