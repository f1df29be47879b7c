/**
 * The vault file's format: one AES-256-GCM sealed JSON document (node:crypto), under a 256-bit key
 * that lives in the OS keychain.
 *
 *   offset  0  "TDVAULT"   magic (7 bytes)
 *           7  version     1 byte (1)
 *           8  profile id  16 random bytes, chosen when the vault is created; the keychain item
 *                          that holds the key is named after it, so two profiles (the app's, a
 *                          CLI `--data-dir`) never share or overwrite each other's key
 *          24  key id      8 bytes: HMAC-SHA-256(key, KEY_ID_LABEL), truncated; tells "written
 *                          with another key" (a foreign or replaced vault) from "damaged"
 *          32  nonce       12 random bytes, fresh for every write
 *          44  ciphertext  the JSON contents
 *       end-16 tag         GCM authentication tag
 *
 * The 44-byte header is the GCM additional data, so version, profile id and key id are
 * authenticated too.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export interface VaultContents {
  /** Facts about the vault itself (e.g. whether the old per-item keychain entries were migrated). */
  meta: Record<string, string>;
  /** key -> secret: `token:<id>`, `account:<id>`, `install:fingerprint-key`, … */
  secrets: Record<string, string>;
}

const MAGIC = Buffer.from('TDVAULT', 'ascii');
const VERSION = 1;
const HEADER_LENGTH = 44;
const TAG_LENGTH = 16;
const KEY_ID_LABEL = 'tokendesk vault key id';

export type OpenFailure = 'not-a-vault' | 'unsupported-version' | 'other-key' | 'damaged';

export class VaultFormatError extends Error {
  constructor(readonly failure: OpenFailure) {
    super(`vault file: ${failure}`);
    this.name = 'VaultFormatError';
  }
}

export const newVaultKey = (): Buffer => randomBytes(32);
export const newProfileId = (): string => randomBytes(16).toString('hex');

/** The profile id of a vault file, or null when the file is not a vault of a version we read. */
export function vaultProfileId(file: Buffer): string | null {
  if (file.length < HEADER_LENGTH + TAG_LENGTH || !file.subarray(0, 7).equals(MAGIC) || file[7] !== VERSION) return null;
  return file.subarray(8, 24).toString('hex');
}

function keyId(key: Buffer): Buffer {
  return createHmac('sha256', key).update(KEY_ID_LABEL).digest().subarray(0, 8);
}

export function sealVault(key: Buffer, profileId: string, contents: VaultContents): Buffer {
  const nonce = randomBytes(12);
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION]), Buffer.from(profileId, 'hex'), keyId(key), nonce]);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(JSON.stringify(contents), 'utf8'), cipher.final()]);
  return Buffer.concat([header, body, cipher.getAuthTag()]);
}

export function openVault(key: Buffer, file: Buffer): VaultContents {
  if (file.length < HEADER_LENGTH + TAG_LENGTH || !file.subarray(0, 7).equals(MAGIC)) throw new VaultFormatError('not-a-vault');
  if (file[7] !== VERSION) throw new VaultFormatError('unsupported-version');
  if (!file.subarray(24, 32).equals(keyId(key))) throw new VaultFormatError('other-key');
  const header = file.subarray(0, HEADER_LENGTH);
  const decipher = createDecipheriv('aes-256-gcm', key, file.subarray(32, HEADER_LENGTH));
  decipher.setAAD(header);
  decipher.setAuthTag(file.subarray(file.length - TAG_LENGTH));
  let text: string;
  try {
    text = Buffer.concat([decipher.update(file.subarray(HEADER_LENGTH, file.length - TAG_LENGTH)), decipher.final()]).toString('utf8');
  } catch {
    throw new VaultFormatError('damaged');
  }
  let parsed: Partial<VaultContents>;
  try {
    parsed = JSON.parse(text) as Partial<VaultContents>;
  } catch {
    throw new VaultFormatError('damaged');
  }
  return { meta: { ...(parsed.meta ?? {}) }, secrets: { ...(parsed.secrets ?? {}) } };
}
