/**
 * safe-git.ts on its own: the environment a scan's git gets, and the overrides for drivers whose
 * names the repository chooses (here a filter named `a=b`, a name `-c name=value` could not carry),
 * proven on a real repository whose clean filter and fsmonitor leave a marker when run.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chosenOverrides, hardenedEnv, safeGit } from '../../../main/core/scan/safe-git';

describe('safe-git', () => {
  const base = mkdtempSync(join(tmpdir(), 'tokendesk-safe-git-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('drops inherited GIT_* settings that run programs or add config; keeps where the repository is; adds its own', () => {
    const env = hardenedEnv({
      PATH: '/usr/bin',
      GIT_EXTERNAL_DIFF: 'evil',
      GIT_PAGER: 'evil',
      GIT_SSH_COMMAND: 'evil',
      GIT_ASKPASS: 'evil',
      GIT_CONFIG_PARAMETERS: "'core.pager'='evil'",
      GIT_CONFIG_COUNT: '1',
      GIT_TRACE: '/tmp/x',
      GIT_DIR: '.git',
      GIT_INDEX_FILE: '/r/.git/next-index',
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      GIT_DIR: '.git',
      GIT_INDEX_FILE: '/r/.git/next-index',
      GIT_OPTIONAL_LOCKS: '0',
      GIT_TERMINAL_PROMPT: '0',
      GIT_PAGER: 'cat',
    });
  });

  it('finds every driver-named program key in a configuration listing, whatever the name holds', () => {
    const listing = [
      'core.bare\nfalse',
      'filter.a=b.clean\n/x',
      'filter.lfs.required\ntrue',
      'diff.Evil.textconv\n/y',
      'diff.evil.xfuncname\n^x',
      'merge.m.driver\n/z',
      'pager.log\n/p',
      'credential.https://h.helper\n/c',
      'gpg.ssh.program\n/g',
      'protocol.ext.allow\nalways',
      'user.name\nt',
      '',
    ].join('\0');
    expect(chosenOverrides(listing)).toEqual([
      ['filter.a=b.clean', ''],
      ['filter.lfs.required', 'false'],
      ['diff.Evil.textconv', ''],
      ['merge.m.driver', ''],
      ['pager.log', 'false'],
      ['credential.https://h.helper', ''],
      ['gpg.ssh.program', ''],
      ['protocol.ext.allow', 'never'],
    ]);
  });

  it('a filter the repository names (`a=b`) and its fsmonitor do not run, where plain git runs them', async () => {
    const repo = join(base, 'repo');
    const marks = join(base, 'marks');
    mkdirSync(repo);
    mkdirSync(marks);
    const script = (name: string): string => {
      const path = join(base, `${name}.sh`);
      writeFileSync(path, `#!/bin/sh\necho run >> '${join(marks, name)}'\n${name === 'filter' ? 'cat\n' : ''}exit 0\n`, { mode: 0o755 });
      return path;
    };
    const g = (...args: string[]): string =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'core.hooksPath=/dev/null', ...args], {
        cwd: repo,
        encoding: 'utf8',
      });
    g('init', '-q');
    writeFileSync(join(repo, '.gitattributes'), '*.txt filter=a=b\n');
    writeFileSync(join(repo, 'a.txt'), 'one\n');
    g('add', '.');
    g('commit', '-qm', 'one');
    g('config', 'filter.a=b.clean', script('filter'));
    g('config', 'core.fsmonitor', script('fsmonitor'));
    appendFileSync(join(repo, 'a.txt'), 'two\n');

    g('diff'); // a work-tree diff cleans the changed file through the filter
    expect(readdirSync(marks).sort()).toEqual(['filter', 'fsmonitor']);
    for (const mark of readdirSync(marks)) rmSync(join(marks, mark));

    const git = await safeGit(repo);
    expect((await git.run(['diff', '--no-color', '--no-ext-diff'])).toString()).toContain('+two');
    expect(readdirSync(marks)).toEqual([]);
  });
});
