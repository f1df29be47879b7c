/** Finds an account or a token by what a person types: an id, or an exact (then case-insensitive) name. */
import type { AccountSummary, TokenSummary } from '../core/model';
import { AppError } from '../core/errors';

function pick<T extends { id: string }>(items: T[], key: string, name: (item: T) => string, what: string): T {
  const byId = items.find((i) => i.id === key);
  if (byId) return byId;
  for (const same of [(a: string, b: string) => a === b, (a: string, b: string) => a.toLowerCase() === b.toLowerCase()]) {
    const found = items.filter((i) => same(name(i), key));
    if (found.length === 1) return found[0]!;
    if (found.length > 1) throw new AppError('conflict', `Several ${what}s are named "${key}": use the id (${found.map((f) => f.id).join(', ')}).`);
  }
  throw new AppError('not-found', `No ${what} is named or identified "${key}".`);
}

export const findAccount = (accounts: AccountSummary[], key: string): AccountSummary => pick(accounts, key, (a) => a.label, 'account');

export const findToken = (tokens: TokenSummary[], key: string): TokenSummary =>
  // `ci-reader #3fa9c2`, as the list shows a name two tokens share, names exactly one.
  tokens.find((t) => t.confirmText === key && t.confirmText !== t.name) ??
  pick(
    tokens.filter((t) => t.status !== 'revoked' && t.status !== 'gone').length ? tokens.filter((t) => t.status !== 'revoked' && t.status !== 'gone') : tokens,
    key,
    (t) => t.name,
    'token',
  );
