/**
 * Leak response: the admin pastes what leaked; Tokendesk says which token of which account it is
 * (by keyed fingerprint, or by the LogScale `<id>~` prefix for tokens it never held), revokes it on
 * one confirmed click, then proves it dead by presenting the leaked value to the provider.
 *
 * A LogScale token id is not a secret (the console, the audit log and the API show it), so an id
 * alone must not get a live token revoked: anyone could write `<id>~anything`. When Tokendesk holds
 * the token's value, the pasted secret must be that value; when it never held it, the revoke first
 * asks LogScale whether the pasted value works, and revokes nothing unless LogScale accepts it. In a
 * paste holding several candidates, a value matched by fingerprint comes before one matched by id.
 * An id that tokens of several accounts carry (any server the admin added may list any id) names
 * no token (match-token.ts): the answer says so, and the value goes to no server.
 *
 * Tokens Tokendesk saw end (revoked, rotated away, gone) keep their fingerprints for the retention
 * setting, so a leak of an old value during an incident is named ("revoked on …", "rotated on …;
 * its successor is …") and can still be proven dead, instead of being called "not one of ours".
 *
 * The pasted value stays in main, inside a short-lived "case", and never goes back to the renderer.
 */
import { randomUUID } from 'node:crypto';
import type { LeakAmbiguity, LeakCheck, LeakMatch, LeakRevokeResult, TokenRecord } from '../model';
import { isLive } from '../tokens/record';
import { visibleName } from '../visible-name';
import type { AccountStore } from '../accounts/account-store';
import type { AuditLog } from '../audit/audit-log';
import { AppError } from '../errors';
import type { TokenService } from '../tokens/token-service';
import type { TokenStore } from '../tokens/token-store';
import { extractCandidates } from './parse';
import { tokenMatcher, type TokenMatcher } from './match-token';
import { describeUnknownSecret } from './heuristics';
import { rememberSecret } from '../log/known-secrets';

const CASE_LIFETIME_MS = 10 * 60_000;

interface LeakCase {
  tokenId: string;
  value: string;
  /** Matched by the LogScale id alone: the secret part was never checked. */
  byIdOnly: boolean;
  expires: number;
}

export class LeakService {
  readonly #cases = new Map<string, LeakCase>();

