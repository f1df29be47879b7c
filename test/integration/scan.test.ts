/**
 * The scan service on real files and a real git repository (the `git` command), with a real core
 * and tokens made on the LogScale emulator: what the admin is told (file, line, token, account,
 * state) and what is never told (the value); binaries, large files and symbolic links skipped; the
 * history and the staged changes; a live token found is revoked through its leak case and proven dead.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedResult, CreateRequest } from '../../main/core/model';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { createTestCore, type TestCore } from '../support/core';

const systemToken = (name: string): CreateRequest => ({
  provider: 'logscale',
  kind: 'system',
  name,
  permissions: ['ReadHealthCheck'],
  expiry: { kind: 'never' },
});
const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });

describe('scan: files and git history, for the tokens Tokendesk knows', () => {
  let emulator: LogScaleEmulator;
  let t: TestCore;
  let accountId: string;
  let live: CreatedResult;
  let revoked: CreatedResult;
  let ingest: CreatedResult;
  const root = mkdtempSync(join(tmpdir(), 'tokendesk-scan-'));
  const outside = mkdtempSync(join(tmpdir(), 'tokendesk-outside-'));
  const accepted = async (secret: string): Promise<number> =>
    (
      await fetch(`${emulator.baseUrl}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: '{"query":"{ viewer { id } }"}',
      })
    ).status;

  beforeAll(async () => {
    emulator = await startLogScaleEmulator();
    t = await createTestCore();
    accountId = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: emulator.baseUrl, token: emulator.adminToken })).id;
    live = await t.core.tokens.create(accountId, systemToken('ci-deploy'));
    revoked = await t.core.tokens.create(accountId, systemToken('old-bot'));
    await t.core.tokens.revoke(revoked.token!.id, 'old-bot');
    ingest = await t.core.tokens.create(accountId, { provider: 'logscale', kind: 'ingest', repository: 'sandbox', name: 'vector' });

    mkdirSync(join(root, 'config'));
    writeFileSync(join(root, 'config', 'deploy.yaml'), `stages:\n  - deploy\nenv:\n  LOGSCALE_TOKEN: "${live.secret}"\n`);
    writeFileSync(join(root, 'config', 'vector.toml'), `[sinks.humio]\ntype = "humio_logs"\ntoken = "${ingest.secret}"\n`);
    writeFileSync(join(root, 'old.env'), `BOT_TOKEN=${revoked.secret}\n`);
    writeFileSync(join(root, 'noise.js'), 'const a = "0123456789abcdefABCDEF0123456789";\n'.repeat(50));
    writeFileSync(join(root, 'image.bin'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]), Buffer.from(live.secret)]));
    writeFileSync(join(root, 'huge.log'), `${live.secret}\n${'x'.repeat(2 * 1024 * 1024)}`);
    writeFileSync(join(outside, 'elsewhere.txt'), live.secret);
    symlinkSync(join(outside, 'elsewhere.txt'), join(root, 'link-out.txt'));
    symlinkSync(outside, join(root, 'dir-out'));
  });
  afterAll(async () => {
    await t.cleanup();
    await emulator.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('names file, line, token, account and state; never the value; skips binaries, large files and links', async () => {
    const report = await t.core.scan.run({ paths: [root], maxFileBytes: 1024 * 1024 });
    const byName = Object.fromEntries(report.hits.map((h) => [h.token.name, h]));
    expect(Object.keys(byName).sort()).toEqual(['ci-deploy', 'old-bot', 'vector']);
    expect(byName['ci-deploy']).toMatchObject({
      state: 'live',
      account: { label: 'Prod' },
      matchedBy: 'fingerprint',
      locations: [{ path: join(root, 'config', 'deploy.yaml'), line: 4 }],
    });
    expect(byName['vector']).toMatchObject({ state: 'live', token: { kind: 'ingest' }, locations: [{ path: join(root, 'config', 'vector.toml'), line: 3 }] });
    expect(byName['old-bot']).toMatchObject({
      state: 'revoked',
      message: expect.stringMatching(/revoked on \d{4}-\d\d-\d\d/),
      locations: [{ path: join(root, 'old.env'), line: 1 }],
    });
    expect(report.live).toBe(2);
    expect(report.stats).toMatchObject({ files: 4, skipped: { binary: 1, tooLarge: 1, symlinks: 2 } });
    const text = JSON.stringify(report);
    for (const secret of [live.secret, revoked.secret, ingest.secret]) expect(text).not.toContain(secret);
    expect((await t.core.audit.entries()).at(-1)).toMatchObject({
      action: 'scan-run',
      outcome: 'failed',
      note: expect.stringContaining('3 tokens found, 2 live'),
    });
  });

  it('with gitignore, what the repository ignores is not read', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'tokendesk-ignore-'));
    try {
      git(repo, 'init', '-q');
      writeFileSync(join(repo, '.gitignore'), 'secrets.env\n');
      writeFileSync(join(repo, 'secrets.env'), `TOKEN=${live.secret}\n`);
      writeFileSync(join(repo, 'README.md'), 'nothing here\n');
      expect((await t.core.scan.run({ paths: [repo] })).hits.map((h) => h.token.name)).toEqual(['ci-deploy']);
      const ignoring = await t.core.scan.run({ paths: [repo], gitignore: true });
      expect(ignoring.hits).toEqual([]);
      expect(ignoring.stats.skipped.ignored).toBe(1);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('--git finds a token removed from the files but still in a commit (commit, path, line); staged changes are checked on their own', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'tokendesk-history-'));
    try {
      git(repo, 'init', '-q');
      writeFileSync(join(repo, 'app.conf'), `name = api\nlogscale_token = ${live.secret}\n`);
      git(repo, 'add', '.');
      git(repo, 'commit', '-qm', 'oops');
      const commit = git(repo, 'rev-parse', 'HEAD').trim();
      writeFileSync(join(repo, 'app.conf'), 'name = api\nlogscale_token = ${LOGSCALE_TOKEN}\n');
      git(repo, 'commit', '-qam', 'use an env var');

      expect((await t.core.scan.run({ paths: [repo] })).hits).toEqual([]);
      const history = await t.core.scan.run({ paths: [repo], git: true });
      expect(history.stats.commits).toBe(2);
      expect(history.hits).toEqual([
        expect.objectContaining({ token: expect.objectContaining({ name: 'ci-deploy' }), state: 'live', locations: [{ path: 'app.conf', line: 2, commit }] }),
      ]);

      writeFileSync(join(repo, 'new.yaml'), `a: 1\nb: 2\ningest: ${ingest.secret}\n`);
      git(repo, 'add', 'new.yaml');
      const staged = await t.core.scan.run({ paths: [repo], staged: true });
      expect(staged.hits).toEqual([
        expect.objectContaining({ token: expect.objectContaining({ name: 'vector' }), locations: [{ path: 'new.yaml', line: 3, staged: true }] }),
      ]);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('a path that is not a repository is a warning for --git, an error for staged changes', async () => {
    expect((await t.core.scan.run({ paths: [join(root, 'config')], git: true })).warnings).toEqual([expect.stringContaining('is not a git repository')]);
    await expect(t.core.scan.run({ paths: [outside], staged: true })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(t.core.scan.run({ paths: [join(root, 'no-such-folder')] })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('a live token found is revoked through its leak case (same confirmation) and proven dead', async () => {
    const report = await t.core.scan.run({ paths: [join(root, 'config', 'deploy.yaml')] });
    const hit = report.hits[0]!;
    expect(hit).toMatchObject({ token: { name: 'ci-deploy' }, state: 'live' });
    await expect(t.core.leak.revoke(hit.caseId, 'ci-deplo')).rejects.toMatchObject({ code: 'invalid-input' });
    expect(await accepted(live.secret)).toBe(200);
    expect(await t.core.leak.revoke(hit.caseId, hit.token.confirmText)).toMatchObject({ proof: 'dead', token: { status: 'revoked' } });
    expect(await accepted(live.secret)).toBe(401);
    const again = await t.core.scan.run({ paths: [join(root, 'config', 'deploy.yaml')] });
    expect(again).toMatchObject({ live: 0, hits: [{ state: 'revoked' }] });
  });

  // A LogScale id is not secret: `<id>~anything` of a token whose value we hold is no working copy of it.
  it('a made-up value with the id of a token we hold is not reported; the real value in the same file is, on its own line', async () => {
    const held = await t.core.tokens.create(accountId, systemToken('forged-beside-real'));
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-forged-'));
    try {
      const forged = `${held.secret.split('~')[0]}~${'Q'.repeat(44)}`;
      writeFileSync(join(dir, 'conf.env'), `FAKE=${forged}\nREAL=${held.secret}\n`);
      writeFileSync(join(dir, 'only-fake.env'), `FAKE=${forged}\n`);
      const report = await t.core.scan.run({ paths: [dir] });
      expect(report.hits.map((h) => ({ name: h.token.name, matchedBy: h.matchedBy, at: h.locations.map((l) => `${l.path}:${l.line}`) }))).toEqual([
        { name: 'forged-beside-real', matchedBy: 'fingerprint', at: [`${join(dir, 'conf.env')}:2`] },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
