/**
 * Leak response: the admin pastes what leaked; Tokendesk says which token of which account it is
 * (by keyed fingerprint, or by the LogScale `<id>~` prefix for tokens it never held), revokes it on
 * one confirmed click, then proves it dead by presenting the leaked value to the provider.
 *
 * Tokens Tokendesk saw end (revoked, rotated away, gone) keep their fingerprints for the retention
 * setting, so a leak of an old value during an incident is named ("revoked on …", "rotated on …;
 * its successor is …") and can still be proven dead, instead of being called "not one of ours".
 *
 * The pasted value stays in main, inside a short-lived "case", and never goes back to the renderer.
 */
import { randomUUID } from 'node:crypto';
import type { LeakCheck, LeakMatch, LeakRevokeResult, TokenRecord } from '../model';
import { isLive } from '../tokens/record';
import { visibleName } from '../visible-name';
import type { AccountService } from '../accounts/account-service';
import type { AuditLog } from '../audit/audit-log';
import { AppError } from '../errors';
import type { ProviderAdapter } from '../tokens/adapter';
import type { TokenService } from '../tokens/token-service';
import type { TokenStore } from '../tokens/token-store';
import { logScaleTokenId } from '../providers/logscale/token-shape';
import { extractCandidates } from './parse';
import { describeUnknownSecret } from './heuristics';
import { rememberSecret } from '../log/known-secrets';

const CASE_LIFETIME_MS = 10 * 60_000;

interface LeakCase {
  tokenId: string;
  value: string;
  expires: number;
}

export class LeakService {
  readonly #cases = new Map<string, LeakCase>();

  constructor(
    private readonly tokens: TokenStore,
    private readonly service: TokenService,
    private readonly accounts: AccountService,
    private readonly adapterFor: (accountId: string) => Promise<ProviderAdapter>,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {}

  async check(text: string): Promise<LeakCheck> {
    this.#expireCases();
    const candidates = extractCandidates(text);
    // What was pasted is a secret (leaked, but still live until revoked): never logged either.
    for (const candidate of candidates) rememberSecret(candidate.value);
    for (const candidate of candidates) {
      const found = await this.#open(candidate.value);
      if (found) return found;
    }
    const first = candidates[0];
    await this.audit.append({ action: 'leak-reported', outcome: 'failed', note: first ? 'not-ours' : 'no-candidate', ...(first ? { fingerprint: await this.tokens.fingerprintOf(first.value) } : {}) });
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
    return (await this.#open(value)) ?? { caseId: null, found: false, message: 'Not one of ours: no token in Tokendesk matches this value.' };
  }

  /** Matches one value by fingerprint (or LogScale id) and opens a case for it; null when it is not ours. */
  async #open(value: string): Promise<LeakCheck | null> {
    const print = await this.tokens.fingerprintOf(value);
    const byPrint = this.tokens.index().lookup(print);
    const byId = byPrint ? undefined : this.#byLogScaleId(value);
    const tokenId = byPrint ?? byId;
    if (!tokenId) return null;
    const record = this.service.require(tokenId);
    const account = (await this.accounts.list()).find((a) => a.id === record.accountId);
    const described = this.#describe(record, account?.label ?? 'an account that was removed');
    await this.audit.append({ action: 'leak-matched', outcome: 'ok', accountId: record.accountId, provider: record.provider, tokenId, remoteId: record.remoteId, tokenName: record.name, fingerprint: print, note: `${byPrint ? 'fingerprint' : 'logscale-token-id'} ${described.state}` });
    const caseId = randomUUID();
    this.#cases.set(caseId, { tokenId, value, expires: this.now() + CASE_LIFETIME_MS });
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
    if (!isLive(record)) throw new AppError('conflict', `“${visibleName(record.name)}” is already ${record.status === 'gone' ? 'gone from the provider' : 'revoked'}: check that the provider refuses it instead.`);
    const revoked = await this.service.revoke(leak.tokenId, confirmName, options);
    this.#cases.delete(caseId);
    const proof = await this.#prove(record, leak.value);
    return { token: revoked.token, ...(revoked.requestId ? { requestId: revoked.requestId } : {}), proof };
  }

  /** Presents the leaked value to the provider and says whether it is refused now (a token already revoked, rotated or gone). */
  async prove(caseId: string): Promise<LeakRevokeResult> {
    const leak = this.#case(caseId);
    const record = this.service.require(leak.tokenId);
    const proof = await this.#prove(record, leak.value);
    return { token: this.service.summary(record.id), proof };
  }

  async #prove(record: TokenRecord, value: string): Promise<LeakRevokeResult['proof']> {
    let proof: LeakRevokeResult['proof'] = 'unknown';
    try {
      proof = (await (await this.adapterFor(record.accountId)).rejects(record, value)) ? 'dead' : 'alive';
    } catch {
      proof = 'unknown';
    }
    await this.audit.append({ action: 'leak-verified-dead', outcome: proof === 'dead' ? 'ok' : 'failed', accountId: record.accountId, provider: record.provider, tokenId: record.id, remoteId: record.remoteId, tokenName: record.name, note: proof });
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

  #byLogScaleId(value: string): string | undefined {
    const remoteId = logScaleTokenId(value);
    if (!remoteId) return undefined;
    const matches = this.tokens.all().filter((r) => r.provider === 'logscale' && r.remoteId === remoteId);
    return (matches.find(isLive) ?? matches[0])?.id;
  }

  #expireCases(): void {
    const now = this.now();
    for (const [id, c] of this.#cases) if (c.expires <= now) this.#cases.delete(id);
  }
}
