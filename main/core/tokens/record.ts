/**
 * Helpers over the token record (core/model/tokens.ts): its secret's key, the status the window
 * shows, the one-line scope summary, and what the window sees of a record among its neighbours
 * (the text that confirms a revoke, whether the account signs in with it).
 */
import type { TokenRecord, TokenScope, TokenStatus, TokenSummary } from '../model';
import { visibleName } from '../visible-name';

const DAY = 86_400_000;

/** What the window shows: the stored status, or expiring/expired from the clock. */
export function effectiveStatus(record: TokenRecord, now: number, expiringWithinDays = 14): TokenStatus {
  if (record.status !== 'active' || !record.expiresAt) return record.status;
  const left = Date.parse(record.expiresAt) - now;
  if (left <= 0) return 'expired';
  return left <= expiringWithinDays * DAY ? 'expiring' : 'active';
}

/**
 * Kinds whose value the provider answers again on every read (LDP tokens, LogScale ingest tokens,
 * LDP stream write tokens): a value the vault lost comes back at the next sync; nothing is shown once.
 */
export const valueReadableAgain = (kind: TokenRecord['kind']): boolean => kind === 'ldp' || kind === 'ingest' || kind === 'ldp-stream';

export function scopeSummary(scope: TokenScope): string {
  const parts: string[] = [];
  if (scope.repository) parts.push(`repository ${scope.repository}`, scope.parser ? `parser ${scope.parser}` : 'no parser');
  if (scope.stream) parts.push(`stream ${scope.stream}`);
  if (scope.service) parts.push(scope.service);
  if (scope.cluster) parts.push(scope.cluster);
  if (scope.views?.length) parts.push(`views: ${scope.views.join(', ')}`);
  if (scope.permissions?.length) parts.push(`${scope.permissions.length} permission${scope.permissions.length === 1 ? '' : 's'}`);
  if (scope.iam) {
    if (!scope.service) parts.push(scope.iam.services.length ? scope.iam.services.join(', ') : 'reaches no IAM-enabled LDP service');
    parts.push(`IAM user ${scope.iam.user}`);
    if (scope.iam.policies.length) parts.push(`${scope.iam.policies.length} polic${scope.iam.policies.length === 1 ? 'y' : 'ies'}`);
    parts.push(scope.iam.lastUsed ? `last used ${scope.iam.lastUsed.slice(0, 10)}` : 'never used');
  }
  return parts.join(' · ');
}

/** The end of a confirmation text that names a token by the start of its id. */
const ID_SUFFIX = / #[A-Za-z0-9_-]{6}$/;

/** A record that can still be used at the provider, as far as Tokendesk knows. */
export const isLive = (record: Pick<TokenRecord, 'status'>): boolean => record.status === 'active';

/**
 * What the window needs to know about records beside each one: names that two live tokens of one
 * account share (a revoke then needs the id too), and the token each account signs in with.
 */
export class SummaryContext {
  readonly #shared = new Set<string>();

  constructor(
    records: readonly TokenRecord[],
    /** The labels of the accounts that sign in with this token (LogScale; any account of its cluster). */
    private readonly signInAccounts: (record: TokenRecord) => string[] = () => [],
  ) {
    const seen = new Set<string>();
    for (const r of records) {
      if (!isLive(r)) continue;
      const key = `${r.accountId}\u0000${r.name}`;
      if (seen.has(key)) this.#shared.add(key);
      seen.add(key);
    }
  }

  /**
   * The name as shown, or the name and the start of the id when another live token of the account
   * has the same name, or when the name itself looks like that form (a token named
   * `ci-reader #3fa9c2` must not pass for the shared `ci-reader` whose id starts with 3fa9c2).
   */
  confirmText(record: TokenRecord): string {
    const name = visibleName(record.name);
    const needsId = this.#shared.has(`${record.accountId}\u0000${record.name}`) || ID_SUFFIX.test(name);
    return needsId ? `${name} #${record.id.slice(0, 6)}` : name;
  }

  signsInAccount(record: TokenRecord): boolean {
    return this.accountsSigningIn(record).length > 0;
  }

  accountsSigningIn(record: TokenRecord): string[] {
    return this.signInAccounts(record);
  }
}

export function toTokenSummary(record: TokenRecord, now: number, context: SummaryContext = new SummaryContext([record]), revoking = false): TokenSummary {
  return {
    id: record.id,
    accountId: record.accountId,
    provider: record.provider,
    kind: record.kind,
    // Names and scopes come from the provider: shown with hidden characters spelled out (visible-name.ts).
    name: visibleName(record.name),
    scope: visibleName(scopeSummary(record.scope)),
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    ipFilter: record.ipFilter === null ? null : visibleName(record.ipFilter), // a LogScale IP filter's name
    hasSecret: record.hasSecret,
    status: revoking && record.status === 'active' ? 'revoking' : effectiveStatus(record, now),
    // Records kept before `statusSince` existed: the sync that found them gone is the best date there is.
    statusSince: record.status === 'revoked' || record.status === 'gone' ? (record.statusSince ?? record.lastSyncedAt) : null,
    confirmText: context.confirmText(record),
    signsInAccount: context.signsInAccount(record),
  };
}
