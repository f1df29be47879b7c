/**
 * Writes a file that holds secrets (a rendered config template): readable by its owner only (0600),
 * written atomically (a reader sees the old file or the new one, never half of one), and only where
 * nobody else can interfere.
 *
 * What an attacker could do with the output path, and what is refused:
 * - a symbolic link planted at the path would make a naive writer put the secrets where the link
 *   points (a world-readable file, another user's home): the path must not be a link, and the
 *   final rename replaces a name, it never follows one;
 * - in a folder others may write to (/tmp), they can plant a link at the temporary name, or swap the
 *   file between the write and the rename: the folder must belong to the current user and be
 *   writable by nobody else (POSIX; on Windows the user's own folders are assumed);
 * - a FIFO or a device at the path would receive the secrets somewhere else: only a regular file
 *   (or nothing yet) may be replaced.
 * The temporary file is created exclusively (O_EXCL, which refuses an existing name, link or not)
 * with mode 0600 from the start, filled, flushed to disk, then renamed over the target.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, lstatSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../errors';

const refuse = (text: string): AppError => new AppError('invalid-input', text, { issues: [`out: ${text}`] });

export function checkSecretFileTarget(path: string): string {
  const target = resolve(path);
  const folder = dirname(target);
  let existing;
  try {
    existing = lstatSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (existing?.isSymbolicLink())
    throw refuse(`${path} is a symbolic link: Tokendesk writes secrets only to a regular file it replaces, never through a link.`);
  if (existing && !existing.isFile()) throw refuse(`${path} is not a regular file.`);
  let folderStat;
  try {
    folderStat = statSync(folder);
  } catch {
    throw refuse(`The folder of ${path} does not exist.`);
  }
  if (!folderStat.isDirectory()) throw refuse(`The folder of ${path} is not a folder.`);
  if (process.platform !== 'win32') {
    const uid = process.getuid?.();
    if (uid !== undefined && folderStat.uid !== uid) throw refuse(`${folder} belongs to another user: secrets are written only in your own folders.`);
    if ((folderStat.mode & 0o022) !== 0)
      throw refuse(`${folder} can be written by other users (like /tmp): they could swap or redirect the file. Write it in a folder only you can write to.`);
    if (existing && uid !== undefined && existing.uid !== uid) throw refuse(`${path} belongs to another user.`);
  }
  return target;
}

/** Writes `content` to `path` with mode 0600, atomically, after `checkSecretFileTarget`. */
export function writeSecretFile(path: string, content: string): string {
  const target = checkSecretFileTarget(path);
  const temp = join(dirname(target), `.${basename(target)}.tokendesk-${randomBytes(6).toString('hex')}`);
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    const data = Buffer.from(content, 'utf8');
    for (let written = 0; written < data.length;) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return target;
}
