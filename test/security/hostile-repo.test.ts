/**
 * A scanned folder is hostile: its `.git/config`, `.gitattributes` and hooks name programs (each a
 * script shipped in the folder that leaves a marker file when run), it holds FIFOs where files
 * should be, a tracked folder replaced by a link to elsewhere, and tokens in UTF-16. Every scan mode
 * (plain, --gitignore, --git, --pre-commit), through the scan service and through the built CLI:
 * no marker appears, the planted token is still found, nothing blocks, nothing outside is read.
 *
 * FIFOs given by name go through the CLI, a child process bounded by a timeout: the old code
 * blocked in a synchronous open, which no timer inside the same process could have ended (nor
 * SIGTERM: the CLI's handler is JavaScript), so the child is killed with SIGKILL after 30 s.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { CLI_ENTRY } from '../support/cli';
import { createTestCore, type TestCore } from '../support/core';

const git = (cwd: string, ...args: string[]): string =>
  execFileSync(
    'git',
    [
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.invalid',
      '-c',
      'init.defaultBranch=main',
      '-c',
      'commit.gpgsign=false',
      '-c',
      'core.hooksPath=/dev/null',
      ...args,
    ],
    { cwd, encoding: 'utf8' },
  );

/** A script that records its run in `marks/<name>` (and passes its input through, as a filter must). */
function marker(marks: string, path: string, name: string): void {
  writeFileSync(path, `#!/bin/sh\necho "$0 $*" >> '${join(marks, name)}'\n${name === 'filter' ? 'cat\n' : ''}exit 0\n`, { mode: 0o755 });
}

/**
 * A repository whose token sits in a commit (`app.conf` line 2), in the staged changes (`staged.env`
 * line 2) and in an untracked file (`notes.txt` line 3); then its config is made hostile.
 */
