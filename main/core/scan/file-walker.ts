/**
 * Reads every file under the given paths, for the scanner: what is read, what is skipped and why.
 *
 * - Symbolic links are never followed (a path given by name is resolved once: the user chose it).
 *   What a link points to inside the tree is read where it is; outside it, never. Files are opened
 *   with O_NOFOLLOW, so a link swapped in after the folder was listed is not followed either.
 * - Only regular files are read: a FIFO, a socket or a device is counted as skipped (`notRegular`),
 *   never opened in a way that waits. Every open is O_NONBLOCK and the handle is checked with
 *   fstat before a byte is read, so a FIFO put in place of a file after the listing cannot block.
 * - `.git` folders are not read as files: their content is history, which `--git` reads through git.
 * - Binary files (a NUL byte in the first 8,000 bytes, git's own rule) and files over the size
 *   limit are skipped, counted. UTF-16 text (a byte-order mark, or the zero byte every other byte of
 *   ASCII in UTF-16) is not binary: it is read as UTF-8 (text-scanner.ts).
 * - With `gitignore`, the files of a git work tree are those `git ls-files` lists (tracked, and
 *   untracked but not ignored): git applies every .gitignore, the global one and info/exclude. git
 *   runs hardened (safe-git.ts: the repository's config starts no program), and a listed path whose
 *   folder resolves outside the tree (a symbolic link in place of a tracked folder) is not read.
 *
 * Reads of regular files are synchronous, into one reused buffer (a scan reads thousands of small
 * files, where the promise API costs more than the reading), and the event loop gets a turn every
 * few milliseconds so the app stays responsive during a long scan.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { AppError } from '../errors';
import type { ScanStats } from '../model';
import { safeGit } from './safe-git';
import { utf16AsUtf8 } from './text-scanner';

/** Never waits on a FIFO or a device, never follows a final link (0 where the platform has no such flag). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
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
  const result: WalkResult = { files: 0, bytes: 0, skipped: { binary: 0, tooLarge: 0, symlinks: 0, unreadable: 0, ignored: 0, notRegular: 0 }, warnings: [] };
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
      fd = openSync(path, OPEN_FLAGS);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') result.skipped.symlinks += 1;
      else if (code !== 'ENOENT') result.skipped.unreadable += 1;
      return;
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) {
        result.skipped.notRegular += 1;
        return;
      }
      if (stat.size > options.maxFileBytes) {
        result.skipped.tooLarge += 1;
        return;
      }
      if (stat.size > buffer.length) buffer = Buffer.allocUnsafe(stat.size);
      const length = readInto(fd, buffer, stat.size);
      const text = utf16AsUtf8(buffer, length);
      if (!text && buffer.subarray(0, Math.min(length, BINARY_SNIFF_BYTES)).includes(0)) {
        result.skipped.binary += 1;
        return;
      }
      result.files += 1;
      result.bytes += length;
      if (text) visit(shown, text, text.length);
      else visit(shown, buffer, length);
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
      else result.skipped.notRegular += 1;
    }
  };

  for (const given of paths) {
    let root: string;
    let kind;
    try {
      root = realpathSync(given);
      kind = statSync(root);
    } catch {
      throw new AppError('not-found', `Nothing to scan at “${given}”: no such file or folder.`);
    }
    if (kind.isFile()) {
      await readFile(root, given);
      continue;
    }
    if (!kind.isDirectory()) {
      result.skipped.notRegular += 1;
      result.warnings.push(`${given} is not a regular file or a folder (a FIFO, a socket or a device): it was not read.`);
      continue;
    }
    const listed = options.gitignore ? await gitListedFiles(root, options.signal) : null;
    if (options.gitignore && listed === null)
      result.warnings.push(`${given} is not in a git work tree: .gitignore was not applied there, every file was read.`);
    if (listed === null) {
      await walk(root, given);
      continue;
    }
    await readListed(root, given, listed, result.skipped, readFile);
  }
  return result;
}

/** Reads up to `size` bytes of an open file into `buffer`, from its start; returns how many came. */
function readInto(fd: number, buffer: Buffer, size: number): number {
  let length = 0;
  while (length < size) {
    const read = readSync(fd, buffer, length, size - length, length);
    if (read === 0) break;
    length += read;
  }
  return length;
}

/** Reads the files git listed under `root`: none under a folder that resolves elsewhere, no link, nothing but regular files. */
async function readListed(
  root: string,
  given: string,
  listed: readonly string[],
  skipped: Skipped,
  readFile: (path: string, shown: string) => Promise<void>,
): Promise<void> {
  const all = countFiles(root);
  const inside = insideTree(root);
  for (const rel of listed) {
    const path = join(root, rel);
    if (!inside(dirname(path))) {
      skipped.symlinks += 1; // a listed path under a link to elsewhere (or beyond the tree)
      continue;
    }
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      continue; // tracked but deleted from the work tree
    }
    if (stat.isSymbolicLink()) skipped.symlinks += 1;
    else if (stat.isFile()) await readFile(path, join(given, relative(root, path)));
    else if (!stat.isDirectory()) skipped.notRegular += 1;
  }
  skipped.ignored += Math.max(0, all - listed.length);
}

/** Whether a folder, links resolved, is the tree's root or under it (each folder resolved once). */
function insideTree(root: string): (dir: string) => boolean {
  const known = new Map<string, boolean>([[root, true]]);
  return (dir) => {
    let answer = known.get(dir);
    if (answer === undefined) {
      try {
        const real = realpathSync(dir);
        answer = real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
      } catch {
        answer = false;
      }
      known.set(dir, answer);
    }
    return answer;
  };
}

/** The files git would show for a work tree (tracked, and untracked but not ignored); null outside one. */
async function gitListedFiles(root: string, signal?: AbortSignal): Promise<string[] | null> {
  try {
    const git = await safeGit(root, signal ? { signal } : {});
    const stdout = await git.run(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], 512 * 1024 * 1024);
    return [...new Set(stdout.toString('utf8').split('\0').filter(Boolean))];
  } catch (error) {
    signal?.throwIfAborted();
    if (error instanceof AppError) throw error; // git stalled on the repository's files
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new AppError('invalid-input', '--gitignore needs the git command, and git is not installed (or not on PATH).');
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
