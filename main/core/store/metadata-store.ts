/**
 * The metadata store: everything Tokendesk remembers that is not secret (accounts' non-secret
 * settings, token metadata, settings). It has the electron-store / conf API: the Electron shell
 * passes an electron-store, tests and the harness pass a `conf` with a temporary `cwd`. Both write
 * atomically (write to a temp file, then rename), so a crash never leaves a half-written file.
 */
import { existsSync, renameSync } from 'node:fs';
import Conf from 'conf';
import type { AccountRecord } from '../model';
import { DEFAULT_SETTINGS } from '../settings/settings-service';
import type { Settings } from '../model';
import type { TokenRecord } from '../model';

export interface StoreData {
  schemaVersion: 1;
  accounts: AccountRecord[];
  tokens: TokenRecord[];
  /** Expiry notifications already sent: token id -> thresholds (days) done. */
  alertsSent: Record<string, number[]>;
  settings: Settings;
}

export const STORE_DEFAULTS: StoreData = { schemaVersion: 1, accounts: [], tokens: [], alertsSent: {}, settings: DEFAULT_SETTINGS };

/** The subset of the conf / electron-store API the core uses. */
export interface MetadataStore {
  get<K extends keyof StoreData>(key: K): StoreData[K];
  set<K extends keyof StoreData>(key: K, value: StoreData[K]): void;
  readonly path: string;
}

/** The file name (without .json) both conf and electron-store use. */
export const STORE_NAME = 'tokendesk';

export interface OpenedStore {
  store: MetadataStore;
  /** Set when the file on disk was unreadable: where the damaged copy was moved to. */
  recoveredFrom?: string;
}

/**
 * Opens the store through `open` (a conf or electron-store constructor call). A file that cannot be
 * parsed is moved aside (never deleted: it may be needed for support) and a fresh store is opened,
 * to be refilled by the next sync; secrets are unaffected because they live in the keychain.
 */
export function openStoreWith(open: () => MetadataStore, filePath: string, now: () => Date = () => new Date()): OpenedStore {
  try {
    return { store: open() };
  } catch (error) {
    if (!existsSync(filePath) || !(error instanceof SyntaxError)) throw error;
    const aside = `${filePath}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(filePath, aside);
    return { store: open(), recoveredFrom: aside };
  }
}

/** A conf-backed store in `cwd` (tests, harness, CLI). */
export function openConfStore(cwd: string): OpenedStore {
  const open = (): MetadataStore => new Conf<StoreData>({ cwd, configName: STORE_NAME, defaults: STORE_DEFAULTS, projectName: 'tokendesk' });
  return openStoreWith(open, `${cwd}/${STORE_NAME}.json`);
}
