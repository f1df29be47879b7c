/**
 * Leak response: the admin pastes what leaked; Tokendesk says which token of which account it is
 * (by keyed fingerprint, or by the LogScale `<id>~` prefix for tokens it never held), revokes it on
 * one confirmed click, then proves it dead by presenting the leaked value to the provider.
 *
 * The pasted value stays in main, inside a short-lived "case", and never goes back to the renderer.
 */
import { randomUUID } from 'node:crypto';
import type { LeakCheck, LeakRevokeResult } from '../model';
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
      const print = await this.tokens.fingerprintOf(candidate.value);
      const byPrint = this.tokens.index().lookup(print);
      const byId = byPrint ? undefined : this.#byLogScaleId(candidate.value);
      const tokenId = byPrint ?? byId;
      if (!tokenId) continue;
      const record = this.service.require(tokenId);
      const account = (await this.accounts.list()).find((a) => a.id === record.accountId);
      await this.audit.append({ action: 'leak-matched', outcome: 'ok', accountId: record.accountId, provider: record.provider, tokenId, remoteId: record.remoteId, tokenName: record.name, fingerprint: print, note: byPrint ? 'fingerprint' : 'logscale-token-id' });
      const caseId = randomUUID();
      this.#cases.set(caseId, { tokenId, value: candidate.value, expires: this.now() + CASE_LIFETIME_MS });
      return {
        caseId,
        found: true,
        match: {
          token: this.service.summary(tokenId),
          account: { id: record.accountId, label: account?.label ?? 'unknown account', provider: record.provider },
          matchedBy: byPrint ? 'fingerprint' : 'logscale-token-id',
        },
      };
    }
    const first = candidates[0];
    await this.audit.append({ action: 'leak-reported', outcome: 'failed', note: first ? 'not-ours' : 'no-candidate', ...(first ? { fingerprint: await this.tokens.fingerprintOf(first.value) } : {}) });
    if (!first) return { caseId: null, found: false, message: 'No token found in what you pasted.' };
    const looksLike = describeUnknownSecret(first.value, { ...(first.patUser ? { patUser: true } : {}) });
    return { caseId: null, found: false, message: 'Not one of ours: no token in Tokendesk matches what you pasted.', ...(looksLike ? { looksLike } : {}) };
  }

  /** Revokes the case's token (the name confirms it), then presents the leaked value to prove it dead. */
  async revoke(caseId: string, confirmName: string): Promise<LeakRevokeResult> {
    this.#expireCases();
    const leak = this.#cases.get(caseId);
    if (!leak) throw new AppError('not-found', 'This leak check has expired. Paste the token again.');
    const record = this.service.require(leak.tokenId);
    const revoked = await this.service.revoke(leak.tokenId, confirmName);
    this.#cases.delete(caseId);
    let proof: LeakRevokeResult['proof'] = 'unknown';
    try {
      proof = (await (await this.adapterFor(record.accountId)).rejects(record, leak.value)) ? 'dead' : 'alive';
    } catch {
      proof = 'unknown';
    }
    await this.audit.append({ action: 'leak-verified-dead', outcome: proof === 'dead' ? 'ok' : 'failed', accountId: record.accountId, provider: record.provider, tokenId: record.id, remoteId: record.remoteId, tokenName: record.name, note: proof });
    return { token: revoked.token, ...(revoked.requestId ? { requestId: revoked.requestId } : {}), proof };
  }

  #byLogScaleId(value: string): string | undefined {
    const remoteId = logScaleTokenId(value);
    if (!remoteId) return undefined;
    const active = (r: { status: string }) => r.status !== 'revoked' && r.status !== 'gone';
    return this.tokens.all().find((r) => r.provider === 'logscale' && r.remoteId === remoteId && active(r))?.id;
  }

  #expireCases(): void {
    const now = this.now();
    for (const [id, c] of this.#cases) if (c.expires <= now) this.#cases.delete(id);
  }
}
