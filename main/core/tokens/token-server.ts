/**
 * Which server a token lives on. An account names one server (its address); its tokens live there.
 * When the admin points the account at another address, the tokens listed so far stay where they
 * were: their records are marked with that server (`TokenRecord.server`), they are no longer part
 * of the account's syncs, and nothing of theirs is ever presented to the account's new address (a
 * verify, rotate, revoke or leak check would hand their value or id to another server). Their
 * values stay readable here. Pointing the account back brings them home.
 */
import { AppError } from '../errors';
import type { AccountRecord, TokenRecord } from '../model';
import { serverOf } from '../net/base-url';
import { visibleName } from '../visible-name';

/** The server an account points at now. */
export function accountServer(account: Pick<AccountRecord, 'connection'>): string {
  return serverOf(account.connection.baseUrl);
}

/** Whether a record's token lives on the server its account points at now. */
export const onAccountServer = (record: Pick<TokenRecord, 'server'>): boolean => record.server === undefined;

/**
 * The records after `accountId` moved from `from` to `to`: those on `from` are marked with it, those
 * marked with `to` (left there by an earlier move) are home again.
 */
export function afterAccountMoved(records: readonly TokenRecord[], accountId: string, from: string, to: string): TokenRecord[] {
  return records.map((r) => {
    if (r.accountId !== accountId) return r;
    if (r.server === undefined) return { ...r, server: from };
    if (r.server !== to) return r;
    const { server: _home, ...rest } = r;
    return rest;
  });
}

/** Refuses to reach a server for a token that lives on another one than its account's address. */
export function requireOnAccountServer(record: TokenRecord, account: Pick<AccountRecord, 'connection' | 'label'>): void {
  if (onAccountServer(record)) return;
  throw new AppError(
    'conflict',
    `“${visibleName(record.name)}” lives on ${record.server}, and its account “${visibleName(account.label)}” now points at ${accountServer(account)}: ` +
      `Tokendesk does not present this token or its value to another server. Its value is still here to copy; point the account back to ${record.server} to manage it.`,
  );
}
