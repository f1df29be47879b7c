/**
 * `tokendesk scan PATH…`: the tokens Tokendesk knows, found in files (and with --git, in every
 * commit; with --pre-commit, in the staged changes), by file, line, token, account and state:
 * never the value. Exit 0 when no live token is found, 4 when one is, 5 when only values whose
 * LogScale id tokens of several accounts carry are (ambiguous: never revoked); --revoke hands the
 * live ones to the leak response, each with its confirmation.
 */
import type { ScanHit, ScanLocation, ScanReport } from '../../core/model';
import { confirmRevoke, PROOF_LINE, REVOKE_FLAGS } from '../confirm';
import { toErrorPayload } from '../../core/errors';
import { visibleName } from '../../core/visible-name';
import { errorLines } from '../error-text';
import { EXIT } from '../exit-codes';
import { table, UsageError, type Io } from '../io';
import { json, megabytes, options, type Command } from '../options';

const where = (l: ScanLocation): string => `${l.staged ? '(staged) ' : l.commit ? `${l.commit.slice(0, 10)}:` : ''}${l.path}:${l.line}`;
const count = (n: number, unit: string): string => `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;

function summary(report: ScanReport, staged: boolean): string {
  const { stats } = report;
  const read = staged
    ? `the staged changes`
    : `${count(stats.files, 'file')} (${(stats.bytes / 1e6).toFixed(1)} MB)${stats.commits ? ` and ${count(stats.commits, 'commit')}` : ''}`;
  const skipped = Object.entries(stats.skipped)
    .filter(([, n]) => n > 0)
    .map(
      ([why, n]) =>
        `${n} ${{ binary: 'binary', tooLarge: 'too large', symlinks: 'links (not followed)', unreadable: 'unreadable', ignored: 'ignored by .gitignore', notRegular: 'not regular files (FIFOs, devices)' }[why]}`,
    );
  return `Scanned ${read} in ${(stats.durationMs / 1000).toFixed(1)} s: ${report.live ? `${count(report.live, 'live token')} found` : 'no live token'}${report.hits.length > report.live ? `, ${report.hits.length - report.live} ended` : ''}${report.ambiguous.length ? `, ${count(report.ambiguous.length, 'ambiguous value')} (not revoked)` : ''}.${skipped.length ? ` Skipped: ${skipped.join(', ')}.` : ''}\n`;
}

function print(io: Io, report: ScanReport, staged: boolean): void {
  const rows = report.hits.flatMap((h) =>
    h.locations.map((l) => ({
      state: h.state === 'live' ? 'LIVE' : h.state,
      where: where(l),
      token: `"${h.token.name}" (${h.token.kind})`,
      account: h.account.label,
    })),
  );
  // An id of tokens of several accounts: every candidate named, none chosen.
  for (const a of report.ambiguous) {
    const tokens = a.candidates.map((c) => `"${c.token.name}"`).join(' or ');
    const accounts = a.candidates.map((c) => c.account.label).join(' or ');
    rows.push(...a.locations.map((l) => ({ state: 'AMBIGUOUS', where: where(l), token: tokens, account: accounts })));
  }
  io.stdout.write(table(rows, ['state', 'where', 'token', 'account']));
  for (const h of report.hits.filter((x) => x.state !== 'live')) io.stdout.write(`  ${h.message}\n`);
  for (const a of report.ambiguous) io.stdout.write(`  ${a.message}\n`);
  for (const w of report.warnings) io.stderr.write(`warning: ${w}\n`);
  io.stdout.write(summary(report, staged));
}

/** Revokes each live token found, one confirmation each; returns how many are still live. */
async function revokeLive(
  core: Parameters<Command>[0],
  io: Io,
  hits: ScanHit[],
  flags: Parameters<typeof confirmRevoke>[2],
  quiet: boolean,
): Promise<{ stillLive: number; results: unknown[] }> {
  const live = hits.filter((h) => h.state === 'live');
  if (flags.confirm !== undefined && live.length > 1)
    throw new UsageError(`--confirm names one token, and ${live.length} live tokens were found: confirm each at the prompt, or pass --yes.`);
  let stillLive = 0;
  const results: unknown[] = [];
  for (const hit of live) {
    const typed = await confirmRevoke(io, hit.token, flags, 'pass --yes (or --confirm <text> for one token) when stdin is not a terminal.');
    if (typeof typed === 'number') {
      stillLive += 1;
      continue;
    }
    try {
      const result = await core.leak.revoke(hit.caseId, typed, { revokeAccountCredential: flags['revoke-account-credential'] === true });
      results.push(result);
      if (!quiet) io.stdout.write(`Revoked "${hit.token.name}" of account "${hit.account.label}". ${PROOF_LINE[result.proof]}\n`);
      if (result.proof === 'alive') stillLive += 1;
    } catch (error) {
      stillLive += 1;
      // The provider's words, each line spelled out: a line break in its message must not forge a line of ours.
      const [first, ...rest] = errorLines(toErrorPayload(error));
      io.stderr.write(`Could not revoke "${visibleName(hit.token.name)}": ${[first, ...rest].join(' ')}\n`);
    }
  }
  return { stillLive, results };
}

const scan: Command = async (core, args, io) => {
  const { values, positionals } = options(args, {
    git: { type: 'boolean' },
    'pre-commit': { type: 'boolean' },
    gitignore: { type: 'boolean' },
    'max-size': { type: 'string' },
    revoke: { type: 'boolean' },
    ...REVOKE_FLAGS,
  });
  const staged = values['pre-commit'] === true;
  if (staged && (values.git || values.gitignore)) throw new UsageError('--pre-commit checks the staged changes only: leave out --git and --gitignore.');
  if (staged && positionals.length > 1) throw new UsageError('--pre-commit checks one repository (the current folder by default).');
  if (!staged && positionals.length === 0) throw new UsageError('Name the files or folders to scan: tokendesk scan PATH…');
  const maxFileBytes = megabytes(values['max-size'], '--max-size');
  const report = await core.scan.run({
    paths: staged ? [positionals[0] ?? '.'] : positionals,
    ...(staged ? { staged: true } : {}),
    ...(values.git ? { git: true } : {}),
    ...(values.gitignore ? { gitignore: true } : {}),
    ...(maxFileBytes ? { maxFileBytes } : {}),
  });
  if (!values.json) print(io, report, staged);
  let live = report.live;
  let revoked: unknown[] = [];
  if (values.revoke && live > 0) ({ stillLive: live, results: revoked } = await revokeLive(core, io, report.hits, values, values.json === true));
  else if (live > 0 && !values.json)
    io.stdout.write(
      staged
        ? 'The commit is stopped: take the token out of the staged changes (git restore --staged FILE), then revoke it: it may have been copied already (tokendesk scan --revoke FILE).\n'
        : 'Revoke them with --revoke (each asks for its confirmation).\n',
    );
  if (values.json) json(io, { ...report, ...(values.revoke ? { revoked, stillLive: live } : {}) });
  return live > 0 ? EXIT.liveFound : report.ambiguous.length > 0 ? EXIT.ambiguous : EXIT.ok;
};

export const SCAN_COMMANDS: Record<string, Command> = { scan };
