/**
 * The vault: every secret Tokendesk keeps (token values, account credentials, the fingerprint key,
 * the audit log's anchor) in one encrypted file of the profile, under one random 256-bit key kept
 * in the OS keychain. This is how VS Code, Signal Desktop and Chromium keep secrets: one keychain
 * item, not thousands (thousands are slow on Secret Service, prompt once per item on macOS, and hit
 * Windows Credential Manager's 2,560-byte limit on long values such as IAM tokens).
 *
 * - Reads come from memory, refreshed when another process (the CLI, the app) rewrote the file.
 * - Every change is one `batch`: under the profile lock, refreshed, applied, sealed with a fresh
 *   nonce and written atomically (mode 0600). A sync stores 1,000 values in one write.
 * - A vault that cannot be opened is set aside and reported, never silently overwritten.
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors';
import { readIfChanged, readWithSignature, writeAtomic, type FileSignature } from '../store/atomic-file';
import type { ProfileLock } from '../store/profile-lock';
import type { Keychain } from './keychain';
import { newProfileId, newVaultKey, openVault, sealVault, vaultProfileId, VaultFormatError, type VaultContents } from './vault-format';

/** Where secrets are read and written: the vault, or a refusing stand-in when there is no keychain. */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  has(key: string): boolean;
  /** Keys of every secret held (values are not returned). */
  keys(): string[];
  set(key: string, value: string): Promise<void>;
  /** Resolves true when a secret was removed, false when there was none. */
  delete(key: string): Promise<boolean>;
  /** Several changes in one write: a value stores, null deletes. */
  batch(changes: Iterable<readonly [key: string, value: string | null]>): Promise<void>;
  /** Takes in what another process wrote since (true when something changed). */
  refresh(): Promise<boolean>;
}

export const VAULT_FILE = 'vault.tdv';
/** The one keychain item of a profile: its vault key, base64. */
export const vaultKeyItem = (profileId: string): string => `vault-key:${profileId}`;
export const isVaultKeyItem = (item: string): boolean => item.startsWith('vault-key:');

export type VaultOpened =
  | { status: 'ok' }
  /** There was no vault file: a new, empty one was started. */
  | { status: 'created' }
  /** The vault could not be used and a new, empty one was started; `setAside` keeps the old file. */
  | { status: 'reset'; reason: 'key-lost' | 'other-key' | 'other-profile' | 'damaged'; setAside: string };

export class Vault implements SecretStore {
  #contents: VaultContents;
  #signature: FileSignature | null;
  /** Bumped by every change of #contents: a read that started before a change must not undo it. */
  #version = 0;
  /** Files written by this process since it opened the vault (benchmarks and support read it). */
  writes = 0;

  /** The random id of this vault's profile (it names the keychain item of its key). */
  get id(): string {
    return this.profileId;
  }

  private constructor(
    readonly path: string,
    private readonly profileId: string,
    private readonly key: Buffer,
    private readonly lock: ProfileLock,
    contents: VaultContents,
    signature: FileSignature | null,
    private readonly onSecrets: (entries: Iterable<readonly [key: string, value: string]>) => void,
  ) {
    this.#contents = contents;
    this.#signature = signature;
    onSecrets(Object.entries(contents.secrets));
  }

  /**
   * Opens (or creates) the vault of the profile folder the lock guards. Throws a
   * `keychain-unavailable` AppError when the keychain cannot be read: the caller runs degraded.
   * `onSecrets` hears every entry the process comes to hold (the log redactor wants the values).
   */
  static open(options: {
    lock: ProfileLock;
    keychain: Keychain;
    now?: () => Date;
    onSecrets?: (entries: Iterable<readonly [key: string, value: string]>) => void;
    /** The profile id this profile's metadata store remembers: a vault of another profile (a swapped file) is set aside. */
    expectProfileId?: string | null;
  }): Promise<{ vault: Vault; opened: VaultOpened }> {
    const { lock, keychain } = options;
    const now = options.now ?? (() => new Date());
    const onSecrets = options.onSecrets ?? (() => {});
    const path = join(lock.dir, VAULT_FILE);
    return lock.run(async () => {
      const file = await readWithSignature(path);
      const empty: VaultContents = { meta: {}, secrets: {} };
      const setAside = (why: string): string => {
        const aside = `${path}.${why}-${now().toISOString().replace(/[:.]/g, '-')}`;
        renameSync(path, aside);
        return aside;
      };
      /**
       * A new profile id and key. The key reaches the keychain (and is read back) before anything
       * else happens: a keychain that cannot store it (locked, missing) throws here, the caller runs
       * degraded, and the old vault file, if any, is still where it was. Only then is it set aside.
       */
      const start = async (aside?: {
        reason: 'key-lost' | 'other-key' | 'other-profile' | 'damaged';
        suffix: string;
      }): Promise<{ vault: Vault; opened: VaultOpened }> => {
        const profileId = newProfileId();
        const key = newVaultKey();
        await keychain.set(vaultKeyItem(profileId), key.toString('base64'));
        if ((await keychain.get(vaultKeyItem(profileId))) !== key.toString('base64')) {
          throw new AppError('keychain-unavailable', 'The OS keychain did not return what was stored in it.');
        }
        const opened: VaultOpened = aside ? { status: 'reset', reason: aside.reason, setAside: setAside(aside.suffix) } : { status: 'created' };
        const signature = await writeAtomic(path, sealVault(key, profileId, empty));
        return { vault: new Vault(path, profileId, key, lock, empty, signature, onSecrets), opened };
      };

      if (!file) return start();
      const profileId = vaultProfileId(file.data);
      if (!profileId) return start({ reason: 'damaged', suffix: 'damaged' });
      // Another profile's vault copied over this one opens with that profile's key, and would hand
      // this profile's records values and credentials that are not theirs.
      if (options.expectProfileId && profileId !== options.expectProfileId) return start({ reason: 'other-profile', suffix: 'other-profile' });
      const storedKey = await keychain.get(vaultKeyItem(profileId));
      // No key: a keychain that lost it (reset, another machine, another user account). A locked
      // keychain may also answer nothing: then it cannot store a new key either, and start() throws.
      if (!storedKey) return start({ reason: 'key-lost', suffix: 'unreadable' });
      const key = Buffer.from(storedKey, 'base64');
      try {
        return { vault: new Vault(path, profileId, key, lock, openVault(key, file.data), file.signature, onSecrets), opened: { status: 'ok' } };
      } catch (error) {
        if (!(error instanceof VaultFormatError)) throw error;
        const reason = error.failure === 'other-key' ? 'other-key' : 'damaged';
        return start({ reason, suffix: reason });
      }
    });
  }