function hostileRepo(dir: string, marks: string, secret: string): void {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q');
  writeFileSync(join(dir, 'app.conf'), `name = api\ntoken = ${secret}\n`);
  writeFileSync(join(dir, 'README.md'), 'readme\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'first');
  // A commit that looks signed: with log.showSignature, `git log` hands it to gpg.program.
  const tree = git(dir, 'write-tree').trim();
  const head = git(dir, 'rev-parse', 'HEAD').trim();
  const body = `tree ${tree}\nparent ${head}\nauthor t <t@example.invalid> 1700000000 +0000\ncommitter t <t@example.invalid> 1700000000 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nsigned\n`;
  writeFileSync(join(dir, '.commit'), body);
  const signed = git(dir, 'hash-object', '-t', 'commit', '-w', '.commit').trim();
  rmSync(join(dir, '.commit'));
  git(dir, 'update-ref', 'refs/heads/signed', signed);
  writeFileSync(join(dir, 'staged.env'), `A=1\nTOKEN=${secret}\n`);
  git(dir, 'add', 'staged.env');
  writeFileSync(join(dir, 'notes.txt'), `todo\n\n${secret}\n`);

  for (const name of ['fsmonitor', 'gpg', 'external', 'textconv', 'diffcmd', 'filter', 'pager', 'ssh', 'askpass', 'credential', 'included'])
    marker(marks, join(dir, `${name}.sh`), name);
  mkdirSync(join(dir, 'hooks'));
  for (const hook of ['post-index-change', 'reference-transaction', 'pre-commit', 'post-checkout', 'pre-auto-gc'])
    marker(marks, join(dir, 'hooks', hook), `hook-${hook}`);
  writeFileSync(join(dir, '.gitattributes'), '* diff=evil filter=evil\n*.conf diff=inc\n');
  writeFileSync(join(dir, 'included.cfg'), `[diff "inc"]\n\ttextconv = ${join(dir, 'included.sh')}\n`);
  const config = {
    'core.fsmonitor': join(dir, 'fsmonitor.sh'),
    'core.hooksPath': join(dir, 'hooks'),
    'core.pager': join(dir, 'pager.sh'),
    'pager.log': join(dir, 'pager.sh'),
    'core.sshCommand': join(dir, 'ssh.sh'),
    'core.askPass': join(dir, 'askpass.sh'),
    'credential.helper': join(dir, 'credential.sh'),
    'gpg.program': './gpg.sh',
    'log.showSignature': 'true',
    'diff.external': join(dir, 'external.sh'),
    'diff.evil.textconv': join(dir, 'textconv.sh'),
    'diff.evil.command': join(dir, 'diffcmd.sh'),
    'filter.evil.clean': join(dir, 'filter.sh'),
    'filter.evil.smudge': join(dir, 'filter.sh'),
    'filter.evil.required': 'true',
    'include.path': join(dir, 'included.cfg'),
  };
  for (const [key, value] of Object.entries(config)) execFileSync('git', ['config', key, value], { cwd: dir });
}

const marksIn = (marks: string): string[] => readdirSync(marks).sort();

/** The built CLI, bounded: a scan that blocks is killed and fails, it does not hang the run. */
function runCli(dataDir: string, service: string, args: string[]): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI_ENTRY, '--data-dir', dataDir, ...args], {
      env: { ...process.env, TOKENDESK_KEYCHAIN_SERVICE: service },
      timeout: 30_000,
      killSignal: 'SIGKILL',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

describe('a hostile folder: scanned, never obeyed', () => {
  let emulator: LogScaleEmulator;
  let t: TestCore;
  let secret = '';
  const base = mkdtempSync(join(tmpdir(), 'tokendesk-hostile-'));
  const marks = join(base, 'marks');
  const repo = join(base, 'repo');
  const service = `tokendesk-hostile-${process.pid}`;

  beforeAll(async () => {
    emulator = await startLogScaleEmulator();
    t = await createTestCore({ dataDir: join(base, 'profile'), keychain: { ...createKeytarKeychain(service), service, cleanup: async () => {} } });
    const account = await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: emulator.baseUrl, token: emulator.adminToken });
    secret = (
      await t.core.tokens.create(account.id, {
        provider: 'logscale',
        kind: 'system',
        name: 'ci-deploy',
        permissions: ['ReadHealthCheck'],
        expiry: { kind: 'never' },
      })
    ).secret!;
    mkdirSync(marks);
    hostileRepo(repo, marks, secret);
    // The repository is hostile: a plain `git log` run on it (as the old scan ran it) does run its gpg.
    execFileSync('git', ['log', '-1', 'signed'], { cwd: repo, stdio: 'ignore' });
    expect(marksIn(marks)).toContain('gpg');
  }, 60_000);
  beforeEach(() => {
    for (const mark of readdirSync(marks)) rmSync(join(marks, mark));
  });
  afterAll(async () => {
    const keychain = createKeytarKeychain(service);
    for (const key of await keychain.keys()) await keychain.delete(key);
    await t.cleanup();
    await emulator.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('--gitignore (git ls-files): no program of the repository runs; the untracked token is found', async () => {
    const report = await t.core.scan.run({ paths: [repo], gitignore: true });
    expect(marksIn(marks)).toEqual([]);
    expect(report.hits.flatMap((h) => h.locations)).toEqual(
      expect.arrayContaining([
        { path: join(repo, 'notes.txt'), line: 3 },
        { path: join(repo, 'app.conf'), line: 2 },
      ]),
    );
  });

  it('--git (git log -p --all, with a signed-looking commit): no gpg, diff, textconv, pager or hook runs; the committed token is found', async () => {
    const report = await t.core.scan.run({ paths: [repo], git: true });
    expect(marksIn(marks)).toEqual([]);
    expect(report.stats.commits).toBe(2);
    expect(report.hits.flatMap((h) => h.locations)).toContainEqual({ path: 'app.conf', line: 2, commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
  });

  it('--pre-commit (git diff --cached): no program of the repository runs; the staged token is found', async () => {
    const report = await t.core.scan.run({ paths: [repo], staged: true });
    expect(marksIn(marks)).toEqual([]);
    expect(report.hits.flatMap((h) => h.locations)).toEqual([{ path: 'staged.env', line: 2, staged: true }]);
  });

  it('through the built CLI, each mode: no marker, the token found (exit 4)', async () => {
    for (const args of [
      ['--gitignore', repo],
      ['--git', repo],
      ['--pre-commit', repo],
    ]) {
      const run = await runCli(join(base, 'profile'), service, ['scan', ...args]);
      expect({ args, marks: marksIn(marks), code: run.code }).toEqual({ args, marks: [], code: 4 });
      expect(run.stdout).toContain('ci-deploy');
    }
  });

  /** A folder holding a FIFO and a file with the token. */
  const fifoTree = (name: string): string => {
    const tree = join(base, name);
    mkdirSync(tree);
    execFileSync('mkfifo', [join(tree, 'pipe')]);
    writeFileSync(join(tree, 'deploy.sh'), `export T=${secret}\n`);
    return tree;
  };

  it('a FIFO in the tree is skipped and reported as such', async () => {
    const tree = fifoTree('fifo-tree');
    const report = await t.core.scan.run({ paths: [tree] });
    expect(report.stats.skipped.notRegular).toBe(1);
    expect(report.hits.flatMap((h) => h.locations)).toEqual([{ path: join(tree, 'deploy.sh'), line: 1 }]);
  });

  it('a FIFO given by name ends the scan with a note, not a hang (the CLI, killed after 30 s if it blocks)', async () => {
    const tree = fifoTree('fifo-given');
    const given = await runCli(join(base, 'profile'), service, ['scan', join(tree, 'pipe'), join(tree, 'deploy.sh')]);
    expect({ signal: given.signal, code: given.code }).toEqual({ signal: null, code: 4 });
    expect(given.stderr).toContain(`${join(tree, 'pipe')} is not a regular file or a folder`);
    expect(given.stdout).toMatch(/Skipped: 1 not regular files/);
  }, 60_000);

  it('a tracked folder replaced by a link to elsewhere: what is there is not read, under --gitignore nor the plain walk', async () => {
    const linked = join(base, 'linked');
    const outside = join(base, 'outside');
    mkdirSync(join(linked, 'sub'), { recursive: true });
    mkdirSync(outside);
    git(linked, 'init', '-q');
    writeFileSync(join(linked, 'sub', 'secret.txt'), 'nothing yet\n');
    git(linked, 'add', '.');
    git(linked, 'commit', '-qm', 'sub');
    rmSync(join(linked, 'sub'), { recursive: true });
    writeFileSync(join(outside, 'secret.txt'), `${secret}\n`);
    symlinkSync(outside, join(linked, 'sub'));
    for (const gitignore of [true, false]) {
      const report = await t.core.scan.run({ paths: [linked], gitignore });
      expect({ gitignore, hits: report.hits.length }).toEqual({ gitignore, hits: 0 });
      expect(report.stats.skipped.symlinks).toBeGreaterThanOrEqual(1);
    }
  });

  it('UTF-16 files (PowerShell 5.1 `>`, with a byte-order mark; and without one): the token is found at its line', async () => {
    const dir = join(base, 'utf16');
    mkdirSync(dir);
    chmodSync(dir, 0o700);
    writeFileSync(join(dir, 'out.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`Name : deploy\r\n\r\nToken : ${secret}\r\n`, 'utf16le')]));
    writeFileSync(join(dir, 'nobom.txt'), Buffer.from(`first\n${secret}\n`, 'utf16le'));
    writeFileSync(join(dir, 'be.txt'), Buffer.from([0xfe, 0xff, ...Buffer.from(`x\ny\nz\n${secret}\n`, 'utf16le').swap16()]));
    const report = await t.core.scan.run({ paths: [dir] });
    expect(report.stats.skipped.binary).toBe(0);
    expect(report.hits.flatMap((h) => h.locations).sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: join(dir, 'be.txt'), line: 4 },
      { path: join(dir, 'nobom.txt'), line: 2 },
      { path: join(dir, 'out.txt'), line: 3 },
    ]);
  });
});
