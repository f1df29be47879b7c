/** A real core for tests: a profile in a temp folder, the real keychain (vault key), a recording platform. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../main/core/core';
import { AppError } from '../../main/core/errors';
import { STORE_FILE } from '../../main/core/store/metadata-store';
import type { ProviderAdapter } from '../../main/core/tokens/adapter';
import type { SecretStore } from '../../main/core/vault/vault';
import { createRecordingPlatform, type RecordingPlatform } from '../harness/recording-platform';
import { createTestKeychain, type TestKeychain } from './keychain';
import { readVaultFile, vaultSecret } from './vault';

export interface TestCore {
  core: Core;
  platform: RecordingPlatform;
  keychain: TestKeychain;
  dataDir: string;
  storePath: string;
  /** A secret as the vault file on disk holds it (decrypted with the keychain's key), or null. */
  secret(key: string): Promise<string | null>;
  /** While on, every vault write fails (a full disk): the show-once guarantees must hold. */
  failSecretWrites(on: boolean): void;
  /** Everything a state change could touch: the store file, the keychain's items, the vault's secrets, the audit log. */
  snapshot(): Promise<{ store: string; keychain: Record<string, string | null>; vault: Record<string, string>; audit: string }>;
  cleanup(): Promise<void>;
}

export async function createTestCore(
  options: {
    now?: () => number;
    adapterFor?: (accountId: string) => Promise<ProviderAdapter>;
    dataDir?: string;
    keychain?: TestKeychain;
    lockCost?: { N: number; r: number; p: number };
  } = {},
): Promise<TestCore> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tokendesk-test-'));
  const keychain = options.keychain ?? createTestKeychain();
  const platform = createRecordingPlatform();
  const { wrapSecrets, failSecretWrites } = failableSecrets();
  const coreOptions: CoreOptions = {
    profileDir: dataDir,
    keychain,
    platform,
    version: '0.0.0-test',
    runtime: 'harness',
    wrapSecrets,
    ...(options.now ? { now: options.now } : {}),
    ...(options.adapterFor ? { adapterFor: options.adapterFor } : {}),
    ...(options.lockCost ? { lockCost: options.lockCost } : {}),
  };
  const core = await createCore(coreOptions);
  const storePath = join(dataDir, STORE_FILE);
  return {
    core,
    platform,
    keychain,
    dataDir,
    storePath,
    secret: (key) => vaultSecret(dataDir, keychain, key),
    failSecretWrites,
    async snapshot() {
      const keys = (await keychain.keys()).sort();
      const items: Record<string, string | null> = {};
      for (const key of keys) items[key] = await keychain.get(key);
      const audit = existsSync(join(dataDir, 'audit.jsonl')) ? readFileSync(join(dataDir, 'audit.jsonl'), 'utf8') : '';
      const vault = (await readVaultFile(dataDir, keychain))?.secrets ?? {};
      return { store: existsSync(storePath) ? readFileSync(storePath, 'utf8') : '', keychain: items, vault, audit };
    },
    async cleanup() {
      await core.shutdown();
      await keychain.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A wrapper for the core's vault whose writes can be made to fail, as on a full disk. */
export function failableSecrets(): { wrapSecrets: (inner: SecretStore) => SecretStore; failSecretWrites: (on: boolean) => void } {
  let failing = false;
  const refuse = async (): Promise<never> => {
    throw new AppError('keychain-failed', 'The vault could not be written: test disk is full');
  };
  const wrapSecrets = (inner: SecretStore): SecretStore => ({
    get: (key) => inner.get(key),
    has: (key) => inner.has(key),
    keys: () => inner.keys(),
    set: (key, value) => (failing ? refuse() : inner.set(key, value)),
    delete: (key) => (failing ? refuse() : inner.delete(key)),
    batch: (changes) => (failing ? refuse() : inner.batch(changes)),
    refresh: () => inner.refresh(),
  });
  return { wrapSecrets, failSecretWrites: (on) => void (failing = on) };
}
