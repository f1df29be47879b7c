/**
 * The profile folder as Tokendesk opens it: its own, written by nobody else, and its files opened
 * as they are, never through a symbolic link.
 *
 * Someone else who can write in the folder could plant a link at the audit log's name (the next
 * append then writes wherever it points: another user's file, a file they read) or at the store's
 * (Tokendesk reads their file as its settings). So, on open: a folder that others may write to is
 * set back to 0700 (the user's own folder with loose permissions, a common accident: said in the
 * log), a folder that belongs to another user is refused (Tokendesk cannot make it safe), and every
 * profile file is opened with O_NOFOLLOW, so a planted link fails with a clear error instead.
 * POSIX only: Windows has no such modes (the user's profile folder is assumed private) and no
 * O_NOFOLLOW (0 there).
 */
import { chmodSync, constants, mkdirSync, statSync } from 'node:fs';
import { AppError } from '../errors';
import type { Logger } from '../log/logger';

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** open(2) flags: reading, and appending (created 0600 by the caller's mode), neither through a link. */
export const READ_NO_FOLLOW = constants.O_RDONLY | NOFOLLOW;
export const APPEND_NO_FOLLOW = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NOFOLLOW;
export const CREATE_NO_FOLLOW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW;

/** Creates the folder (0700) if needed; repairs one others may write to; refuses another user's. */
export function secureProfileFolder(dir: string, logger: Logger, platform: NodeJS.Platform = process.platform): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (platform === 'win32') return;
  const folder = statSync(dir);
  if (!folder.isDirectory()) throw new AppError('invalid-input', `The profile ${dir} is not a folder.`);
  const uid = process.getuid?.();
  if (uid !== undefined && folder.uid !== uid) {
    throw new AppError(
      'conflict',
      `The profile folder ${dir} belongs to another user (uid ${folder.uid}): Tokendesk keeps its vault, settings and audit log only in a folder of yours. Use your own folder (--data-dir), or have it given to you (chown).`,
    );
  }
  if ((folder.mode & 0o022) !== 0) {
    chmodSync(dir, 0o700);
    logger.warn(
      `The profile folder ${dir} could be written by other users (mode ${(folder.mode & 0o777).toString(8)}): it was set back to 0700, so nobody else can plant or swap its files.`,
    );
  }
}

/** Whether an open failed because the path is a symbolic link (O_NOFOLLOW: ELOOP; EMLINK on FreeBSD). */
export function isLinkRefusal(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ELOOP' || code === 'EMLINK';
}

/** The clear error for a profile file that is a symbolic link; other errors unchanged. */
export function linkRefused(path: string, error: unknown): unknown {
  if (!isLinkRefusal(error)) return error;
  return new AppError(
    'conflict',
    `${path} is a symbolic link: Tokendesk opens the files of its profile only as they are, never through a link (someone who could write in the folder may have planted it). Nothing was written through it; remove the link.`,
    { cause: error },
  );
}
