/**
 * The metadata store: everything Tokendesk remembers that is not secret (accounts' non-secret
 * settings, token metadata, settings, expiry notifications sent), in one JSON file of the profile.
 *
 * - Reads come from memory: one parse when the profile opens, not one per read.
 * - Every change is one `update`: under the profile lock, the file is re-read if another process
 *   (the CLI, the app) changed it since, the change is applied to that fresh copy, and the file is
 *   rewritten once, atomically, mode 0600. A sync of 1,000 tokens is one write, not 1,000.
 * - `refresh` picks up another process's changes (the app calls it when the file changes on disk).
 * - A file that cannot be parsed is moved aside (never deleted: it may be needed for support) and
 *   a fresh store is opened, to be refilled from the vault and the next sync.
 */
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountRecord, LostValue, Settings, TokenRecord } from '../model';
import { DEFAULT_SETTINGS } from '../settings/default-settings';
import { readIfChanged, readWithSignatureSync, writeAtomic, type FileSignature } from './atomic-file';
import type { ProfileLock } from './profile-lock';

export interface StoreData {
  schemaVersion: 1;
  accounts: AccountRecord[];
  tokens: TokenRecord[];
  /** Expiry notifications already sent: token id -> thresholds (days) done. */
  alertsSent: Record<string, number[]>;
  settings: Settings;
  /** The id of this profile's vault: a vault file of another profile is not taken for this one's. */
  vaultProfileId?: string;
  /** Token values a vault that could not be opened took with it: shown until the admin has seen them. */
  lostValues?: LostValue[];
}

export const STORE_DEFAULTS: StoreData = { schemaVersion: 1, accounts: [], tokens: [], alertsSent: {}, settings: DEFAULT_SETTINGS };

/** The file name of the store in the profile folder (the one earlier versions wrote too). */
export const STORE_FILE = 'tokendesk.json';

/** A change: the parts of the data it replaces (the others are kept as they are, by reference). */
export type StoreChange = (current: Readonly<StoreData>) => Partial<StoreData> | undefined;

export class MetadataStore {
  #data: StoreData;
  #signature: FileSignature | null;
  #onReload: (before: StoreData, after: StoreData) => void | Promise<void> = () => {};
  /** Bumped by every change of #data: a read that started before a change must not undo it. */
  #version = 0;
  /** Files written by this process since it opened the store (benchmarks and support read it). */
  writes = 0;

  private constructor(
    readonly path: string,
    private readonly lock: ProfileLock,
    data: StoreData,
    signature: FileSignature | null,
  ) {
    this.#data = data;
    this.#signature = signature;
  }

  /**
   * Opens the store of the profile folder the lock guards. `recoveredFrom` is set when the file on
   * disk was unreadable: where the damaged copy was moved to.
   */
  static open(lock: ProfileLock, now: () => Date = () => new Date()): { store: MetadataStore; recoveredFrom?: string } {
    mkdirSync(lock.dir, { recursive: true, mode: 0o700 });
    const path = join(lock.dir, STORE_FILE);
    const read = readWithSignatureSync(path);
    if (!read) return { store: new MetadataStore(path, lock, STORE_DEFAULTS, null) };
    const data = parseStore(read.data);
    if (data) return { store: new MetadataStore(path, lock, data, read.signature) };
    const aside = `${path}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(path, aside);
    return { store: new MetadataStore(path, lock, STORE_DEFAULTS, null), recoveredFrom: aside };
  }

  /** Hears every newer version written by another process, whoever noticed it (a write, a watcher). */
  onReload(listener: (before: StoreData, after: StoreData) => void | Promise<void>): void {
    this.#onReload = listener;
  }

  get<K extends keyof StoreData>(key: K): StoreData[K] {
    return this.#data[key];
  }

  /**
   * Applies one change to the freshest data and writes the file once. Returns the data before and
   * after, so callers can tell what changed (token deltas). A change that returns nothing writes nothing.
   */
  update(change: StoreChange): Promise<{ before: StoreData; after: StoreData }> {
    // Under the profile lock, and one at a time: a listener running inside a locked section (it
    // holds the lock too) must not read and write between two of the section's own changes.
    return this.lock.run(() => {
      const turn = this.#serial.then(() => this.#apply(change));
      this.#serial = turn.catch(() => undefined);
      return turn;
    });
  }

  #serial: Promise<unknown> = Promise.resolve();

  async #apply(change: StoreChange): Promise<{ before: StoreData; after: StoreData }> {
    await this.refresh();
    const before = this.#data;
    const parts = change(before);
    if (!parts) return { before, after: before };
    const after: StoreData = { ...before, ...parts };
    this.#signature = await writeAtomic(this.path, JSON.stringify(after));
    this.#data = after;
    this.#version += 1;
    this.writes += 1;
    return { before, after };
  }

  /**
   * Re-reads the file if another process changed it since we last read or wrote it. Returns the
   * data before and after when it did, null when nothing changed. A file that another process
   * left unparsable is not taken (our copy stays; the next write replaces it).
   */
  async refresh(): Promise<{ before: StoreData; after: StoreData } | null> {
    const version = this.#version;
    const read = await readIfChanged(this.path, this.#signature);
    // Another refresh or a write of ours landed while we read: what we read may be older than what we hold.
    if (!read || read.signature === this.#signature || version !== this.#version) return null;
    const data = parseStore(read.data);
    if (!data) return null;
    const before = this.#data;
    this.#data = data;
    this.#signature = read.signature;
    this.#version += 1;
    await this.#onReload(before, data);
    return { before, after: data };
  }
}

function parseStore(raw: Buffer): StoreData | null {
  try {
    const parsed = JSON.parse(raw.toString('utf8')) as Partial<StoreData> | null;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    return {
      schemaVersion: 1,
      accounts: Array.isArray(parsed.accounts) ? parsed.accounts : [],
      // Earlier versions stored `revoking`, which a killed process left behind for ever: the revoke
      // was not confirmed, so the token is still active.
      tokens: Array.isArray(parsed.tokens) ? parsed.tokens.map((t) => ((t.status as string) === 'revoking' ? { ...t, status: 'active' } : t)) : [],
      alertsSent: parsed.alertsSent && typeof parsed.alertsSent === 'object' ? parsed.alertsSent : {},
      settings: { ...DEFAULT_SETTINGS, ...(parsed.settings ?? {}) },
      ...(typeof parsed.vaultProfileId === 'string' ? { vaultProfileId: parsed.vaultProfileId } : {}),
      ...(Array.isArray(parsed.lostValues) && parsed.lostValues.length ? { lostValues: parsed.lostValues } : {}),
    };
  } catch {
    return null;
  }
}
