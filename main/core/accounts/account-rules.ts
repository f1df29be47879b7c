/**
 * What an account's input and changes become, whatever its platform: the platform's module maps
 * the fields (ProviderModule.splitInput / applyChange); the rules every platform shares live here.
 */
import { AppError } from '../errors';
import { serverOf, trimBaseUrl } from '../net/base-url';
import { visibleName } from '../visible-name';
import type { AccountChange, AccountRecord, AddAccountInput } from '../model';
import { providerModule, type AccountDraft, type Connection } from '../providers/registry';

export const NEW_ADDRESS_NEEDS_CREDENTIAL = 'A new address needs its credential entered again: Tokendesk does not send the stored one to another server.';

/**
 * An account as it would be after `change`: its connection, and the new credentials when the change
 * carries some. A credential of the other provider, or OVHcloud's other sign-in mode with the old
 * application key, is refused here rather than stored. So is a new address (another server: origin or path) without
 * its credential: the check and the save both come through here, and neither may present the
 * stored credential to a server it was not given for.
 */
export function applyChange(record: AccountRecord, change: AccountChange): AccountDraft {
  const module = providerModule(record.connection.provider);
  const given = change.credentials;
  if (given && given.provider !== record.connection.provider) {
    throw new AppError('invalid-input', `This is a ${module.displayName} account: give a credential of that platform.`, {
      issues: ['credentials: is for the other platform'],
    });
  }
  const draft = module.applyChange(record.connection, change);
  if (!draft.credentials && serverOf(draft.connection.baseUrl) !== serverOf(record.connection.baseUrl)) {
    const fields = module.credentialFields(record.connection);
    throw new AppError('invalid-input', NEW_ADDRESS_NEEDS_CREDENTIAL, { issues: fields.map((f) => `credentials.${f}: ${NEW_ADDRESS_NEEDS_CREDENTIAL}`) });
  }
  return draft;
}

/** An add form's input as what the metadata store keeps (the connection) and what the vault keeps (the credentials). */
export function splitInput(input: AddAccountInput): { connection: Connection; credentials: NonNullable<AccountDraft['credentials']> } {
  return providerModule(input.provider).splitInput(input);
}

/** An edit planned for one address while the account was pointed at another (by another window or process). */
export function movedWhileEditing(record: Pick<AccountRecord, 'label' | 'connection'>, plannedAt: string): AppError {
  return new AppError(
    'conflict',
    `“${visibleName(record.label)}” was pointed at ${trimBaseUrl(record.connection.baseUrl)} by another window or process while you edited it: nothing was sent there, and the change (made for ${trimBaseUrl(plannedAt)}) was not saved. Check the account, then make the change again.`,
  );
}
