/**
 * The one rule for which parts of an account's credentials are secret: every string field but
 * `mode` (which sign-in an OVHcloud account uses). Both ways credentials reach this process go
 * through it: typed in (add, edit) and read back from the vault when it opens.
 */
import type { AccountCredentials } from '../model';
import { rememberSecret } from '../log/known-secrets';
import { entrySecrecy } from '../vault/vault-keys';

/** Every secret field goes to the log redactor's registry. */
export function rememberCredentials(credentials: AccountCredentials): AccountCredentials {
  for (const [key, value] of Object.entries(credentials)) if (key !== 'mode' && typeof value === 'string') rememberSecret(value);
  return credentials;
}

/** Tells the log redactor every secret the vault holds, from the moment the process holds them (vault/open-secrets.ts calls it). */
export function rememberVaultEntries(entries: Iterable<readonly [key: string, value: string]>): void {
  for (const [key, value] of entries) {
    const secrecy = entrySecrecy(key);
    if (secrecy === 'not-secret') continue;
    if (secrecy === 'whole') {
      rememberSecret(value);
      continue;
    }
    try {
      rememberCredentials(JSON.parse(value) as AccountCredentials);
    } catch {
      rememberSecret(value);
    }
  }
}
