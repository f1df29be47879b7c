/**
 * `tokendesk scan` and `tokendesk exec` as a user runs them: the built binary, a real git (and a
 * real pre-commit hook), child processes, exit codes, and tokens made on the LogScale emulator.
 * What is asserted: what the user reads (never a value), the exit codes scripts rely on, what the
 * provider accepts afterwards, and what the audit log says.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { CLI_ENTRY, cliRunner } from '../support/cli';
import { requireSecretService } from '../support/keychain';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });

describe('tokendesk scan and exec', () => {
  let emulator: LogScaleEmulator;
  const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-cli-scan-'));
  const work = mkdtempSync(join(tmpdir(), 'tokendesk-cli-work-'));
  const service = `tokendesk-cli-scan-${process.pid}`;
  const cli = cliRunner(dataDir, service);
  let deploy = '';
  let vector = '';
  const accepted = async (secret: string): Promise<number> =>
    (
      await fetch(`${emulator.baseUrl}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: '{"query":"{ viewer { id } }"}',
      })
    ).status;

  beforeAll(async () => {
    requireSecretService();
    chmodSync(work, 0o700);
    emulator = await startLogScaleEmulator();
    expect((await cli(['accounts', 'add', '--provider', 'logscale', '--label', 'Prod', '--url', emulator.baseUrl], `${emulator.adminToken}\n`)).code).toBe(0);
    expect((await cli(['tokens', 'create', '--account', 'Prod', '--kind', 'system', '--name', 'ci-deploy', '--permission', 'ReadHealthCheck'])).code).toBe(0);
    expect(
      (await cli(['tokens', 'create', '--account', 'Prod', '--kind', 'ingest', '--repository', 'sandbox', '--name', 'vector', '--parser', 'json'])).code,
    ).toBe(0);
    deploy = (await cli(['tokens', 'get', 'ci-deploy'])).stdout.trim();
    vector = (await cli(['tokens', 'get', 'vector'])).stdout.trim();
  }, 60_000);
  afterAll(async () => {
    const keychain = createKeytarKeychain(service);
    for (const key of await keychain.keys()) await keychain.delete(key);
    await emulator.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('scan: exit 4 with file, line, token and account when a live token is found; never the value; exit 0 on a clean tree', async () => {
    const tree = join(work, 'tree');
    mkdirSync(join(tree, 'ci'), { recursive: true });
    writeFileSync(join(tree, 'ci', 'deploy.sh'), `#!/bin/sh\nset -e\nexport LOGSCALE_TOKEN='${deploy}'\n./deploy\n`);
    writeFileSync(join(tree, 'README.md'), 'no secrets here\n');
    const found = await cli(['scan', tree]);
    expect(found.code).toBe(4);
    expect(found.stdout).toMatch(new RegExp(`LIVE\\s+${join(tree, 'ci', 'deploy.sh').replace(/[/.]/g, '\\$&')}:3\\s+"ci-deploy" \\(system\\)\\s+Prod`));
    expect(found.stdout).toMatch(/Scanned 2 files .*: 1 live token found\./);
    expect(found.stdout + found.stderr).not.toContain(deploy);
    const asJson = await cli(['scan', tree, '--json']);
    expect(asJson.code).toBe(4);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ live: 1, hits: [{ token: { name: 'ci-deploy' }, locations: [{ line: 3 }] }] });
    expect(asJson.stdout).not.toContain(deploy);

    const clean = join(work, 'clean');
    mkdirSync(clean);
    writeFileSync(join(clean, 'a.txt'), 'nothing\n');
    expect(await cli(['scan', clean])).toMatchObject({ code: 0, stdout: expect.stringContaining('no live token') });
    expect(await cli(['scan'])).toMatchObject({ code: 2 });
  });

  it('scan --pre-commit as a git hook stops a commit that stages a live token', async () => {
    const repo = join(work, 'repo');
    mkdirSync(repo);
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'ok.txt'), 'fine\n');
    git(repo, 'add', 'ok.txt');
    git(repo, 'commit', '-qm', 'first');
    const hook = join(repo, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${resolve(CLI_ENTRY)}" --data-dir "${dataDir}" scan --pre-commit\n`, { mode: 0o755 });
    writeFileSync(join(repo, 'vector.toml'), `[sinks.logscale]\ntoken = "${vector}"\n`);
    git(repo, 'add', 'vector.toml');
    const commit = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'add sink'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, TOKENDESK_KEYCHAIN_SERVICE: service },
    });
    expect(commit.status).not.toBe(0);
    // git shows a hook's output on its stderr.
    expect(commit.stderr).toMatch(/LIVE\s+\(staged\) vector\.toml:2\s+"vector" \(ingest\)/);
    expect(commit.stderr).toContain('The commit is stopped');
    expect(commit.stderr).not.toContain(vector);
    expect(git(repo, 'log', '--format=%s')).toBe('first\n');
  });

  it('scan --revoke: needs a confirmation from a pipe; with --yes it revokes, proves dead, and the next scan exits 0', async () => {
    const tree = join(work, 'tree');
    expect(await cli(['scan', tree, '--revoke'])).toMatchObject({ code: 2, stderr: expect.stringContaining('pass --yes') });
    expect(await accepted(deploy)).toBe(200);
    const revoked = await cli(['scan', tree, '--revoke', '--yes']);
    expect(revoked).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Revoked "ci-deploy" of account "Prod". The provider now refuses it: verified dead.'),
    });
    expect(await accepted(deploy)).toBe(401);
    const again = await cli(['scan', tree]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/revoked\s+.*deploy\.sh:3/);
  });

  it('exec: the value reaches the command through its environment only; the exit code comes back; the audit names token and command', async () => {
    const probe =
      'const v = process.env.INGEST_TOKEN || ""; process.stdout.write(JSON.stringify({ length: v.length, argv: process.argv.slice(1) })); process.exit(7)';
    const run = await cli(['exec', '--env', 'INGEST_TOKEN=Prod/vector', '--', process.execPath, '-e', probe]);
    expect(run.code).toBe(7);
    const seen = JSON.parse(run.stdout) as { length: number; argv: string[] };
    expect(seen.length).toBe(vector.length);
    expect(JSON.stringify(seen.argv)).not.toContain(vector);
    expect(run.stdout + run.stderr).not.toContain(vector);
    const audit = JSON.parse((await cli(['audit', 'list', '--action', 'secret-injected', '--json'])).stdout) as Array<Record<string, string>>;
    expect(audit[0]).toMatchObject({ tokenName: 'vector', command: 'node', note: 'env INGEST_TOKEN' });
    expect(JSON.stringify(audit)).not.toContain(vector);
  });

  it('exec refuses what would expose the value: a loader variable, the value in the arguments; and names a missing command or token', async () => {
    expect(await cli(['exec', '--env', 'LD_PRELOAD=Prod/vector', '--', 'true'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('LD_PRELOAD is read by the system'),
    });
    const inArgs = await cli(['exec', '--env', 'T=Prod/vector', '--', 'echo', `Bearer ${vector}`]);
    expect(inArgs).toMatchObject({ code: 2, stderr: expect.stringContaining('appears in the command’s arguments') });
    expect(inArgs.stdout).toBe('');
    expect(await cli(['exec', '--env', 'T=Prod/vector', '--', 'no-such-command-tokendesk'])).toMatchObject({
      code: 127,
      stderr: expect.stringContaining('command not found'),
    });
    expect(await cli(['exec', '--env', 'T=Prod/nope', '--', 'true'])).toMatchObject({
      code: 3,
      stderr: expect.stringContaining('No token is named “Prod/nope”'),
    });
    expect(await cli(['exec', '--env', 'T=Prod/ci-deploy', '--', 'true'])).toMatchObject({ code: 1, stderr: expect.stringContaining('is revoked') });
  });

  it('exec --template renders {{ tokendesk "<account>/<token>" }} to a 0600 file, atomically, and prints no value', async () => {
    const template = join(work, 'fluent-bit.conf.tmpl');
    const out = join(work, 'fluent-bit.conf');
    writeFileSync(template, '[OUTPUT]\n    Name http\n    Header Authorization Bearer {{ tokendesk "Prod/vector" }}\n    Tag {{ tag }}\n');
    const run = await cli(['exec', '--template', template, '--out', out]);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('(mode 0600) with 1 token: "vector"') });
    expect(run.stdout).not.toContain(vector);
    expect(readFileSync(out, 'utf8')).toBe(`[OUTPUT]\n    Name http\n    Header Authorization Bearer ${vector}\n    Tag {{ tag }}\n`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    // A folder others can write to is refused, and nothing is written there.
    const shared = join(work, 'shared');
    mkdirSync(shared, { mode: 0o777 });
    chmodSync(shared, 0o777);
    expect(await cli(['exec', '--template', template, '--out', join(shared, 'x.conf')])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('can be written by other users'),
    });
    expect(existsSync(join(shared, 'x.conf'))).toBe(false);
  });
});
