/**
 * `tokendesk`: the command line on the same core, keychain and store as the desktop app.
 * Usage: tokendesk [--data-dir DIR] <command> [options]   (tokendesk --help)
 */
import type { Core } from '../core/core';
import { AppError } from '../core/errors';
import { COMMANDS } from './commands';
import { errorLines } from './error-text';
import { EXIT } from './exit-codes';
import { UsageError, type Io } from './io';
import { defaultDataDir, openProfile } from './profile';
import { VERSION } from './version';

export const HELP = `tokendesk ${VERSION}: the API tokens of OVHcloud Logs Data Platform and Falcon LogScale

Usage: tokendesk [--data-dir DIR] <command> [options]

  accounts list [--json]
  accounts add --provider logscale --label NAME --url URL           (token on stdin)
  accounts add --provider ovh --label NAME [--endpoint ovh-eu|ovh-ca|ovh-us|custom] [--url URL]
               --application-key AK                                 (secret, consumer key on stdin)
             | --client-id ID                                       (client secret on stdin)
  accounts remove <account> [--yes]
  tokens list [--account A] [--sync] [--json]
  tokens sync [--json]
  tokens create --account A --service S --name N [--cluster ID]     (OVHcloud LDP)
  tokens create --account A --kind system|organization|view|personal [--name N]
                [--permission P]... [--view ID]... [--expires 30d|12h|90m|never|DATE] [--ip-filter ID]
                [--print-secret] [--json]                            (LogScale)
  tokens rotate <token> [--print-secret] [--json]
  tokens revoke <token> [--confirm TEXT | --yes] [--revoke-account-credential] [--json]
  tokens verify <token> [--json]
  tokens get <token>                 prints the value, for scripts
  leak [--revoke] [--confirm TEXT | --yes] [--revoke-account-credential] [--json]
                                     reads the leaked text on stdin; a token already revoked,
                                     rotated or gone is named and checked dead at the provider
  audit export [--format json|csv] [--out FILE]
  audit verify

<account> and <token> are a name or an id. Secrets are read from stdin, never from arguments.
TEXT confirms a revoke: the token's name, or, when two tokens of an account share it, the name
and the start of the id as \`tokens list\` shows it (\`ci-reader #3fa9c2\`).
Exit codes: 0 ok, 1 failed, 2 usage, 3 not found, 4 leak not ours, 5 not confirmed.
Data: ${defaultDataDir()} (the desktop app's), or --data-dir. Secrets: the OS keychain.
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const args = [...argv];
  let dataDir = defaultDataDir();
  const at = args.findIndex((a) => a === '--data-dir' || a.startsWith('--data-dir='));
  if (at >= 0) {
    const [flag] = args.splice(at, 1);
    const value = flag!.includes('=') ? flag!.slice('--data-dir='.length) : args.splice(at, 1)[0];
    if (!value) return usage(io, '--data-dir needs a folder.');
    dataDir = value;
  }
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') return io.stdout.write(HELP), EXIT.ok;
  if (args[0] === '--version') return io.stdout.write(`${VERSION}\n`), EXIT.ok;

  const two = `${args[0]} ${args[1] ?? ''}`;
  const [name, rest] = COMMANDS[two] ? [two, args.slice(2)] : COMMANDS[args[0]!] ? [args[0]!, args.slice(1)] : [null, []];
  if (!name) return usage(io, `Unknown command "${args.slice(0, 2).join(' ')}".`);

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
