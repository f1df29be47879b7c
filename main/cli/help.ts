/** `tokendesk --help`: every command with its options, and the rules every command keeps. */
import { defaultDataDir } from './profile';
import { VERSION } from './version';

export const HELP = `tokendesk ${VERSION}: the API tokens of OVHcloud Logs Data Platform and Falcon LogScale

Usage: tokendesk [--data-dir DIR] <command> [options]          (--json on every command)

Accounts
  accounts list
  accounts add --provider logscale --label NAME --url URL [--no-test]         (token on stdin)
  accounts add --provider ovh --label NAME [--endpoint ovh-eu|ovh-ca|ovh-us|custom] [--url URL]
               --application-key AK | --client-id ID [--no-test]
                                     (secret and consumer key, or client secret, on stdin)
  accounts edit <account> [--label NAME] [--url URL]
               [--credential [--application-key AK | --client-id ID]] [--no-test]
                                     (--credential: the new secrets on stdin; new URL or
                                     credentials are tested before they are saved)
  accounts test <account>
  accounts remove <account> [--yes]
  services list --account A          OVHcloud: services, state, IAM or legacy tokens, clusters
  ip-filters list --account A        LogScale
  views list --account A             LogScale: views and repositories (with their parsers)
  policies show --account A [--kind system|organization|view|personal]   LogScale token policy

Tokens
  tokens list [--account A] [--kind K] [--sync]       K: ldp, ldp-stream, iam-pat, system,
                                                     organization, view, personal, ingest
  tokens sync
  tokens create --account A --service S --name N [--cluster ID]             (OVHcloud LDP)
  tokens create --account A --kind iam-pat --service S --user LOGIN --name N
                [--description D] [--expires 90d|DATE|never]                 (OVHcloud IAM PAT)
  tokens create --account A [--kind system|organization|view|personal] [--name N]
                [--permission P]... [--view ID]... [--expires 30d|12h|90m|never|DATE]
                [--ip-filter ID]                                             (LogScale API token)
  tokens create --account A --kind ingest --repository R --name N [--parser P]  (LogScale ingest)
                [--print-secret] on any create prints the value
  tokens rotate <token> [--print-secret]
  tokens revoke <token> [--confirm TEXT | --yes] [--revoke-account-credential]
  tokens verify <token>
  tokens get <token>                 prints the value, for scripts (prefer exec)
  tokens parser <token> --parser P | --none     a LogScale ingest token's parser

Leaks, scans, secrets for commands
  leak [--revoke] [--confirm TEXT | --yes] [--revoke-account-credential]
                                     reads the leaked text on stdin; a token already revoked,
                                     rotated or gone is named and checked dead at the provider
  scan PATH... [--git] [--gitignore] [--max-size MB] [--revoke [--yes]]
                                     our tokens in files (--git: and in every commit), by file,
                                     line, token, account and state, never the value
  scan --pre-commit [REPO]           the staged changes only (a git pre-commit hook)
  exec --env NAME=<token>... [--template FILE --out FILE] -- COMMAND [ARGS...]
                                     runs COMMAND with the values in its environment (and/or a
                                     template's {{ tokendesk "<account>/<token>" }} rendered to
                                     OUT, mode 0600); never in arguments, never printed

Audit
  audit list [--limit N] [--action A] [--token T] [--account ID]
  audit export [--format json|csv] [--out FILE]
  audit verify

App lock (the window's)
  lock status
  lock off                       removes a forgotten PIN or passphrase (no PIN asked: the CLI runs as you)

<account> and <token> are a name or an id; <token> in exec and templates is <account>/<token>
or a unique token name. Secrets are read from stdin, never from arguments.
TEXT confirms a revoke: the token's name, or, when two tokens of an account share it, the name
and the start of the id as \`tokens list\` shows it (\`ci-reader #3fa9c2\`).
Exit codes: 0 ok, 1 failed, 2 usage, 3 not found, 4 leak: not ours / scan: a live token found,
5 not confirmed / leak, scan: ambiguous (an id of tokens of several accounts, nothing revoked);
exec: the command's own exit code (127: command not found).
Data: ${defaultDataDir()} (the desktop app's), or --data-dir. Secrets: a vault behind the OS keychain.
\`tokendesk <command> --help\` shows that command's part of this help.
`;

/** The commands' blocks of HELP ("Accounts", "Tokens", …), each with its heading. */
const BLOCKS = HELP.split('\n\n').slice(1, -1);
const FOOTER = HELP.split('\n\n').at(-1)!;

/**
 * `tokendesk <command> --help`, or an area word alone (`tokendesk tokens`): the block of HELP that
 * holds the command (or the area's commands), then the rules every command keeps; null when no
 * block names it.
 */
export function helpFor(words: string[]): string | null {
  const [area, sub] = words;
  if (!area || area.startsWith('-')) return null;
  const command = sub && !sub.startsWith('-') ? `${area} ${sub}` : area;
  const holds = (block: string, name: string): boolean => block.split('\n').some((line) => line.startsWith(`  ${name} `) || line === `  ${name}`);
  const block = BLOCKS.find((b) => holds(b, command)) ?? BLOCKS.find((b) => holds(b, area));
  return block ? `Usage: tokendesk [--data-dir DIR] <command> [options]          (--json on every command)\n\n${block}\n\n${FOOTER}` : null;
}
