import { afterEach, describe, expect, it } from 'vitest';
import { createTestKeychain, type TestKeychain } from '../support/keychain';

describe('Keychain (keytar over the real Secret Service)', () => {
  let keychain: TestKeychain;
  afterEach(async () => keychain?.cleanup());

  it('stores, reads, lists and deletes a secret', async () => {
    keychain = createTestKeychain();
    await keychain.set('account:a1', 's3cret-value');
    expect(await keychain.get('account:a1')).toBe('s3cret-value');
    expect(await keychain.keys()).toEqual(['account:a1']);
    expect(await keychain.delete('account:a1')).toBe(true);
    expect(await keychain.get('account:a1')).toBeNull();
    expect(await keychain.delete('account:a1')).toBe(false);
  });
});
