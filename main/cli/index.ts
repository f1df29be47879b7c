/**
 * `tokendesk`: the command line on the same core, keychain and store as the desktop app.
 * Usage: tokendesk [--data-dir DIR] <command> [options]   (tokendesk --help)
 */
import type { Core } from '../core/core';
import { AppError } from '../core/errors';
import { COMMANDS } from './commands';
import { errorLines } from './error-text';
import { EXIT } from './exit-codes';
import { HELP, helpFor } from './help';
import { terminalSafe, UsageError, type Io } from './io';
import { defaultDataDir, openProfile } from './profile';
import { VERSION } from './version';

export async function run(argv: string[], given: Io): Promise<number> {
  // Everything printed reaches the terminal spelled out (io.ts, terminalSafe): provider text included.
  const io = terminalSafe(given);
  const args = [...argv];
  let dataDir = defaultDataDir();
  // Tokendesk's own option, never one of the command's that `exec` runs (after `--`).
  const end = args.includes('--') ? args.indexOf('--') : args.length;
  const at = args.slice(0, end).findIndex((a) => a === '--data-dir' || a.startsWith('--data-dir='));
  if (at >= 0) {
    const [flag] = args.splice(at, 1);
    const value = flag!.includes('=') ? flag!.slice('--data-dir='.length) : args.splice(at, 1)[0];
    if (!value) return usage(io, '--data-dir needs a folder.');
    dataDir = value;
  }
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') return (io.stdout.write(HELP), EXIT.ok);
  if (args[0] === '--version') return (io.stdout.write(`${VERSION}\n`), EXIT.ok);

  // `tokendesk tokens create --help` (never an option of the command `exec` runs, after `--`): that
  // command's part of the help, without opening the profile.
  const own = args.slice(0, args.includes('--') ? args.indexOf('--') : args.length);
  if (own.includes('--help') || own.includes('-h')) return (io.stdout.write(helpFor(args) ?? HELP), EXIT.ok);

  const two = `${args[0]} ${args[1] ?? ''}`;
  const [name, rest] = COMMANDS[two] ? [two, args.slice(2)] : COMMANDS[args[0]!] ? [args[0]!, args.slice(1)] : [null, []];
  if (!name) {
    // An area word alone (`tokendesk tokens`) or a wrong sub-command: its commands, on stderr.
    const area = helpFor(args.slice(0, 1));
    return usage(io, `Unknown command "${args.slice(0, 2).join(' ')}".${area ? `\n\n${area}` : ''}`);
  }

  let core: Core | undefined;
  try {
    core = await openProfile(dataDir, io.stderr);
    return await COMMANDS[name]!(core, rest, io);
  } catch (error) {
    if (error instanceof UsageError) return usage(io, error.message);
    return fail(io, error);
  } finally {
    await core?.shutdown();
  }
}

function usage(io: Io, message: string): number {
  io.stderr.write(`tokendesk: ${message}\nRun \`tokendesk --help\` for the commands.\n`);
  return EXIT.usage;
}

function fail(io: Io, error: unknown): number {
  if (!(error instanceof AppError)) {
    io.stderr.write('tokendesk: an internal error occurred.\n');
    return EXIT.failed;
  }
  const [first, ...more] = errorLines(error.toPayload());
  io.stderr.write(`tokendesk: ${first}\n${more.map((line) => `  ${line}\n`).join('')}`);
  return error.code === 'not-found' ? EXIT.notFound : error.code === 'invalid-input' ? EXIT.usage : EXIT.failed;
}
