/**
 * The CLI's one way out to the terminal (io.ts): whatever a command writes, no control character
 * but the line break and no direction mark reaches the stream; JSON stays valid and parses back to
 * the very strings (C1 controls and direction marks, which JSON.stringify leaves raw, as \u escapes).
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonText, table, terminalSafe } from '../../main/cli/io';

const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const hostile = 'a\u001b]52;c;cHduZWQ=\u0007b\u009b2Kc\u202ed\re\u0085f';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return { stream: new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk.toString()), done()) }), text: () => chunks.join('') };
}

describe('terminal output', () => {
  it('spells out every hidden character written to stdout or stderr, strings and buffers alike, keeping line breaks', () => {
    const out = capture();
    const err = capture();
    const io = terminalSafe({ stdin: process.stdin, stdout: out.stream, stderr: err.stream });
    io.stdout.write(`${hostile}\nnext\n`);
    io.stderr.write(Buffer.from(hostile));
    expect(out.text()).not.toMatch(RAW);
    expect(err.text()).not.toMatch(RAW);
    expect(out.text()).toBe('a⟨U+001B⟩]52;c;cHduZWQ=⟨U+0007⟩b⟨U+009B⟩2Kc⟨U+202E⟩d⟨U+000D⟩e⟨U+0085⟩f\nnext\n');
  });

  it('JSON: valid, the exact strings back, nothing a terminal acts on', () => {
    const text = jsonText({ name: hostile, list: [hostile] });
    expect(text).not.toMatch(RAW);
    expect(JSON.parse(text)).toEqual({ name: hostile, list: [hostile] });
    expect(text).toContain('\\u009b');
  });

  it('a table cell stays one line', () => {
    expect(table([{ name: 'web\nProd: synced', id: '1' }], ['name', 'id']).split('\n')).toEqual([
      'NAME                     ID',
      'web⟨U+000A⟩Prod: synced  1',
      '',
    ]);
  });
});
