/**
 * Scan files and git history for our tokens: every candidate string (the leak parser's alphabet,
 * text-scanner.ts) is fingerprinted with the install's key and looked up among the fingerprints of
 * every token Tokendesk knows, live or ended (revoked, rotated, gone: their fingerprints are kept
 * for the retention setting), or, for a LogScale API token, by its `<id>~`, with the leak check's
 * own rule (leak/match-token.ts). A value matched by id alone is compared with the token's held
 * value when there is one (`<id>~anything` else is not reported: an id is not secret); an id that
 * tokens of several accounts carry is reported as ambiguous, with no case. A value found is never
 * returned, logged or written: each token found becomes a leak case (leak-service.ts), so the
 * window and the CLI revoke it, or prove it dead, exactly as for a pasted leak, with the same
 * confirmation.
 */
import { AppError } from '../errors';
import type { LeakService } from '../leak/leak-service';
import type { AuditLog } from '../audit/audit-log';
import type { LeakCheck, ScanAmbiguity, ScanHit, ScanReport, ScanRequest } from '../model';
import { tokenMatcher } from '../leak/match-token';
import type { TokenStore } from '../tokens/token-store';
import { walkFiles, type Skipped } from './file-walker';
import { FoundTokens, type FoundValue } from './found-tokens';
import { readAddedLines } from './git-changes';
import { scanBytes } from './text-scanner';

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

interface ReadStats {
  files: number;
  bytes: number;
  commits: number;
  skipped: Skipped;
  warnings: string[];
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
    // A LogScale id names a token, but is not secret: what a value matched by id alone is, the leak
    // service decides at the end (`<id>~anything` of a token whose value Tokendesk holds is nothing;
    // an id several tokens carry names none).
    const found = new FoundTokens(tokenMatcher(this.tokens.all(), this.tokens.index()), await this.tokens.fingerprinter());
    const { files, bytes, commits, skipped, warnings } = await read(request, found, signal);
    const { hits, ambiguous } = await this.#identify(found, warnings);
    const order = { live: 0, rotated: 1, revoked: 2, gone: 3 };
    hits.sort((a, b) => order[a.state] - order[b.state] || a.token.name.localeCompare(b.token.name));
    const live = hits.filter((h) => h.state === 'live').length;
    const durationMs = Math.round(performance.now() - started);
    await this.audit.append({
      action: 'scan-run',
      outcome: live || ambiguous.length ? 'failed' : 'ok',
      note: `${request.staged ? 'staged' : request.git ? 'files+history' : 'files'}: ${files} files, ${commits} commits, ${hits.length} tokens found, ${live} live${ambiguous.length ? `, ${ambiguous.length} ambiguous` : ''}`,
    });
    return { hits, live, ambiguous, stats: { files, bytes, commits, candidates: found.candidates, skipped, durationMs }, warnings };
  }

  /**
   * The leak service names each token found, says whether it ended, audits the match, and holds
   * the value in a case: the first value it takes for the token (a made-up `<id>~…` it does not).
   */
  async #identify(found: FoundTokens, warnings: string[]): Promise<{ hits: ScanHit[]; ambiguous: ScanAmbiguity[] }> {
    const hits: ScanHit[] = [];
    const ambiguous: ScanAmbiguity[] = [];
    for (const entry of found.all()) {
      let identified: LeakCheck | null = null;
      let taken: FoundValue | undefined;
      for (const candidate of entry.values) {
        identified = await this.leak.identify(candidate.value);
        taken = candidate;
        if (identified.found || identified.ambiguous) break; // every value of an ambiguous id is so: asked once
      }
      if (identified && !identified.found && identified.ambiguous) {
        // No token is named and no case opened: the places are listed, with every candidate.
        ambiguous.push({ ...identified.ambiguous, message: identified.message, locations: entry.values.flatMap((v) => [...v.locations.values()]) });
        continue;
      }
      if (!identified?.found || !taken) continue; // no working copy of it, or a token removed from Tokendesk while the scan ran
      const { match: m } = identified;
      // Where it is: the value taken, every other value matched by fingerprint, and values matched by
      // id alone only for a token whose value Tokendesk does not hold (nothing to tell them apart with;
      // for a held one, the leak service has said `<id>~anything else` is not it).
      const where = entry.values.filter((v) => v === taken || v.byPrint || !m.token.hasSecret);
      hits.push({
        token: m.token,
        account: m.account,
        matchedBy: m.matchedBy,
        state: m.state,
        message: m.message,
        caseId: identified.caseId,
        locations: where.flatMap((v) => [...v.locations.values()]),
      });
      if (entry.dropped) warnings.push(`“${m.token.name}” was found in ${entry.dropped} more places than listed.`);
    }
    return { hits, ambiguous };
  }
}

/** Reads what the request names (the staged change, or files and, with `git`, their history), noting every candidate. */
async function read(request: ScanRequest, found: FoundTokens, signal?: AbortSignal): Promise<ReadStats> {
  const stats: ReadStats = {
    files: 0,
    bytes: 0,
    commits: 0,
    skipped: { binary: 0, tooLarge: 0, symlinks: 0, unreadable: 0, ignored: 0, notRegular: 0 },
    warnings: [],
  };
  if (request.staged) {
    const repository = request.paths[0]!;
    const added = await readAddedLines(
      repository,
      'staged',
      (where, buf, start, end) =>
        scanBytes(buf.subarray(start, end), end - start, where.line, (v, line) => found.note(v, { path: where.path, line, staged: true })),
      signal,
    );
    stats.commits = added.commits;
    return stats;
  }
  const walked = await walkFiles(
    request.paths,
    { maxFileBytes: request.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, gitignore: request.gitignore === true, ...(signal ? { signal } : {}) },
    (path, buf, length) => scanBytes(buf, length, 1, (v, line) => found.note(v, { path, line })),
  );
  Object.assign(stats, { files: walked.files, bytes: walked.bytes, skipped: walked.skipped });
  stats.warnings.push(...walked.warnings);
  if (!request.git) return stats;
  for (const repository of request.paths) {
    try {
      const added = await readAddedLines(
        repository,
        'history',
        (where, buf, start, end) =>
          scanBytes(buf.subarray(start, end), end - start, where.line, (v, line) => found.note(v, { path: where.path, line, commit: where.commit ?? '' })),
        signal,
      );
      stats.commits += added.commits;
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid-input') throw error;
      stats.warnings.push(error.message);
    }
  }
  return stats;
}