  constructor(
    private readonly tokens: TokenStore,
    private readonly service: TokenService,
    private readonly accounts: AccountStore,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {}

  async check(text: string): Promise<LeakCheck> {
    this.#expireCases();
    const candidates = extractCandidates(text);
    // What was pasted is a secret (leaked, but still live until revoked): never logged either.
    for (const candidate of candidates) rememberSecret(candidate.value);
    // A value Tokendesk knows by its fingerprint first: a made-up `<id>~…` pasted before a real
    // value must not take the answer (the real leak would go unnamed).
    const index = this.tokens.index();
    const printed = await Promise.all(candidates.map(async (c) => ({ value: c.value, print: await this.tokens.fingerprintOf(c.value) })));
    const known = (p: { print: string }): boolean => index.lookup(p.print) !== undefined;
    const ordered = [...printed.filter(known), ...printed.filter((p) => !known(p))];
    const matcher = tokenMatcher(this.tokens.all(), index);
    let otherSecret: LeakCheck | null = null;
    for (const candidate of ordered) {
      const found = await this.#open(candidate.value, matcher, candidate.print);
      if (found?.found) return found;
      otherSecret ??= found;
    }
    if (otherSecret) return otherSecret;
    const first = candidates[0];
    await this.audit.append({
      action: 'leak-reported',
      outcome: 'failed',
      note: first ? 'not-ours' : 'no-candidate',
      ...(first ? { fingerprint: await this.tokens.fingerprintOf(first.value) } : {}),
    });
    if (!first) return { caseId: null, found: false, message: 'No token found in what you pasted.' };
    const looksLike = describeUnknownSecret(first.value, { ...(first.patUser ? { patUser: true } : {}) });
    return { caseId: null, found: false, message: 'Not one of ours: no token in Tokendesk matches what you pasted.', ...(looksLike ? { looksLike } : {}) };
  }

  /**
   * One exact value found somewhere (a file or a commit a scan read): which token it is, with a case
   * to revoke it or prove it dead, as for a paste. No parsing: the value is taken as it is.
   */
  async identify(value: string): Promise<LeakCheck> {
    this.#expireCases();
    rememberSecret(value);
    return (
      (await this.#open(value, tokenMatcher(this.tokens.all(), this.tokens.index()))) ?? {
        caseId: null,
        found: false,
        message: 'Not one of ours: no token in Tokendesk matches this value.',
      }
    );
  }

  /**
   * Matches one value by fingerprint (or LogScale id) and opens a case for it; null when it is not
   * ours; not found, with why, when it carries the id of a token whose different value we hold, or
   * an id several tokens carry. `known` is the value's fingerprint when the caller already made it.
   */
  async #open(value: string, matcher: TokenMatcher, known?: string): Promise<LeakCheck | null> {
    const print = known ?? (await this.tokens.fingerprintOf(value));
    const matched = matcher(value, print);
    if (!matched) return null;
    if (matched.by === 'ambiguous') return this.#ambiguous(matched.remoteId, matched.tokenIds, print);
    const { tokenId } = matched;
    const byPrint = matched.by === 'fingerprint';
    const byId = !byPrint;
    const record = this.service.require(tokenId);
    const account = (await this.accounts.list()).find((a) => a.id === record.accountId);
    const accountLabel = account?.label ?? 'an account that was removed';
    let heldMatches = false;
    if (byId && record.hasSecret) {
      // We hold this token's value and the paste is not it (the same value matches by fingerprint,
      // unless the fingerprint is missing or stale): the id is right, the secret is not, so this is
      // no working copy of the token.
      const held = await this.tokens.secret(record.id).catch(() => null);
      heldMatches = held === value;
      if (held !== null && !heldMatches) {
        await this.audit.append({
          action: 'leak-reported',
          outcome: 'failed',
          accountId: record.accountId,
          provider: record.provider,
          tokenId,
          remoteId: record.remoteId,
          tokenName: record.name,
          fingerprint: print,
          note: 'id-of-ours-other-secret',
        });
        return {
          caseId: null,
          found: false,
          message: `Not a working token: the id before “~” is that of “${visibleName(record.name)}” of ${visibleName(accountLabel)}, but the secret after it is not that token's value (Tokendesk holds it). Nothing to revoke. A token id is not secret, so this may be a mistyped, altered or made-up value.`,
        };
      }
    }
    const described = this.#describe(record, accountLabel);
    await this.audit.append({
      action: 'leak-matched',
      outcome: 'ok',
      accountId: record.accountId,
      provider: record.provider,
      tokenId,
      remoteId: record.remoteId,
      tokenName: record.name,
      fingerprint: print,
      note: `${byPrint ? 'fingerprint' : 'logscale-token-id'} ${described.state}`,
    });
    const caseId = randomUUID();
    this.#cases.set(caseId, { tokenId, value, byIdOnly: !byPrint && !heldMatches, expires: this.now() + CASE_LIFETIME_MS });
    return {
      caseId,
      found: true,
      match: {
        token: this.service.summary(tokenId),
        account: { id: record.accountId, label: account?.label ?? 'unknown account', provider: record.provider },
        matchedBy: byPrint ? 'fingerprint' : 'logscale-token-id',
        ...described,
      },
    };
  }

