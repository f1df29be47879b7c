/**
 * Reads every file under the given paths, for the scanner: what is read, what is skipped and why.
 *
 * - Symbolic links are never followed (a path given by name is resolved once: the user chose it).
 *   What a link points to inside the tree is read where it is; outside it, never.
 * - `.git` folders are not read as files: their content is history, which `--git` reads through git.
 * - Binary files (a NUL byte in the first 8,000 bytes, git's own rule) and files over the size
 *   limit are skipped, counted.
 * - With `gitignore`, the files of a git work tree are those `git ls-files` lists (tracked, and
 *   untracked but not ignored): git applies every .gitignore, the global one and info/exclude.
 *
 * Reads are synchronous, into one reused buffer (a scan reads thousands of small files, where the
 * promise API costs more than the reading), and the event loop gets a turn every few milliseconds
 * so the app stays responsive during a long scan.
 */
import { execFile } from 'node:child_process';
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { promisify } from 'node:util';
import { AppError } from '../errors';
import type { ScanStats } from '../model';

const BINARY_SNIFF_BYTES = 8000;
/** How long the walker reads before giving the event loop a turn. */
const SLICE_MS = 15;

export interface WalkOptions {
  maxFileBytes: number;
  gitignore: boolean;
  signal?: AbortSignal;
}

export type Skipped = ScanStats['skipped'];

export interface WalkResult {
  files: number;
  bytes: number;
  skipped: Skipped;
  warnings: string[];
}

/** One file's bytes: valid only during the call (the buffer is reused for the next file). */
export type FileVisitor = (path: string, bytes: Buffer, length: number) => void;

export async function walkFiles(paths: readonly string[], options: WalkOptions, visit: FileVisitor): Promise<WalkResult> {
  const result: WalkResult = { files: 0, bytes: 0, skipped: { binary: 0, tooLarge: 0, symlinks: 0, unreadable: 0, ignored: 0 }, warnings: [] };
  let buffer = Buffer.allocUnsafe(1 << 20);
  let sliceStart = performance.now();
  const breathe = async (): Promise<void> => {
    if (performance.now() - sliceStart < SLICE_MS) return;
    await turn();
    options.signal?.throwIfAborted();
    sliceStart = performance.now();
  };

  const readFile = async (path: string, shown: string): Promise<void> => {
    await breathe();
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') result.skipped.unreadable += 1;
      return;
    }
    try {
      const size = fstatSync(fd).size;
      if (size > options.maxFileBytes) {
        result.skipped.tooLarge += 1;
        return;
      }
      if (size > buffer.length) buffer = Buffer.allocUnsafe(size);
      let length = 0;
      while (length < size) {
        const read = readSync(fd, buffer, length, size - length, length);
        if (read === 0) break;
        length += read;
      }
      if (buffer.subarray(0, Math.min(length, BINARY_SNIFF_BYTES)).includes(0)) {
        result.skipped.binary += 1;
        return;
      }
      result.files += 1;
      result.bytes += length;
      visit(shown, buffer, length);
    } catch {
      result.skipped.unreadable += 1;
    } finally {
      closeSync(fd);
    }
  };

  const walk = async (dir: string, shown: string): Promise<void> => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      result.skipped.unreadable += 1;
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const display = join(shown, entry.name);
      if (entry.isSymbolicLink()) result.skipped.symlinks += 1;
      else if (entry.isDirectory()) {
        if (entry.name !== '.git') await walk(path, display);
      } else if (entry.isFile()) await readFile(path, display);
    }
  };

  for (const given of paths) {
    let root: string;
    try {
      root = realpathSync(given);
    } catch {
      throw new AppError('not-found', `Nothing to scan at “${given}”: no such file or folder.`);
    }
    if (!statSync(root).isDirectory()) {
      await readFile(root, given);
      continue;
    }
    const listed = options.gitignore ? await gitListedFiles(root) : null;
    if (options.gitignore && listed === null) result.warnings.push(`${given} is not in a git work tree: .gitignore was not applied there, every file was read.`);
    if (listed === null) {
      await walk(root, given);
      continue;
    }
    const all = countFiles(root);
    for (const rel of listed) {
      const path = join(root, rel);
      let stat;
      try {
        stat = lstatSync(path);
      } catch {
        continue; // tracked but deleted from the work tree
      }
      if (stat.isSymbolicLink()) result.skipped.symlinks += 1;
      else if (stat.isFile()) await readFile(path, join(given, relative(root, path)));
    }
    result.skipped.ignored += Math.max(0, all - listed.length);
  }
  return result;
}

const git = promisify(execFile);

/** The files git would show for a work tree (tracked, and untracked but not ignored); null outside one. */
async function gitListedFiles(root: string): Promise<string[] | null> {
  try {
    const { stdout } = await git('git', ['-C', root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], { maxBuffer: 512 * 1024 * 1024, encoding: 'buffer' });
    return [...new Set(stdout.toString('utf8').split('\0').filter(Boolean))];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('invalid-input', '--gitignore needs the git command, and git is not installed (or not on PATH).');
    return null;
  }
}

/** Files under a folder (links and .git excluded), to say how many .gitignore left out. */
function countFiles(dir: string): number {
  let count = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name !== '.git') count += countFiles(join(dir, entry.name));
    else if (entry.isFile()) count += 1;
  }
  return count;
}
