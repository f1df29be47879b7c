/**
 * The lines a repository's commits added, read through the `git` command itself (never by parsing
 * .git): `git log -p --all` for the whole history, `git diff --cached` for what is staged. Output is
 * streamed and cut into lines as it comes (no line is held longer than it takes to scan it), so a
 * history of any size goes through in constant memory.
 *
 * Only added lines matter: a token that is in a repository was added by some commit, and the diff
 * of that commit shows it once (later commits that keep it show nothing). Line numbers are those of
 * the file in that commit, from the hunk headers (`--unified=0`: no context lines).
 *
 * git is started through safe-git.ts: nothing the repository configures (gpg for signed commits,
 * external diffs, text conversions, fsmonitor, hooks, pagers) runs.
 */
import { AppError } from '../errors';
import { safeGit, type SafeGit } from './safe-git';

export type GitChangesMode = 'history' | 'staged';

/** Called for each added line: `bytes[start, end)` is its text (without the leading `+`). */
export type AddedLineVisitor = (where: { path: string; line: number; commit: string | null }, bytes: Buffer, start: number, end: number) => void;

const COMMIT_MARK = 0x00;
const PLUS = 0x2b;
const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)/;

const ARGS: Record<GitChangesMode, string[]> = {
  // %x00%H: a commit line no diff line can look like (diff lines start with a marker character).
  history: ['log', '-p', '--all', '--format=%x00%H', '--no-show-signature', '--no-color', '--no-ext-diff', '--no-textconv', '--unified=0'],
  staged: ['diff', '--cached', '-p', '--no-color', '--no-ext-diff', '--no-textconv', '--unified=0'],
};

/** Reads a C-quoted path as git writes names with unusual characters (`"b/caf\303\251.txt"`). */
function unquote(text: string): string {
  if (!text.startsWith('"')) return text;
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i]!;
    if (c !== '\\') bytes.push(...Buffer.from(c, 'utf8'));
    else if (/[0-7]/.test(text[i + 1] ?? '')) {
      bytes.push(parseInt(text.slice(i + 1, i + 4), 8));
      i += 3;
    } else bytes.push(escapes[text[++i] ?? ''] ?? 0x3f);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Refuses what is not a git repository before anything is read (git's own commands answer that in many ways). */
async function requireRepository(repository: string, mode: GitChangesMode, signal?: AbortSignal): Promise<SafeGit> {
  try {
    const git = await safeGit(repository, signal ? { signal } : {});
    await git.run(['rev-parse', '--git-dir']);
    return git;
  } catch (error) {
    signal?.throwIfAborted();
    if (error instanceof AppError) throw error; // git stalled on the repository's files
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new AppError('invalid-input', 'Scanning git history needs the git command, and git is not installed (or not on PATH).');
    throw new AppError(
      'invalid-input',
      `${repository} is not a git repository: ${mode === 'staged' ? 'there are no staged changes to check' : 'there is no history to scan'}.`,
    );
  }
}

/** Streams the added lines of a repository's history or staged changes; resolves with the number of commits read. */
export async function readAddedLines(repository: string, mode: GitChangesMode, visit: AddedLineVisitor, signal?: AbortSignal): Promise<{ commits: number }> {
  const git = await requireRepository(repository, mode, signal);
  return new Promise((resolve, reject) => {
    const child = git.spawn(ARGS[mode]);
    let commits = 0;
    let commit: string | null = null;
    let path: string | null = null;
    let inHeader = false;
    let next = 0;
    let pending: Buffer | null = null;
    let stderr = '';

    const onLine = (buf: Buffer, start: number, end: number): void => {
      const first = buf[start];
      if (first === COMMIT_MARK) {
        commit = buf.toString('latin1', start + 1, end).trim();
        commits += 1;
        inHeader = false;
        path = null;
        return;
      }
      if (!inHeader && first === PLUS && path !== null) {
        visit({ path, line: next, commit }, buf, start + 1, end);
        next += 1;
        return;
      }
      if (first === 0x64 && buf.toString('latin1', start, start + 11) === 'diff --git ') {
        inHeader = true;
        path = null;
        return;
      }
      if (inHeader && first === PLUS && buf.toString('latin1', start, start + 4) === '+++ ') {
        const name = unquote(buf.toString('utf8', start + 4, end).replace(/[\t\r]+$/, ''));
        path = name === '/dev/null' ? null : name.replace(/^b\//, '');
        return;
      }
      if (first === 0x40) {
        const hunk = HUNK.exec(buf.toString('latin1', start, Math.min(end, start + 64)));
        if (hunk) {
          next = Number(hunk[1]);
          inHeader = false;
        }
      }
    };

    child.stdout.on('data', (chunk: Buffer) => {
      const buf = pending ? Buffer.concat([pending, chunk]) : chunk;
      let start = 0;
      for (let nl = buf.indexOf(0x0a, start); nl >= 0; nl = buf.indexOf(0x0a, start)) {
        onLine(buf, start, nl);
        start = nl + 1;
      }
      pending = start < buf.length ? buf.subarray(start) : null;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT')
        reject(new AppError('invalid-input', 'Scanning git history needs the git command, and git is not installed (or not on PATH).'));
      else reject(error);
    });
    child.on('close', (code) => {
      if (pending) onLine(pending, 0, pending.length);
      if (code === 0) return resolve({ commits });
      const said = stderr.trim().split('\n')[0] ?? '';
      if (/does not have any commits|bad default revision/i.test(said)) resolve({ commits: 0 });
      else reject(new AppError('internal', `git could not read ${repository}: ${said || `exit code ${code}`}.`));
    });
  });
}
