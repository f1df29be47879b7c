/**
 * Secret injection's rules, on their own: which environment names a token may go into, how a
 * template's references are found and replaced (and what is left alone), and where a secret file
 * may be written (a planted link, a folder others can write to, mode 0600, atomic replacement).
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkEnvName } from '../../../main/core/inject/env-names';
import { writeSecretFile } from '../../../main/core/inject/secret-file';
import { renderTemplate, templateReferences } from '../../../main/core/inject/template';

describe('environment names', () => {
  it('takes plain identifiers', () => {
    for (const name of ['LOGSCALE_TOKEN', 'graylog_token', '_X', 'TOKEN2']) expect(checkEnvName(name)).toBe(name);
  });

  it.each([
    ['LD_PRELOAD', 'the loader prints a value it cannot preload'],
    ['ld_library_path', 'case does not matter (Windows)'],
    ['DYLD_INSERT_LIBRARIES', 'macOS loader'],
    ['BASH_ENV', 'bash sources it and prints it when missing'],
    ['BASH_FUNC_x%%', 'exported functions'],
    ['PS4', 'echoed by set -x'],
    ['PATH', 'what runs'],
    ['NODE_OPTIONS', 'parsed as options'],
    ['GIT_SSH_COMMAND', 'run as a command'],
    ['TOKENDESK_KEYCHAIN_SERVICE', 'our own switches'],
  ])('refuses %s (%s)', (name) => {
    expect(() => checkEnvName(name)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });

  it.each(['', '1TOKEN', 'A=B', 'A B', 'A\u0000B', 'TOKEN-NAME', 'x'.repeat(200)])('refuses the malformed name %j', (name) => {
    expect(() => checkEnvName(name)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });
});

describe('templates', () => {
  const text = [
    '[OUTPUT]',
    '    Name  http',
    '    Header Authorization Bearer {{ tokendesk "Prod/fluent-bit" }}',
    '    Tag   {{ tag }}',
    '    Other {{- tokendesk "shipper" -}} and {{tokendesk "Prod/fluent-bit"}}',
  ].join('\n');

  it('finds each reference with its line, and leaves other {{ }} alone', () => {
    expect(templateReferences(text)).toEqual([
      { reference: 'Prod/fluent-bit', line: 3 },
      { reference: 'shipper', line: 5 },
      { reference: 'Prod/fluent-bit', line: 5 },
    ]);
    const out = renderTemplate(
      text,
      new Map([
        ['Prod/fluent-bit', 'a.b~c+/=_-1'],
        ['shipper', 'v2'],
      ]),
    );
    expect(out).toContain('Bearer a.b~c+/=_-1');
    expect(out).toContain('Tag   {{ tag }}');
    expect(out).toContain('Other v2 and a.b~c+/=_-1');
  });

  it.each(['{{ tokendesk Prod/x }}', '{{ tokendesk "" }}', '{{ tokendesk "a"b" }}', "{{ tokendesk 'Prod/x' }}", '{{ tokendesk "x\\"y" }}'])(
    'refuses the malformed reference %s, naming its line',
    (bad) => {
      expect(() => templateReferences(`a\n${bad}\n`)).toThrow(expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining('Line 2') }));
    },
  );
});

describe.runIf(process.platform !== 'win32')('secret files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokendesk-secret-file-'));
    chmodSync(dir, 0o700);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes with mode 0600, replacing an existing file atomically, and leaves no temporary file', () => {
    const out = join(dir, 'fluent-bit.conf');
    writeFileSync(out, 'old', { mode: 0o644 });
    writeSecretFile(out, 'token = abc');
    expect(readFileSync(out, 'utf8')).toBe('token = abc');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['fluent-bit.conf']);
  });

  it('refuses a symbolic link at the path (it would write where the link points), and writes nothing there', () => {
    const elsewhere = join(dir, 'elsewhere.txt');
    writeFileSync(elsewhere, 'untouched');
    symlinkSync(elsewhere, join(dir, 'out.conf'));
    expect(() => writeSecretFile(join(dir, 'out.conf'), 'secret')).toThrow(
      expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining('symbolic link') }),
    );
    expect(readFileSync(elsewhere, 'utf8')).toBe('untouched');
  });

  it('refuses a folder other users can write to (like /tmp), and a path that is not a regular file', () => {
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    expect(() => writeSecretFile(join(shared, 'out.conf'), 'secret')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('can be written by other users') }),
    );
    expect(readdirSync(shared)).toEqual([]);
    mkdirSync(join(dir, 'a-folder'));
    expect(() => writeSecretFile(join(dir, 'a-folder'), 'secret')).toThrow(expect.objectContaining({ message: expect.stringContaining('not a regular file') }));
  });
});
