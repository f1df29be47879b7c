/**
 * What every command shares: its signature, option parsing (Node's parseArgs, strict, with --json
 * everywhere), and the output helpers. One home, so every command reads and prints alike.
 */
import { parseArgs } from 'node:util';
import type { Core } from '../core/core';
import { UsageError, type Io } from './io';

export type Command = (core: Core, args: string[], io: Io) => Promise<number>;

type Spec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

/** Parses a command's options (plus --json); a wrong option is a usage error (exit 2). */
export function options<T extends Spec>(args: string[], spec: T) {
  try {
    return parseArgs({ args, options: { ...spec, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export const json = (io: Io, value: unknown): void => void io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

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