  async get(key: string): Promise<string | null> {
    await this.refresh();
    return Object.hasOwn(this.#contents.secrets, key) ? this.#contents.secrets[key]! : null;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.#contents.secrets, key);
  }

  keys(): string[] {
    return Object.keys(this.#contents.secrets);
  }

  meta(name: string): string | undefined {
    return this.#contents.meta[name];
  }

  set(key: string, value: string): Promise<void> {
    return this.batch([[key, value]]);
  }

  async delete(key: string): Promise<boolean> {
    let had = false;
    await this.#change((contents) => {
      had = Object.hasOwn(contents.secrets, key);
      if (had) delete contents.secrets[key];
      return had;
    });
    return had;
  }

  async batch(changes: Iterable<readonly [key: string, value: string | null]>): Promise<void> {
    const list = [...changes];
    if (list.length === 0) return;
    await this.#change((contents) => {
      for (const [key, value] of list) {
        if (value === null) delete contents.secrets[key];
        else contents.secrets[key] = value;
      }
      return true;
    });
    this.onSecrets(list.flatMap(([key, value]) => (value === null ? [] : [[key, value] as const])));
  }

  setMeta(name: string, value: string): Promise<void> {
    return this.#change((contents) => {
      contents.meta[name] = value;
      return true;
    });
  }

  /**
   * Re-reads the file if another process rewrote it. A file that no longer opens with our key is
   * left alone (our copy stays in use for reading) and never written over: see #change.
   */
  async refresh(): Promise<boolean> {
    const version = this.#version;
    const file = await readIfChanged(this.path, this.#signature);
    // Another refresh or a write of ours landed while we read: what we read may be older than what we hold.
    if (!file || file.signature === this.#signature || version !== this.#version) return false;
    try {
      this.#contents = openVault(this.key, file.data);
      this.#signature = file.signature;
      this.#version += 1;
      this.onSecrets(Object.entries(this.#contents.secrets));
      this.#foreign = false;
      return true;
    } catch {
      this.#foreign = true;
      return false;
    }
  }

  /** The file on disk was replaced by one this process cannot open (another key). */
  #foreign = false;

  #serial: Promise<unknown> = Promise.resolve();

  /** Under the profile lock, one change at a time (see MetadataStore.update). */
  #change(apply: (contents: VaultContents) => boolean): Promise<void> {
    return this.lock.run(() => {
      const turn = this.#serial.then(() => this.#apply(apply));
      this.#serial = turn.catch(() => undefined);
      return turn;
    });
  }

  async #apply(apply: (contents: VaultContents) => boolean): Promise<void> {
    await this.refresh();
    if (this.#foreign) {
      throw new AppError(
        'conflict',
        'The vault file was replaced by another Tokendesk process with one this window cannot open (another key). Nothing was written over it: restart Tokendesk.',
      );
    }
    const next: VaultContents = { meta: { ...this.#contents.meta }, secrets: { ...this.#contents.secrets } };
    if (!apply(next)) return;
    this.#signature = await writeAtomic(this.path, sealVault(this.key, this.profileId, next));
    this.#contents = next;
    this.#version += 1;
    this.writes += 1;
  }
}

/**
 * Degraded mode: without a working keychain, metadata can still be listed but nothing secret is
 * stored or read, and every attempt says why (never a plaintext fallback).
 */
export function refusingSecrets(reason: string): SecretStore {
  const refuse = async (): Promise<never> => {
    throw new AppError('keychain-unavailable', reason);
  };
  return { get: refuse, set: refuse, delete: refuse, batch: refuse, has: () => false, keys: () => [], refresh: async () => false };
}
