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
import type { LeakCheck, ScanAmbiguity, ScanHit, ScanLocation, ScanReport, ScanRequest } from '../model';
import { tokenMatcher } from '../leak/match-token';
import type { TokenStore } from '../tokens/token-store';
import { walkFiles, type Skipped } from './file-walker';
import { readAddedLines } from './git-changes';
import { scanBytes } from './text-scanner';

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Locations kept per token (a token committed in every revision of a history): the rest are counted. */
const MAX_LOCATIONS_PER_TOKEN = 1_000;
/** Candidates remembered as "not ours" so repeated strings are fingerprinted once (bounded memory). */
const SEEN_LIMIT = 200_000;

/** Distinct values kept per token: a LogScale id names a token, but `<id>~anything` is no copy of it. */
const MAX_VALUES_PER_TOKEN = 16;

interface FoundValue {
  value: string;
  /** Matched by fingerprint (certain); otherwise by LogScale id alone (the leak service decides). */
  byPrint: boolean;
  locations: Map<string, ScanLocation>;
}

interface Found {
  /** The token's record id; for an ambiguous LogScale id, a key of that id (the leak service names the candidates). */
  tokenId: string;
  /** The distinct values found for the token, those matched by fingerprint first. */
  values: FoundValue[];
  /** Locations kept, over all its values (at most MAX_LOCATIONS_PER_TOKEN). */
  kept: number;
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
    // A LogScale id names a token, but is not secret: what a value matched by id alone is, the leak
    // service decides at the end (`<id>~anything` of a token whose value Tokendesk holds is nothing;
    // an id several tokens carry names none).
    const matcher = tokenMatcher(this.tokens.all(), this.tokens.index());
    const seen = new Map<string, { tokenId: string; byPrint: boolean } | null>();
    const found = new Map<string, Found>();
    let candidates = 0;

    /** The token a candidate may be (by fingerprint, or by LogScale id), or null; each distinct string is fingerprinted once. */
    const match = (value: string): { tokenId: string; byPrint: boolean } | null => {
      let hit = seen.get(value);
      if (hit !== undefined) return hit;
      candidates += 1;
      const matched = matcher(value, fingerprint(value));
      hit = !matched ? null : matched.by === 'ambiguous' ? { tokenId: `\u0000ambiguous:${matched.remoteId}`, byPrint: false } : { tokenId: matched.tokenId, byPrint: matched.by === 'fingerprint' };
      if (seen.size >= SEEN_LIMIT) seen.clear();
      seen.set(value, hit);
      return hit;
    };
    const note = (value: string, location: ScanLocation): void => {
      const hit = match(value);
      if (!hit) return;
      const { tokenId } = hit;
      let entry = found.get(tokenId);
      if (!entry) found.set(tokenId, (entry = { tokenId, values: [], kept: 0, dropped: 0 }));
      let at = entry.values.find((v) => v.value === value);
      if (!at) {
        if (entry.values.length >= MAX_VALUES_PER_TOKEN) return void (entry.dropped += 1);
        at = { value, byPrint: hit.byPrint, locations: new Map() };
        if (hit.byPrint) entry.values.unshift(at);
        else entry.values.push(at);
      }
      const key = `${location.commit ?? ''}\u0000${location.path}\u0000${location.line}`;
      if (at.locations.has(key)) return;
      if (entry.kept >= MAX_LOCATIONS_PER_TOKEN) entry.dropped += 1;
      else {
        at.locations.set(key, location);
        entry.kept += 1;
      }
    };

    const warnings: string[] = [];
    let files = 0;
    let bytes = 0;
    let commits = 0;
    let skipped: Skipped = { binary: 0, tooLarge: 0, symlinks: 0, unreadable: 0, ignored: 0, notRegular: 0 };

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
    const ambiguous: ScanAmbiguity[] = [];
    for (const entry of found.values()) {
      // The leak service names the token, says whether it ended, audits the match, and holds the
      // value in a case: the first value it takes for the token (a made-up `<id>~…` it does not).
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
      hits.push({ token: m.token, account: m.account, matchedBy: m.matchedBy, state: m.state, message: m.message, caseId: identified.caseId, locations: where.flatMap((v) => [...v.locations.values()]) });
      if (entry.dropped) warnings.push(`“${m.token.name}” was found in ${entry.dropped} more places than listed.`);
    }
    const order = { live: 0, rotated: 1, revoked: 2, gone: 3 };
    hits.sort((a, b) => order[a.state] - order[b.state] || a.token.name.localeCompare(b.token.name));
    const live = hits.filter((h) => h.state === 'live').length;
    const durationMs = Math.round(performance.now() - started);
    await this.audit.append({ action: 'scan-run', outcome: live || ambiguous.length ? 'failed' : 'ok', note: `${request.staged ? 'staged' : request.git ? 'files+history' : 'files'}: ${files} files, ${commits} commits, ${hits.length} tokens found, ${live} live${ambiguous.length ? `, ${ambiguous.length} ambiguous` : ''}` });
    return { hits, live, ambiguous, stats: { files, bytes, commits, candidates, skipped, durationMs }, warnings };
  }
}
