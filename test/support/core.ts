/** A real core for tests: conf store in a temp folder, the real keychain, a recording platform. */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../main/core/core';
import { openConfStore } from '../../main/core/store/metadata-store';
import { createTestKeychain, type TestKeychain } from './keychain';
import { createRecordingPlatform, type RecordingPlatform } from '../harness/recording-platform';
import type { ProviderAdapter } from '../../main/core/tokens/adapter';

export interface TestCore {
  core: Core;
  platform: RecordingPlatform;
  keychain: TestKeychain;
  dataDir: string;
  storePath: string;
  /** Everything a state change could touch: the store file and the keychain's items. */
  snapshot(): Promise<{ store: string; keychain: Record<string, string | null>; audit: string }>;
  cleanup(): Promise<void>;
}

export async function createTestCore(options: { now?: () => number; adapterFor?: (accountId: string) => Promise<ProviderAdapter>; lockCost?: { N: number; r: number; p: number } } = {}): Promise<TestCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-test-'));
  const keychain = createTestKeychain();
  const opened = openConfStore(dataDir);
  const platform = createRecordingPlatform();
  const core = await createCore({ opened, keychain, platform, version: '0.0.0-test', runtime: 'harness', ...options });
  const storePath = opened.store.path;
  return {
    core,
    platform,
    keychain,
    dataDir,
    storePath,
    async snapshot() {
      const keys = (await keychain.keys()).sort();
      const items: Record<string, string | null> = {};
      const audit = existsSync(join(dataDir, 'audit.jsonl')) ? readFileSync(join(dataDir, 'audit.jsonl'), 'utf8') : '';
      for (const key of keys) items[key] = await keychain.get(key);
      return { store: existsSync(storePath) ? readFileSync(storePath, 'utf8') : '', keychain: items, audit };
    },
    async cleanup() {
      await keychain.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
