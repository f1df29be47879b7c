/**
 * Helpers shared by the security suites: a seeded PRNG (runs repeat), a waiter for events that
 * have no callback (emulator request logs, child-process output), a recursive plaintext scanner,
 * and a line reader for child processes.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { prng as basePrng } from '../support/prng';

/** mulberry32: small, fast, good enough to pick fuzz cases; the same seed gives the same run. */
export function prng(seed: number): Rng {
  const next = basePrng(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T,
    chance: (p) => next() < p,
  };
}

export interface Rng {
  next(): number;
  /** Inclusive range. */
  int(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
}

/**
 * Resolves once `condition` holds, checking it after each turn of the event loop (every 5 ms at
 * most). For events that only show up as state (an emulator's request log, a file); it fails
 * loudly after `limitMs` instead of hanging the suite. It never asserts on time.
 */
export async function until(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > limitMs) throw new Error(`Gave up waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface Hit {
  file: string;
  secret: string;
  form: string;
}

/**
 * Every file under `dir` (recursively, whatever its name or extension), searched for each secret
 * as written, JSON-escaped, base64, base64url, hex and URL-encoded. Returns every hit.
 */
export function scanForSecrets(dir: string, secrets: Iterable<string>): { files: string[]; bytes: number; hits: Hit[] } {
  const files = listFiles(dir);
  const forms = [...new Set(secrets)].filter((s) => s.length >= 8).flatMap((secret) => encodings(secret).map((e) => ({ secret, ...e })));
  const hits: Hit[] = [];
  let bytes = 0;
  for (const file of files) {
    const raw = readFileSync(file);
    bytes += raw.length;
    const asText = raw.toString('latin1');
    const asUtf16 = raw.toString('utf16le');
    for (const f of forms) if (asText.includes(f.text) || asUtf16.includes(f.text)) hits.push({ file, secret: f.secret, form: f.form });
  }
  return { files, bytes, hits };
}

function encodings(secret: string): Array<{ form: string; text: string }> {
  const b = Buffer.from(secret, 'utf8');
  return [
    { form: 'plain', text: b.toString('latin1') },
    { form: 'json', text: JSON.stringify(secret).slice(1, -1) },
    { form: 'base64', text: b.toString('base64').replace(/=+$/, '') },
    { form: 'base64url', text: b.toString('base64url') },
    { form: 'hex', text: b.toString('hex') },
    { form: 'url', text: encodeURIComponent(secret) },
  ];
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) out.push(...listFiles(path));
    else if (stat.isFile()) out.push(path);
  }
  return out;
}

/** A child process whose stdout is read line by line; `line()` awaits the next one. */
export interface LineChild {
  child: ChildProcess;
  /** Next stdout line, or null once the process has exited and every line was read. */
  line(): Promise<string | null>;
  /** Every stderr byte so far (for failure messages). */
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnLines(command: string, args: string[], options: SpawnOptions = {}): LineChild {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const lines: string[] = [];
  const waiters: Array<(line: string | null) => void> = [];
  let buffer = '';
  let errors = '';
  let ended = false;
  const push = (line: string | null): void => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else if (line !== null) lines.push(line);
  };
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      push(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      ended = true;
      if (buffer) push(buffer);
      buffer = '';
      while (waiters.length) waiters.shift()!(null);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    exited,
    stderr: () => errors,
    line: () => {
      const ready = lines.shift();
      if (ready !== undefined) return Promise.resolve(ready);
      if (ended) return Promise.resolve(null);
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}

/** The environment without a session bus: no Secret Service can be found through it. */
export function envWithoutSecretService(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY', 'XDG_RUNTIME_DIR', 'DBUS_STARTER_ADDRESS']) delete env[key];
  return env;
}

/** A short, single-line excerpt for tables. */
export function cell(text: string, max = 110): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Prints rows as an aligned text table. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
