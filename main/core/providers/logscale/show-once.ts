/**
 * The show-once guarantee (DESIGN.md "Secrets"): LogScale returns a token's secret once, from the
 * create or rotate mutation, and never again. The secret goes into the keychain the moment it
 * exists, before the caller gets anything. When the keychain fails, the secret is NOT dropped:
 * the caller receives it with `stored: false` and a warning to show it now.
 */
import { AppError } from '../../errors';
import type { ErrorPayload } from '../../model';
import type { SecretVault, TokenKind } from './types';

export type StoreOutcome =
  | { stored: true; keychainKey: string }
  | { stored: false; keychainKey: string | null; warning: string; storeError: ErrorPayload };

export const NOT_STORED_WARNING =
  'NOT SAVED: Tokendesk could not store this token in the OS keychain. LogScale shows a token only once: ' +
  'copy it now and keep it somewhere safe. If it is lost, rotate the token to get a new one.';

/**
 * Stores `secret` under `vault.keyFor(info)` and reads it back. Never throws: a failure (including
 * a `keyFor` that throws, or a keychain that silently drops the value) comes back as
 * `stored: false` with the reason, so the caller can still hand the secret to the user once.
 */
export async function storeSecretOnce(
  vault: SecretVault,
  info: { kind: TokenKind; tokenId: string; name: string | null; previousId?: string },
  secret: string,
): Promise<StoreOutcome> {
  let key: string | null = null;
  try {
    key = vault.keyFor(info);
    await vault.keychain.set(key, secret);
    const readBack = await vault.keychain.get(key);
    if (readBack !== secret) {
      throw new AppError('keychain-failed', 'The OS keychain did not return the token that was just stored in it.');
    }
    return { stored: true, keychainKey: key };
  } catch (error) {
    // AppError messages are built without secrets (keychain.ts); anything else is summarised
    // without its text, which we do not control.
    const storeError: ErrorPayload =
      error instanceof AppError ? error.toPayload() : { code: 'keychain-failed', message: 'The OS keychain refused to store the token.' };
    return { stored: false, keychainKey: key, warning: `${NOT_STORED_WARNING} Reason: ${storeError.message}`, storeError };
  }
}
