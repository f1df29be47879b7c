/**
 * A real keychain for tests: keytar against the Secret Service of the test's D-Bus session
 * (scripts/with-keyring.sh starts gnome-keyring). Each call gets its own service name so test
 * files never see each other's items; `cleanup()` deletes whatever the test left.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../main/core/errors';
import { createKeytarKeychain, type Keychain } from '../../main/core/vault/keychain';

export interface TestKeychain extends Keychain {
  readonly service: string;
  cleanup(): Promise<void>;
}

export function requireSecretService(): void {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error('These tests need a Secret Service. Run them through `npm test` or `bash scripts/with-keyring.sh npx vitest run`.');
  }
}

export function createTestKeychain(): TestKeychain {
  requireSecretService();
  const service = `tokendesk-test-${randomUUID()}`;
  const keychain = createKeytarKeychain(service);
  return {
    ...keychain,
    service,
    async cleanup() {
      for (const key of await keychain.keys()) await keychain.delete(key);
    },
  };
}

/** A keychain whose writes fail, for show-once guarantees ("if storing fails, the caller still gets it once"). */
export function failingOnWrite(inner: Keychain): Keychain {
  return {
    ...inner,
    async set() {
      throw new AppError('keychain-failed', 'The OS keychain refused to store a secret: test keychain fails on write');
    },
  };
}