  /**
   * Revokes the case's token (its confirmation text confirms it), then presents the leaked value to
   * prove it dead. A token Tokendesk already saw end is not revoked again: prove it instead.
   */
  async revoke(caseId: string, confirmName: string, options: { revokeAccountCredential?: boolean } = {}): Promise<LeakRevokeResult> {
    const leak = this.#case(caseId);
    const record = this.service.require(leak.tokenId);
    if (!isLive(record))
      throw new AppError(
        'conflict',
        `“${visibleName(record.name)}” is already ${record.status === 'gone' ? 'gone from the provider' : 'revoked'}: check that the provider refuses it instead.`,
      );
    if (leak.byIdOnly) {
      this.#onlyHolderOfId(record);
      const check = await this.#checkBeforeRevoke(record, leak.value);
      if (check !== 'accepted') {
        if (check === 'refused') this.#cases.delete(caseId);
        throw new AppError(
          'conflict',
          check === 'refused'
            ? `LogScale already refuses the pasted value, so it is not a working secret of “${visibleName(record.name)}” (only its id matched): Tokendesk did not revoke the token. If the token itself leaked, revoke it from its details.`
            : `Tokendesk could not check with LogScale that the pasted value works (${check.reason}). Only the id of “${visibleName(record.name)}” matched, and an id is not secret, so nothing was revoked. Try again, or, if the token itself leaked, revoke it from its details.`,
        );
      }
    }
    const revoked = await this.service.revoke(leak.tokenId, confirmName, options);
    this.#cases.delete(caseId);
    const proof = await this.#prove(record, leak.value);
    return { token: revoked.token, ...(revoked.requestId ? { requestId: revoked.requestId } : {}), proof };
  }

  /** Presents the leaked value to the provider and says whether it is refused now (a token already revoked, rotated or gone). */
  async prove(caseId: string): Promise<LeakRevokeResult> {
    const leak = this.#case(caseId);
    const record = this.service.require(leak.tokenId);
    if (leak.byIdOnly) this.#onlyHolderOfId(record);
    const proof = await this.#prove(record, leak.value);
    return { token: this.service.summary(record.id), proof };
  }

