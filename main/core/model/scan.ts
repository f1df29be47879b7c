/** Scanning files and git history for the tokens Tokendesk knows: what is asked, and what is found (never a value). */
import type { AccountSummary } from './accounts';
import type { LeakAmbiguity, LeakMatch } from './leak';
import type { TokenSummary } from './tokens';

export interface ScanRequest {
  /** Files or folders (absolute, or relative to the working folder of the CLI). */
  paths: string[];
  /** Also every commit of each path that is a git repository (through the `git` command). */
  git?: boolean;
  /** Only the staged changes of the repository at the first path (`git diff --cached`): a pre-commit check. */
  staged?: boolean;
  /** Skip what the repository's .gitignore files ignore (through `git ls-files`). */
  gitignore?: boolean;
  /** Files larger than this are skipped (default 50 MiB). */
  maxFileBytes?: number;
}

/** Where a token was found: a file and line, or a commit, a path and a line in that commit's change. */
export interface ScanLocation {
  path: string;
  line: number;
  /** The commit that added the line (history scans). */
  commit?: string;
  /** The line is in the staged changes (pre-commit scans). */
  staged?: true;
}

/** One token found, with every place it was found. */
export interface ScanHit {
  token: TokenSummary;
  account: Pick<AccountSummary, 'id' | 'label' | 'provider'>;
  matchedBy: LeakMatch['matchedBy'];
  state: LeakMatch['state'];
  /** The answer in words, as the leak panel gives it ("This is “ci-reader” of Prod, revoked on …"). */
  message: string;
  /**
   * A leak case holding the value found (in main only, ten minutes): revoke with `leak:revoke`
   * (live tokens) or check it is dead with `leak:prove` (ended ones), as for a pasted leak.
   */
  caseId: string;
  locations: ScanLocation[];
}

/** A LogScale id found that tokens of several accounts carry: no token named, no case (nothing to revoke). */
export interface ScanAmbiguity extends LeakAmbiguity {
  /** In words, naming every candidate and its account. */
  message: string;
  locations: ScanLocation[];
}

export interface ScanStats {
  files: number;
  bytes: number;
  /** Commits read (history scans). */
  commits: number;
  /** Candidate strings fingerprinted. */
  candidates: number;
  /** `notRegular`: FIFOs, sockets and devices, never opened in a way that waits. */
  skipped: { binary: number; tooLarge: number; symlinks: number; unreadable: number; ignored: number; notRegular: number };
  durationMs: number;
}

export interface ScanReport {
  hits: ScanHit[];
  /** Distinct tokens found that are still live (a script fails on this). */
  live: number;
  /** Values whose LogScale id tokens of several accounts carry (a script fails on these too). */
  ambiguous: ScanAmbiguity[];
  stats: ScanStats;
  /** What the admin should know about the scan itself (a path that is not a git repository, locations cut short). */
  warnings: string[];
}
