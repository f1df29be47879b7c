/** Reading stdin and asking questions on the terminal, and printing tables or JSON. */
import { createInterface as createCallbackInterface, type Interface } from 'node:readline';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { AppError } from '../core/errors';

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
  const lines = (await readAll(io.stdin)).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
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
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: Boolean(io.stdin.isTTY) });
  const answer = await rl.question(question);
  rl.close();
  return answer.trim();
}

export function table(rows: Array<Record<string, string>>, columns: string[]): string {
  if (rows.length === 0) return '';
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...rows.map((r) => line(columns.map((c) => r[c] ?? '')))].join('\n') + '\n';
}

export class UsageError extends Error {}