  /**
   * Before a value matched by its id alone goes to the server of the token with that id. Ids are not
   * secret, and no listing proves another server has no token with the same id: another user's
   * personal tokens are never listed, nor a token made in a console since the last sync, nor a
   * cluster Tokendesk does not know. So with another account of the same platform, the value goes
   * nowhere; the admin revokes the token from its details, where they chose it themselves.
   */
  #onlyHolderOfId(record: TokenRecord): void {
    const others = this.accounts.records().filter((a) => a.connection.provider === record.provider && a.id !== record.accountId);
    if (others.length === 0) return;
    throw new AppError(
      'conflict',
      `Only the id of “${visibleName(record.name)}” matched, and an id is not secret: another server (${others.map((a) => `“${visibleName(a.label)}”`).join(', ')}, or one Tokendesk does not know) may have a token with the same id. Tokendesk sent the pasted value to no server and revoked nothing. If “${visibleName(record.name)}” leaked, revoke it from its details.`,
    );
  }

  /**
   * Before revoking on an id alone: whether the provider accepts the pasted value. Only "accepted"
   * lets the revoke go on; a check that could not be made (unreachable, throttled, an answer that is
   * not LogScale's) stops it, or a made-up value and one failed request would revoke a live token.
   */
  async #checkBeforeRevoke(record: TokenRecord, value: string): Promise<'accepted' | 'refused' | { reason: string }> {
    let refused: boolean;
    try {
      refused = await (await this.service.adapterOf(record)).rejects(record, value);
    } catch (error) {
      return { reason: error instanceof AppError ? error.message : 'the check failed' };
    }
    if (refused)
      await this.audit.append({
        action: 'leak-verified-dead',
        outcome: 'ok',
        accountId: record.accountId,
        provider: record.provider,
        tokenId: record.id,
        remoteId: record.remoteId,
        tokenName: record.name,
        note: 'refused-before-revoke not-revoked',
      });
    return refused ? 'refused' : 'accepted';
  }

  async #prove(record: TokenRecord, value: string): Promise<LeakRevokeResult['proof']> {
    let proof: LeakRevokeResult['proof'] = 'unknown';
    try {
      proof = (await (await this.service.adapterOf(record)).rejects(record, value)) ? 'dead' : 'alive';
    } catch {
      proof = 'unknown';
    }
    await this.audit.append({
      action: 'leak-verified-dead',
      outcome: proof === 'dead' ? 'ok' : 'failed',
      accountId: record.accountId,
      provider: record.provider,
      tokenId: record.id,
      remoteId: record.remoteId,
      tokenName: record.name,
      note: proof,
    });
    return proof;
  }

  #case(caseId: string): LeakCase {
    this.#expireCases();
    const leak = this.#cases.get(caseId);
    if (!leak) throw new AppError('not-found', 'This leak check has expired. Paste the token again.');
    return leak;
  }

  /** What the admin is told about a match: which token, and whether (and when) it already ended. */
  #describe(record: TokenRecord, accountLabel: string): Pick<LeakMatch, 'state' | 'message' | 'successor'> {
    const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : 'an unknown date');
    const who = `This is “${visibleName(record.name)}” of ${visibleName(accountLabel)}`;
    const next = record.rotatedTo ? this.tokens.find(record.rotatedTo.id) : undefined;
    const successor = next ? { id: next.id, name: visibleName(next.name) } : undefined;
    const rotated = record.rotatedTo ? `rotated on ${day(record.rotatedTo.at)}${successor ? `; its successor is “${successor.name}”` : ''}` : '';
    if (record.status === 'gone') return { state: 'gone', message: `${who}, gone from the provider since ${day(record.statusSince)}.` };
    if (record.status === 'revoked' && record.rotatedTo) {
      // A rotation that left the old value valid (LDP, ingest tokens) and a revoke after it: both said.
      const revokedLater = record.statusSince && record.statusSince !== record.rotatedTo.at ? `, then revoked on ${day(record.statusSince)}` : '';
      return { state: 'rotated', message: `${who}, ${rotated}${revokedLater}.`, ...(successor ? { successor } : {}) };
    }
    if (record.status === 'revoked') return { state: 'revoked', message: `${who}, revoked on ${day(record.statusSince)}.` };
    if (record.rotatedTo) return { state: 'live', message: `${who}, ${rotated}, and still valid until it is revoked.`, ...(successor ? { successor } : {}) };
    return { state: 'live', message: `${who}.` };
  }

  /**
   * The id of several tokens: each is named with its account, none is chosen, no case is opened (so
   * nothing can be revoked or proven with this value, and no server is asked about it).
   */
  async #ambiguous(remoteId: string, tokenIds: readonly string[], print: string): Promise<LeakCheck> {
    const labels = new Map((await this.accounts.list()).map((a) => [a.id, a.label]));
    const records = tokenIds.map((id) => this.service.require(id));
    const candidates: LeakAmbiguity['candidates'] = records
      .map((r) => ({
        token: this.service.summary(r.id),
        account: { id: r.accountId, label: labels.get(r.accountId) ?? 'an account that was removed', provider: r.provider },
      }))
      .sort((a, b) => a.account.label.localeCompare(b.account.label) || a.token.name.localeCompare(b.token.name));
    const accounts = new Set(records.map((r) => r.accountId)).size;
    await this.audit.append({
      action: 'leak-reported',
      outcome: 'failed',
      provider: records[0]!.provider,
      remoteId,
      fingerprint: print,
      note: `logscale-token-id-ambiguous ${records.length} tokens ${accounts} accounts`,
    });
    const named = candidates.map((c) => `“${visibleName(c.token.name)}” of ${visibleName(c.account.label)}`).join(', ');
    return {
      caseId: null,
      found: false,
      ambiguous: { remoteId, candidates },
      message: `Ambiguous: the id before “~” is that of ${candidates.length} tokens (${named}), so Tokendesk cannot tell which server this value belongs to. It did not present the value to any of them and revokes nothing. If one of them leaked, revoke it from its details in its account.`,
    };
  }

  #expireCases(): void {
    const now = this.now();
    for (const [id, c] of this.#cases) if (c.expires <= now) this.#cases.delete(id);
  }
}
