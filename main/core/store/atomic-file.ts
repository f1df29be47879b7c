/**
 * Files of the profile that are rewritten whole (the store, the vault): written atomically (temp
 * file, fsync, rename: a crash leaves the old file or the new one, never half of one), mode 0600,
 * and recognised again by a cheap signature so a process can tell whether another one changed them.
 */
import { readFileSync, statSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

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
    const data = await readFile(path);
    return { data, signature: signatureOf(before) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function readWithSignatureSync(path: string): { data: Buffer; signature: FileSignature } | null {
  try {
    const before = statSync(path);
    return { data: readFileSync(path), signature: signatureOf(before) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Replaces the file atomically with owner-only permissions; returns the new signature. */
export async function writeAtomic(path: string, data: string | Buffer): Promise<FileSignature> {
  await writeFileAtomic(path, data, { mode: 0o600, fsync: true });
  return (await fileSignature(path))!;
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
