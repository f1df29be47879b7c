/**
 * The vault against the real Secret Service (scripts/with-keyring.sh): one keychain item per
 * profile, every secret in one AES-256-GCM file (mode 0600, a fresh nonce per write, written
 * atomically); a damaged, re-keyed or orphaned vault is set aside and reported, never overwritten.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileLock } from '../../main/core/store/profile-lock';
import { newVaultKey, vaultProfileId } from '../../main/core/vault/vault-format';
import { Vault, VAULT_FILE, vaultKeyItem } from '../../main/core/vault/vault';
import { createTestKeychain, type TestKeychain } from '../support/keychain';
import { readVaultFile } from '../support/vault';

const SECRET = 'VaultTestIdAbCdEf0123~a-secret-that-must-never-be-plaintext-0123456789';

describe('vault', () => {
  let dir: string;
  let keychain: TestKeychain;
  const open = () => Vault.open({ lock: new ProfileLock(dir), keychain, now: () => new Date('2026-11-30T12:00:00Z') });
  const vaultPath = () => join(dir, VAULT_FILE);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokendesk-vault-'));
    keychain = createTestKeychain();
  });
  afterEach(async () => {
    await keychain.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every secret in one owner-only file, under one keychain item that holds only the key', async () => {
    const { vault, opened } = await open();
    expect(opened).toEqual({ status: 'created' });
    await vault.batch(Array.from({ length: 500 }, (_, i) => [`token:t${i}`, `${SECRET}-${i}`] as const));
    expect(await keychain.keys()).toEqual([vaultKeyItem(vaultProfileId(readFileSync(vaultPath()))!)]);
    expect(statSync(vaultPath()).mode & 0o777).toBe(0o600);
    const raw = readFileSync(vaultPath());
    for (const form of [SECRET, Buffer.from(SECRET).toString('base64'), Buffer.from(SECRET).toString('hex'), 'token:t1'])
      expect(raw.includes(form)).toBe(false);
    const again = await open();
    expect(again.opened).toEqual({ status: 'ok' });
    expect(await again.vault.get('token:t499')).toBe(`${SECRET}-499`);
    expect(again.vault.keys()).toHaveLength(500);
  });

  it('seals every write with a fresh nonce, so the same contents never give the same file', async () => {
    const { vault } = await open();
    await vault.set('token:a', SECRET);
    const first = readFileSync(vaultPath());
    await vault.set('token:a', SECRET);
    const second = readFileSync(vaultPath());
    expect(second.equals(first)).toBe(false);
    expect(second.subarray(32, 44).equals(first.subarray(32, 44))).toBe(false); // the nonce
  });

  it('sees what another opener of the same profile wrote (the app and the CLI)', async () => {
    const app = (await open()).vault;
    const cli = (await open()).vault;
    await cli.set('token:from-cli', SECRET);
    expect(await app.get('token:from-cli')).toBe(SECRET);
    await app.set('token:from-app', 'x');
    expect(await cli.get('token:from-cli')).toBe(SECRET); // the app's write kept the CLI's value
    expect(await cli.get('token:from-app')).toBe('x');
  });

  it('a damaged file is set aside, kept byte for byte, and reported; a new vault starts', async () => {
    const { vault } = await open();
    await vault.set('token:a', SECRET);
    const damaged = readFileSync(vaultPath());
    damaged[damaged.length - 40]! ^= 0xff; // one flipped bit in the ciphertext
    writeFileSync(vaultPath(), damaged);
    const reopened = await open();
    expect(reopened.opened).toMatchObject({
      status: 'reset',
      reason: 'damaged',
      setAside: expect.stringContaining('vault.tdv.damaged-2026-11-30T12-00-00-000Z'),
    });
    const aside = (reopened.opened as { setAside: string }).setAside;
    expect(readFileSync(aside).equals(damaged)).toBe(true);
    expect(await reopened.vault.get('token:a')).toBeNull();
    await reopened.vault.set('token:b', 'works');
    expect((await open()).opened).toEqual({ status: 'ok' });
  });

  it('a file that is not a vault at all is set aside as damaged, never overwritten', async () => {
    writeFileSync(vaultPath(), '{"this": "is not a vault"}');
    const { opened } = await open();
    expect(opened).toMatchObject({ status: 'reset', reason: 'damaged' });
    expect(readFileSync((opened as { setAside: string }).setAside, 'utf8')).toBe('{"this": "is not a vault"}');
  });

  it('a vault whose key the keychain lost (a reset keyring, another machine) is set aside and reported', async () => {
    const { vault } = await open();
    await vault.set('token:a', SECRET);
    for (const item of await keychain.keys()) await keychain.delete(item);
    const reopened = await open();
    expect(reopened.opened).toMatchObject({ status: 'reset', reason: 'key-lost', setAside: expect.stringContaining('vault.tdv.unreadable-') });
    expect(existsSync((reopened.opened as { setAside: string }).setAside)).toBe(true);
    expect(reopened.vault.keys()).toEqual([]);
  });

  it('a vault written with another key than the keychain holds is set aside as such', async () => {
    await (await open()).vault.set('token:a', SECRET);
    const profileId = vaultProfileId(readFileSync(vaultPath()))!;
    await keychain.set(vaultKeyItem(profileId), newVaultKey().toString('base64'));
    const { opened } = await open();
    expect(opened).toMatchObject({ status: 'reset', reason: 'other-key' });
    expect(readdirSync(dir).filter((f) => f.startsWith('vault.tdv.other-key-'))).toHaveLength(1);
  });

  it('two profiles on one keychain never share or overwrite each other’s key', async () => {
    const other = mkdtempSync(join(tmpdir(), 'tokendesk-vault-other-'));
    try {
      const a = (await open()).vault;
      const b = (await Vault.open({ lock: new ProfileLock(other), keychain })).vault;
      await a.set('token:x', 'from a');
      await b.set('token:x', 'from b');
      expect(await keychain.keys()).toHaveLength(2);
      expect((await readVaultFile(dir, keychain))!.secrets['token:x']).toBe('from a');
      expect((await readVaultFile(other, keychain))!.secrets['token:x']).toBe('from b');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
