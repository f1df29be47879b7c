/**
 * The show-once guarantee over the real Secret Service: the secret is in the keychain before the
 * caller gets anything (and before any other request); a keychain that fails still hands the
 * secret over once, loudly.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Keychain } from '../../../main/core/vault/keychain';
import { NOT_STORED_WARNING, type SecretVault } from '../../../main/core/providers/logscale';
import { createTestKeychain, failingOnWrite, type TestKeychain } from '../../support/keychain';
import { authenticates, expectNoSecret, setup, type Setup } from './helpers';

let s: Setup;
let keychain: TestKeychain;
beforeEach(async () => {
  s = await setup();
  keychain = createTestKeychain();
});
afterEach(async () => {
  await keychain.cleanup();
  await s.close();
});

const keyFor: SecretVault['keyFor'] = (t) => `token:logscale:acct-1:${t.tokenId}`;
const systemInput = { kind: 'system', name: 'shipper', permissions: ['ReadHealthCheck'], expiry: { kind: 'never' } } as const;

/** Records, at each keychain write, which requests the server had received by then. */
function observed(inner: Keychain): Keychain & { writes: Array<{ key: string; requestsSoFar: Array<string | null> }> } {
  const writes: Array<{ key: string; requestsSoFar: Array<string | null> }> = [];
  return {
    ...inner,
    writes,
    async set(key, secret) {
      writes.push({ key, requestsSoFar: s.emulator.requests.map((r) => r.operationName) });
      await inner.set(key, secret);
    },
  };
}

describe('LogScale show-once secrets', () => {
  it('stores the created secret in the keychain before any other request and before returning', async () => {
    const watched = observed(keychain);
    const result = await s.client.createTokenAndStore(systemInput, { keychain: watched, keyFor });

    expect(result.stored).toBe(true);
    expect(result.keychainKey).toBe(`token:logscale:acct-1:${result.tokenId}`);
    expect(await keychain.get(result.keychainKey!)).toBe(result.secret);
    // Written right after the create answered, before the metadata read.
    expect(watched.writes).toEqual([{ key: result.keychainKey, requestsSoFar: ['TokenPolicies', 'CreateSystemToken'] }]);
    expect(s.emulator.requests.map((r) => r.operationName)).toEqual(['TokenPolicies', 'CreateSystemToken', 'ListTokens']);
    expect(result.token?.name).toBe('shipper');
    expect(await authenticates(s, (await keychain.get(result.keychainKey!))!)).toBe(true);
  });

  it('still hands over the secret once, with a loud warning, when the keychain fails on write', async () => {
    const result = await s.client.createTokenAndStore(systemInput, { keychain: failingOnWrite(keychain), keyFor });

    expect(result.stored).toBe(false);
    if (result.stored) throw new Error('unreachable');
    expect(result.warning.startsWith(NOT_STORED_WARNING)).toBe(true);
    expect(result.warning).toMatch(/test keychain fails on write/);
    expect(result.storeError.code).toBe('keychain-failed');
    expectNoSecret(result.warning + JSON.stringify(result.storeError), result.secret);
    // The secret the user now sees is the real, working one, and nothing half-stored remains.
    expect(await authenticates(s, result.secret)).toBe(true);
    expect(await keychain.keys()).toEqual([]);
    expect(result.token?.id).toBe(result.tokenId);
  });

  it('keeps the secret when the follow-up metadata read fails', async () => {
    s.emulator.queueFaults({ kind: 'server-error', operation: 'ListTokens' });
    const result = await s.client.createTokenAndStore(systemInput, { keychain, keyFor });
    expect(result.stored).toBe(true);
    expect(result.token).toBeNull();
    expect(result.metadataError).toMatchObject({ code: 'provider', provider: { status: 503 } });
    expect(await keychain.get(result.keychainKey!)).toBe(result.secret);
    expect(await authenticates(s, result.secret)).toBe(true);
  });

  it('stores a rotated secret under the new id, and survives a failing keychain on rotation too', async () => {
    const created = await s.client.createTokenAndStore(systemInput, { keychain, keyFor });
    const rotated = await s.client.rotateTokenAndStore({ kind: 'system', id: created.tokenId }, { keychain, keyFor }, 'shipper');
    expect(rotated.stored).toBe(true);
    expect(rotated.keychainKey).toBe(`token:logscale:acct-1:${rotated.tokenId}`);
    expect(await keychain.get(rotated.keychainKey!)).toBe(rotated.secret);
    expect(await authenticates(s, created.secret)).toBe(false);

    const again = await s.client.rotateTokenAndStore({ kind: 'system', id: rotated.tokenId }, { keychain: failingOnWrite(keychain), keyFor });
    expect(again.stored).toBe(false);
    expect(again.previousId).toBe(rotated.tokenId);
    expect(await authenticates(s, again.secret)).toBe(true);
    expect(await authenticates(s, rotated.secret)).toBe(false);
  });

  it('treats a key function that throws like a failed write (the secret is not lost)', async () => {
    const result = await s.client.createTokenAndStore(systemInput, {
      keychain,
      keyFor: () => {
        throw new Error('no account id');
      },
    });
    expect(result).toMatchObject({ stored: false, keychainKey: null, storeError: { code: 'keychain-failed' } });
    expect(await authenticates(s, result.secret)).toBe(true);
  });

  it('detects a keychain that silently drops the value', async () => {
    const dropping: Keychain = { ...keychain, async set() {} };
    const result = await s.client.createTokenAndStore(systemInput, { keychain: dropping, keyFor });
    expect(result.stored).toBe(false);
    if (!result.stored) expect(result.storeError.message).toBe('The OS keychain did not return the token that was just stored in it.');
  });
});
