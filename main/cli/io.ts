/** Reading stdin and asking questions on the terminal, and printing tables or JSON. */
import { createInterface as createCallbackInterface, type Interface } from 'node:readline';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { AppError } from '../core/errors';
import { jsonWithHiddenEscaped, visibleName } from '../core/visible-name';

export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Secrets come from stdin, one per line (never from argv, which other users can read in `ps`). */
export async function readSecretLines(io: Io, names: string[]): Promise<string[]> {
  if (io.stdin.isTTY) return askHidden(io, names);
  const lines = (await readAll(io.stdin))
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length < names.length) throw new UsageError(`Expected ${names.join(', ')} on standard input, one per line.`);
  return lines.slice(0, names.length);
}

/**
 * Asks for secrets at a terminal without showing them, on screen or in a terminal log: readline puts
 * the terminal in raw mode (the terminal itself no longer echoes) and its own echo goes to a sink.
 * Only the prompts reach the screen. Line editing (backspace) still works; Ctrl-C or Ctrl-D cancels.
 */
export async function askHidden(io: Io, names: string[]): Promise<string[]> {
  const nowhere = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createCallbackInterface({ input: io.stdin, output: nowhere, terminal: true });
  const answers: string[] = [];
  try {
    for (const name of names) {
      io.stderr.write(`${name}: `);
      answers.push((await hiddenAnswer(rl)).trim());
      io.stderr.write('\n');
    }
  } finally {
    rl.close();
  }
  return answers;
}

function hiddenAnswer(rl: Interface): Promise<string> {
  return new Promise((resolve, reject) => {
    const cancelled = (): void => {
      rl.off('SIGINT', cancelled).off('close', cancelled);
      reject(new AppError('invalid-input', 'Cancelled at the prompt: nothing was changed.'));
    };
    rl.once('SIGINT', cancelled).once('close', cancelled);
    rl.question('', (answer) => {
      rl.off('SIGINT', cancelled).off('close', cancelled);
      resolve(answer);
    });
  });
}

export async function ask(io: Io, question: string): Promise<string> {
  // readline's line editing writes the terminal's own escape sequences: it gets the raw stream, and
  // the question (which may quote a provider's name) is spelled out here instead.
  const rl = createInterface({ input: io.stdin, output: rawStream(io.stderr), terminal: Boolean(io.stdin.isTTY) });
  const answer = await rl.question(terminalText(question));
  rl.close();
  return answer.trim();
}

export function table(rows: Array<Record<string, string>>, columns: string[]): string {
  if (rows.length === 0) return '';
  // A cell is one line: a line break (or any hidden character) a provider put in a name is spelled out.
  const cells = rows.map((r) => columns.map((c) => visibleName(r[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n') + '\n';
}

export class UsageError extends Error {}

/** JSON for a script: valid, parsing back to the very strings, with no character a terminal would act on (see jsonWithHiddenEscaped). */
export function jsonText(value: unknown): string {
  return jsonWithHiddenEscaped(JSON.stringify(value, null, 2));
}

/** Text as a terminal may receive it: every control and invisible character spelled out (`⟨U+001B⟩`) but the line breaks. */
export function terminalText(text: string): string {
  return text.split('\n').map(visibleName).join('\n');
}

const RAW = Symbol('raw stream');

/**
 * The one way out to the terminal. Provider text (names, error messages, notes) is printed by many
 * commands; an escape sequence in it could erase a line and print another ("failed" becoming
 * "synced"), set the window's title or write the clipboard (OSC 52). Every string written to these
 * streams goes through terminalText, whatever the command, so no call site can forget. A line break
 * stays one: the places that print one provider string per line spell those out too (table cells,
 * errorLines, sync notes). A child started by `exec` writes to the file descriptors directly.
 */
export function terminalSafe(io: Io): Io {
  return { stdin: io.stdin, stdout: safeStream(io.stdout), stderr: safeStream(io.stderr) };
}

function safeStream(stream: NodeJS.WritableStream): NodeJS.WritableStream {
  if ((stream as { [RAW]?: unknown })[RAW]) return stream;
  const clean = (chunk: unknown): unknown =>
    typeof chunk === 'string' ? terminalText(chunk) : chunk instanceof Uint8Array ? terminalText(Buffer.from(chunk).toString('utf8')) : chunk;
  return new Proxy(stream, {
    get(target, property) {
      if (property === RAW) return target;
      if (property === 'write') return (chunk: unknown, ...rest: unknown[]) => (target.write as (...a: unknown[]) => boolean)(clean(chunk), ...rest);
      if (property === 'end')
        return (chunk?: unknown, ...rest: unknown[]) =>
          (target.end as (...a: unknown[]) => unknown)(typeof chunk === 'function' ? chunk : clean(chunk), ...rest);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The stream under terminalSafe's, for readline's line editing (its escape sequences are its own). */
function rawStream(stream: NodeJS.WritableStream): NodeJS.WritableStream {
  return (stream as { [RAW]?: NodeJS.WritableStream })[RAW] ?? stream;
}
