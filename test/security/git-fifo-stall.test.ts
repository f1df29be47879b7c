/**
 * A repository that makes git read a file that never ends: a FIFO as its .gitignore, .mailmap,
 * .gitattributes, info/exclude, or a file its configuration includes. git would wait forever, and
 * the scan with it (each scan mode hung until killed). Every git the scan starts has a watchdog:
 * silent for its idle limit, it is killed and the scan fails with a sentence that says why.
 * (The limit is 20 s in the product; these tests pass 400 ms, and a repository without FIFOs
 * still reads normally under that limit.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { safeGit } from '../../main/core/scan/safe-git';

const root = mkdtempSync(join(tmpdir(), 'tokendesk-git-fifo-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function repository(name: string, plant: (dir: string) => void): string {
  const dir = join(root, name);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir });
  execFileSync('mkdir', ['-p', dir]);
  git('init', '-q');
  writeFileSync(join(dir, 'a.txt'), 'x\n');
  git('add', 'a.txt');
  git('commit', '-qm', 'one');
  plant(dir);
  return dir;
}
const fifo = (path: string) => execFileSync('mkfifo', [path]);

const IDLE = { idleMs: 400 };
const LIST = ['ls-files', '-z', '--cached', '--others', '--exclude-standard'];
const LOG = ['log', '-p', '--all', '--no-ext-diff', '--no-textconv'];

/** What one streamed git call ends with: its exit, or the error it emitted. */
function streamed(child: ReturnType<Awaited<ReturnType<typeof safeGit>>['spawn']>): Promise<string> {
  return new Promise((resolve) => {
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', (error) => resolve(`error: ${error.message}`));
    child.on('close', (code) => resolve(`exit ${code}`));
  });
}

describe('git that waits on a FIFO is stopped, and the scan says why', () => {
  const cases: Array<[string, (dir: string) => void, 'run' | 'spawn']> = [
    ['a FIFO .gitignore (ls-files, as --gitignore)', (d) => fifo(join(d, '.gitignore')), 'run'],
    ['a FIFO .git/info/exclude', (d) => (rmSync(join(d, '.git/info/exclude'), { force: true }), fifo(join(d, '.git/info/exclude'))), 'run'],
    ['a FIFO .gitattributes (log -p)', (d) => fifo(join(d, '.gitattributes')), 'spawn'],
  ];
  for (const [what, plant, how] of cases) {
    it(what, { timeout: 30_000 }, async () => {
      const dir = repository(what.replace(/\W+/g, '-'), plant);
      const git = await safeGit(dir, IDLE);
      const outcome =
        how === 'run'
          ? await git.run(LIST).then(
              () => 'read',
              (e: Error) => `error: ${e.message}`,
            )
          : await streamed(git.spawn(LOG));
      expect(outcome).toMatch(/^error: git stopped answering while reading .* a file that never ends/);
    });
  }

  it('a configuration that includes a FIFO stops at the first git call, with the same sentence', { timeout: 30_000 }, async () => {
    const dir = repository('include', (d) => {
      fifo(join(d, '.git/inc'));
      execFileSync('git', ['config', 'include.path', 'inc'], { cwd: d });
    });
    await expect(safeGit(dir, IDLE)).rejects.toThrow(/git stopped answering/);
  });

  it('a FIFO .mailmap is never read (log.mailmap=false), nor the mailmap and attribute files a repository names', async () => {
    const dir = repository('named', (d) => {
      fifo(join(d, '.mailmap'));
      fifo(join(d, 'elsewhere'));
      for (const key of ['mailmap.file', 'core.attributesFile', 'core.excludesFile']) execFileSync('git', ['config', key, join(d, 'elsewhere')], { cwd: d });
    });
    const git = await safeGit(dir, IDLE);
    expect((await git.run(LIST)).toString('utf8')).toContain('a.txt');
    expect(await streamed(git.spawn(LOG))).toBe('exit 0');
  });

  it('a repository without FIFOs reads normally under the same limit', async () => {
    const dir = repository('plain', () => {});
    const git = await safeGit(dir, IDLE);
    expect((await git.run(LIST)).toString('utf8')).toContain('a.txt');
    expect(await streamed(git.spawn(LOG))).toBe('exit 0');
  });
});
