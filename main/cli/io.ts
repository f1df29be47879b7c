/** Reading stdin and asking questions on the terminal, and printing tables or JSON. */
import { createInterface } from 'node:readline/promises';

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
  if (io.stdin.isTTY) {
    const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    const answers: string[] = [];
    for (const name of names) answers.push((await rl.question(`${name}: `)).trim());
    rl.close();
    return answers;
  }
  const lines = (await readAll(io.stdin)).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length < names.length) throw new UsageError(`Expected ${names.join(', ')} on standard input, one per line.`);
  return lines.slice(0, names.length);
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
