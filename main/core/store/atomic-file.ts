/**
 * Files of the profile that are rewritten whole (the store, the vault): written atomically (temp
 * file, fsync, rename: a crash leaves the old file or the new one, never half of one), mode 0600,
 * and recognised again by a cheap signature so a process can tell whether another one changed them.
 *
 * Written by hand, on purpose: write-file-atomic (the usual library) ignores a short write, so a
 * full disk renamed a truncated file over the good one. Here every byte is written (or the write
 * throws), the temp file's size is checked, and only then is it renamed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CREATE_NO_FOLLOW, linkRefused, READ_NO_FOLLOW } from './profile-files';

/** Identity of a file's current content: inode, size and modification time (a rename changes the inode). */
export type FileSignature = string;

const signatureOf = (s: { ino: number; size: number; mtimeMs: number }): FileSignature => `${s.ino}:${s.size}:${s.mtimeMs}`;

export async function fileSignature(path: string): Promise<FileSignature | null> {
  try {
    return signatureOf(await stat(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Reads a file and its signature together (null when there is none). */
export async function readWithSignature(path: string): Promise<{ data: Buffer; signature: FileSignature } | null> {
  try {
    const before = await stat(path);
    const data = await readFile(path, { flag: READ_NO_FOLLOW });
    return { data, signature: signatureOf(before) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw linkRefused(path, error);
  }
}

/**
 * Reads the file only if its signature differs from `known` (a `stat`, no read, when nothing
 * changed: a copy or a reveal costs no whole-file read). Null when unchanged or absent.
 */
export async function readIfChanged(path: string, known: FileSignature | null): Promise<{ data: Buffer; signature: FileSignature } | null> {
  const current = await fileSignature(path);
  if (current === null || current === known) return null;
  return readWithSignature(path);
}

export function readWithSignatureSync(path: string): { data: Buffer; signature: FileSignature } | null {
  try {
    const before = statSync(path);
    const fd = openSync(path, READ_NO_FOLLOW);
    try {
      return { data: readFileSync(fd), signature: signatureOf(before) };
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw linkRefused(path, error);
  }
}

/**
 * How the bytes reach the open file (every byte, or a throw). A seam for tests only: they swap it
 * to cut a write short after some bytes, as a full disk does, without needing a real full disk.
 * `target` is the file being replaced. Production never swaps it.
 */
export type DataWriter = (file: FileHandle, bytes: Buffer, target: string) => Promise<void>;
const writeEveryByte: DataWriter = (file, bytes) => file.writeFile(bytes);
let writeData: DataWriter = writeEveryByte;
export function setDataWriterForTests(writer: DataWriter | null): void {
  writeData = writer ?? writeEveryByte;
}

/**
 * Replaces the file atomically with owner-only permissions; returns the new signature. On any
 * failure (a full disk, an I/O error) the old file is left as it was and the temp file removed.
 */
export async function writeAtomic(path: string, data: string | Buffer): Promise<FileSignature> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const temp = `${path}.${randomBytes(6).readUIntBE(0, 6)}`;
  // Exclusive and not through a link; the rename then replaces whatever name is at `path`, link or not.
  const file = await open(temp, CREATE_NO_FOLLOW, 0o600);
  try {
    try {
      await writeData(file, bytes, path);
      await file.sync();
    } finally {
      await file.close();
    }
    const written = await stat(temp);
    if (written.size !== bytes.length) throw Object.assign(new Error(`short write: ${written.size} of ${bytes.length} bytes`), { code: 'EIO' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(dirname(path));
  return (await fileSignature(path))!;
}

/** Makes the rename itself durable (where the platform can open a folder for that). */
async function syncFolder(dir: string): Promise<void> {
  try {
    const folder = await open(dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // Windows cannot open a folder: its rename is durable enough with the file's own sync.
  }
}

/**
 * Removes the temp files a killed writer left beside `path` (`<name>.<number>`). Call it under the
 * profile lock only: no other writer is then between its temp file and its rename.
 */
export async function removeLeftoverTempFiles(path: string): Promise<number> {
  const name = basename(path);
  const leftovers = (await readdir(dirname(path))).filter((f) => f.startsWith(`${name}.`) && /^\d+$/.test(f.slice(name.length + 1)));
  await Promise.all(leftovers.map((f) => rm(join(dirname(path), f), { force: true })));
  return leftovers.length;
}
