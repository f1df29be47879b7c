/**
 * Scan files and git history for our tokens: every candidate string (the leak parser's alphabet,
 * text-scanner.ts) is fingerprinted with the install's key and looked up among the fingerprints of
 * every token Tokendesk knows, live or ended (revoked, rotated, gone: their fingerprints are kept
 * for the retention setting), or, for a LogScale API token Tokendesk never held, by its `<id>~`.
 * No stored value is read; a value found is never returned, logged or written: each token found
 * becomes a leak case (leak-service.ts), so the window and the CLI revoke it, or prove it dead,
 * exactly as for a pasted leak, with the same confirmation.
 */
import { AppError } from '../errors';
import type { LeakService } from '../leak/leak-service';
import type { AuditLog } from '../audit/audit-log';
import type { ScanHit, ScanLocation, ScanReport, ScanRequest, TokenRecord } from '../model';
import { logScaleTokenId } from '../providers/logscale/token-shape';
import type { TokenStore } from '../tokens/token-store';
import { walkFiles, type Skipped } from './file-walker';
import { readAddedLines } from './git-changes';
import { scanBytes } from './text-scanner';

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Locations kept per token (a token committed in every revision of a history): the rest are counted. */
const MAX_LOCATIONS_PER_TOKEN = 1_000;
/** Candidates remembered as "not ours" so repeated strings are fingerprinted once (bounded memory). */
const SEEN_LIMIT = 200_000;

const LOGSCALE_API_KINDS = new Set<TokenRecord['kind']>(['system', 'organization', 'view', 'personal']);

interface Found {
  tokenId: string;
  value: string;
  locations: Map<string, ScanLocation>;
  dropped: number;
}

export class ScanService {
  constructor(
    private readonly tokens: TokenStore,
    private readonly leak: LeakService,
    private readonly audit: AuditLog,
  ) {}

  async run(request: ScanRequest, signal?: AbortSignal): Promise<ScanReport> {
    const started = performance.now();
    if (request.paths.length === 0) throw new AppError('invalid-input', 'Name at least one file or folder to scan.', { issues: ['paths: at least one'] });
    const fingerprint = await this.tokens.fingerprinter();
    const index = this.tokens.index();
    // A LogScale id is not secret: it names a token only when Tokendesk has no value of it to match
    // (a value it holds is found by its fingerprint; `<id>~anything else` is no working copy of it).
    const byLogScaleId = new Map(this.tokens.all().filter((r) => r.provider === 'logscale' && LOGSCALE_API_KINDS.has(r.kind) && !(r.hasSecret && r.fingerprint)).map((r) => [r.remoteId, r.id]));
    const seen = new Map<string, string | null>();
    const found = new Map<string, Found>();
    let candidates = 0;

    /** The token a candidate is, or null; each distinct string is fingerprinted once. */
    const match = (value: string): string | null => {
      let hit = seen.get(value);
      if (hit !== undefined) return hit;
      candidates += 1;
      const logScaleId = logScaleTokenId(value);
      hit = index.lookup(fingerprint(value)) ?? (logScaleId ? byLogScaleId.get(logScaleId) : undefined) ?? null;
      if (seen.size >= SEEN_LIMIT) seen.clear();
      seen.set(value, hit);
      return hit;
    };
    const note = (value: string, location: ScanLocation): void => {
      const tokenId = match(value);
      if (!tokenId) return;
      let entry = found.get(tokenId);
      if (!entry) found.set(tokenId, (entry = { tokenId, value, locations: new Map(), dropped: 0 }));
      const key = `${location.commit ?? ''}\u0000${location.path}\u0000${location.line}`;
      if (entry.locations.has(key)) return;
      if (entry.locations.size >= MAX_LOCATIONS_PER_TOKEN) entry.dropped += 1;
      else entry.locations.set(key, location);
    };

    const warnings: string[] = [];
    let files = 0;
    let bytes = 0;
    let commits = 0;
    let skipped: Skipped = { binary: 0, tooLarge: 0, symlinks: 0, unreadable: 0, ignored: 0 };

    if (request.staged) {
      const repository = request.paths[0]!;
      const read = await readAddedLines(repository, 'staged', (where, buf, start, end) => scanBytes(buf.subarray(start, end), end - start, where.line, (v, line) => note(v, { path: where.path, line, staged: true })), signal);
      commits = read.commits;
    } else {
      const walked = await walkFiles(request.paths, { maxFileBytes: request.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, gitignore: request.gitignore === true, ...(signal ? { signal } : {}) }, (path, buf, length) =>
        scanBytes(buf, length, 1, (v, line) => note(v, { path, line })),
      );
      ({ files, bytes, skipped } = walked);
      warnings.push(...walked.warnings);
      if (request.git) {
        for (const repository of request.paths) {
          try {
            const read = await readAddedLines(repository, 'history', (where, buf, start, end) => scanBytes(buf.subarray(start, end), end - start, where.line, (v, line) => note(v, { path: where.path, line, commit: where.commit ?? '' })), signal);
            commits += read.commits;
          } catch (error) {
            if (!(error instanceof AppError) || error.code !== 'invalid-input') throw error;
            warnings.push(error.message);
          }
        }
      }
    }

    const hits: ScanHit[] = [];
    for (const entry of found.values()) {
      // The leak service names the token, says whether it ended, audits the match, and holds the value in a case.
      const identified = await this.leak.identify(entry.value);
      if (!identified.found) continue; // a token removed from Tokendesk while the scan ran
      const { match: m } = identified;
      hits.push({ token: m.token, account: m.account, matchedBy: m.matchedBy, state: m.state, message: m.message, caseId: identified.caseId, locations: [...entry.locations.values()] });
      if (entry.dropped) warnings.push(`“${m.token.name}” was found in ${entry.dropped} more places than listed.`);
    }
    const order = { live: 0, rotated: 1, revoked: 2, gone: 3 };
    hits.sort((a, b) => order[a.state] - order[b.state] || a.token.name.localeCompare(b.token.name));
    const live = hits.filter((h) => h.state === 'live').length;
    const durationMs = Math.round(performance.now() - started);
    await this.audit.append({ action: 'scan-run', outcome: live ? 'failed' : 'ok', note: `${request.staged ? 'staged' : request.git ? 'files+history' : 'files'}: ${files} files, ${commits} commits, ${hits.length} tokens found, ${live} live` });
    return { hits, live, stats: { files, bytes, commits, candidates, skipped, durationMs }, warnings };
  }
}
