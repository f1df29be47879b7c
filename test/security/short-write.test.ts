/**
 * A write cut short (a full disk: ENOSPC after some bytes, or a write that returns having written
 * less) never costs the vault or the store file their previous content, on any disk. The fault
 * is injected where the bytes reach the file (atomic-file's data writer), so it needs no tmpfs
 * and no root: the tmpfs test in profile-robustness.test.ts covers the same promise where a
 * tmpfs can be mounted, and is skipped elsewhere.
 *
 * What is checked is what a restarted app finds on disk: the vault file byte for byte as it was
 * (it decrypts and holds the old secrets), the store file as it was, no temp file left behind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setDataWriterForTests, type DataWriter } from '../../main/core/store/atomic-file';
import { STORE_FILE } from '../../main/core/store/metadata-store';
import { tokenSecretKey } from '../../main/core/vault/vault-keys';
import { VAULT_FILE } from '../../main/core/vault/vault';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { createTestCore, type TestCore } from '../support/core';
import { readVaultFile } from '../support/vault';

const systemToken = (name: string) => ({
  provider: 'logscale' as const,
  kind: 'system' as const,
  name,
  permissions: ['ReadHealthCheck'],
  expiry: { kind: 'never' as const },
});

/** Where the disk fills: after no byte, half of them, all but the last. */
const CUTS: Array<[string, (size: number) => number]> = [
  ['no byte', () => 0],
  ['half the bytes', (size) => Math.floor(size / 2)],
  ['all but the last byte', (size) => size - 1],
];

/**
 * A data writer that writes the first `cut(size)` bytes of the vault's and the store's writes,
 * then throws ENOSPC (`loud`) or returns as if all were written (a short write nobody reported).
 */
function fullDisk(dir: string, cut: (size: number) => number, loud: boolean): { writer: DataWriter; hits: Set<string> } {
  const faulted = new Set([join(dir, VAULT_FILE), join(dir, STORE_FILE)]);
  const hits = new Set<string>();
  const writer: DataWriter = async (file, bytes, target) => {
    if (!faulted.has(target)) return file.writeFile(bytes);
    hits.add(target);
    const n = cut(bytes.length);
    if (n > 0) await file.write(bytes, 0, n, 0);
    if (loud) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  };
  return { writer, hits };
}

describe('a write cut short', () => {
  let ls: LogScaleEmulator;
  let t: TestCore;
  let accountId: string;
  let kept: { tokenId: string; secret: string };

  beforeEach(async () => {
    ls = await startLogScaleEmulator();
    t = await createTestCore();
    accountId = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: ls.baseUrl, token: ls.adminToken })).id;
    const created = await t.core.tokens.create(accountId, systemToken('before-the-disk-filled'));
    expect(created.stored).toBe(true);
    kept = { tokenId: created.token!.id, secret: created.secret };
  });
  afterEach(async () => {
    setDataWriterForTests(null);
    await t.cleanup();
    await ls.close();
  });

  describe.each([
    ['ENOSPC is thrown', true],
    ['the write returns without saying', false],
  ])('%s', (_how, loud) => {
    it.each(CUTS)('after %s, the vault and the store on disk are still the old, whole files', async (_where, cut) => {
      const vaultPath = join(t.dataDir, VAULT_FILE);
      const vaultBefore = readFileSync(vaultPath);
      const storeBefore = readFileSync(t.storePath, 'utf8');

      const disk = fullDisk(t.dataDir, cut, loud);
      setDataWriterForTests(disk.writer);
      // A create writes the vault (then the store); a settings change writes the store. Each may
      // fail or degrade as it says; what matters here is the files.
      await t.core.tokens.create(accountId, systemToken('while-the-disk-is-full')).catch(() => null);
      await t.core.settings.update({ clipboardClearSeconds: 45 }).catch(() => null);
      setDataWriterForTests(null);
      expect([...disk.hits].sort(), 'both files were written to (the fault was met)').toEqual([t.storePath, vaultPath].sort());

      expect(readFileSync(vaultPath).equals(vaultBefore), 'the vault file is byte for byte the old one').toBe(true);
      expect((await readVaultFile(t.dataDir, t.keychain))!.secrets[tokenSecretKey(kept.tokenId)]).toBe(kept.secret);
      expect(readFileSync(t.storePath, 'utf8')).toBe(storeBefore);
      expect(
        readdirSync(t.dataDir).filter((f) => /^(vault\.tdv|tokendesk\.json)\.\d+$/.test(f)),
        'no temp file left',
      ).toEqual([]);

      // What a restarted app finds: nothing set aside, the value acknowledged before the disk filled.
      await t.core.shutdown();
      const again = await createTestCore({ dataDir: t.dataDir, keychain: t.keychain });
      expect(again.core.profile.info().store.recoveredFrom).toBeUndefined();
      expect(again.core.profile.info().vault.state).toBe('ok');
      expect((await again.core.tokens.reveal(kept.tokenId)).value).toBe(kept.secret);
      await again.core.shutdown();
    });
  });
});
