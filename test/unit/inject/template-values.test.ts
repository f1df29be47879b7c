/**
 * What a template may insert, and what a token value must look like before it is handed out. A
 * value that could end the quoted string it sits in (a quote, a backslash, a line break…) or start
 * the config tool's own interpolation (`${`, `{{`) is refused, not escaped; a value without its
 * kind's shape is refused, naming the token. Neither error ever holds the value.
 */
import { describe, expect, it } from 'vitest';
import { checkValueShape } from '../../../main/core/inject/value-shape';
import { renderTemplate } from '../../../main/core/inject/template';
import type { TokenKind } from '../../../main/core/model';

const TEMPLATE = 'token = "{{ tokendesk "Prod/vector" }}"\n';

describe('template values', () => {
  it.each([
    ['a double quote and a line break', 'abc"\n[sinks.evil]\ntype = "http"'],
    ['a single quote', "abc'def"],
    ['a backquote', 'abc`id`'],
    ['a backslash', 'abc\\"def'],
    ['a carriage return', 'abc\rdef'],
    ['a tab', 'abc\tdef'],
    ['a space', 'abc def'],
    ['an escape sequence', 'abc\u001b[2Kdef'],
    ['a NUL', 'abc\u0000def'],
    ['a C1 control', 'abc\u0085def'],
    ['a Unicode line separator', 'abc\u2028def'],
    ['Vector interpolation', 'abc${HOME}'],
    ['a template brace', 'abc{{ x }}'],
    ['a comment sign', 'abc#def'],
  ])('refuses a value with %s, without the value in the error', (_what, value) => {
    let error: unknown;
    try {
      renderTemplate(TEMPLATE, new Map([['Prod/vector', value]]));
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('The value of "Prod/vector" holds characters that could break out'),
    });
    expect((error as Error).message).not.toContain(value);
  });

  it('inserts a value made of token characters as it is', () => {
    const value = 'AbC123._~+/=-zz';
    expect(renderTemplate(TEMPLATE, new Map([['Prod/vector', value]]))).toBe(`token = "${value}"\n`);
  });
});

describe('value shapes', () => {
  const good: Record<TokenKind, string> = {
    system: 'abcdefgh12345678~abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH',
    organization: 'abcdefgh12345678~abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH',
    view: 'abcdefgh12345678~abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH',
    personal: 'abcdefgh12345678~abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH',
    ingest: '3f2c8e5a-7b1d-4c9e-a6f0-2d8b4e1c7a93',
    ldp: 'kujg9g227qv0123mav3s0q4pra4psqsi5leka6j7lc62qdef58q',
    'ldp-stream': '3f2c8e5a-7b1d-4c9e-a6f0-2d8b4e1c7a93',
    'iam-pat': 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl',
  };
  const kinds = Object.keys(good) as TokenKind[];

  it.each(kinds)('takes a %s value of its shape', (kind) => {
    expect(checkValueShape({ name: 'n', kind }, good[kind])).toBe(good[kind]);
  });

  it.each(kinds.flatMap((kind) => [`${good[kind]}"`, `${good[kind]}\n`, `"${good[kind]}`, '', 'short', 'a b'].map((value) => [kind, value] as const)))(
    'refuses a %s value %j, naming the token and not the value',
    (kind, value) => {
      let error: unknown;
      try {
        checkValueShape({ name: 'vector', kind }, value);
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ code: 'conflict', message: expect.stringContaining('The value Tokendesk holds for “vector” does not have the shape of') });
      if (value.length > 3) expect((error as Error).message).not.toContain(value);
    },
  );

  it('a LogScale API value is not an ingest value, nor an LDP value a PAT', () => {
    expect(() => checkValueShape({ name: 'n', kind: 'ingest' }, good.system)).toThrow();
    expect(() => checkValueShape({ name: 'n', kind: 'iam-pat' }, good.ldp)).toThrow();
  });
});
