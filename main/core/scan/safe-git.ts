/**
 * The one place a `git` process is started (scan: `rev-parse`, `ls-files`, `log -p`, `diff --cached`):
 * git run on a scanned folder must never run a program that the folder chose.
 *
 * A repository's `.git/config` (and any file it includes) travels with the folder: an unpacked
 * archive, a shared drive, a checkout someone handed over. git cannot be told not to read it, so
 * every setting that makes git start a program is overridden at the command-line scope, which git
 * reads after the system, global, repository and worktree files and which wins over all of them:
 *
 * - Fixed names, as `-c` (STATIC below): `core.fsmonitor` (run on every index read: `ls-files`,
 *   `diff`) and the builtin daemon of git for Windows (`core.useBuiltinFSMonitor`);
 *   `core.hooksPath` (hooks such as `post-index-change`, `reference-transaction`);
 *   `core.pager`, `pager.*` (also `--no-pager`); `core.editor`, `sequence.editor`; `diff.external`
 *   (also `--no-ext-diff` on every diff); `log.showSignature` and every `gpg.*program` and
 *   `gpg.ssh.defaultKeyCommand` (`log` on a commit with a `gpgsig` header runs gpg);
 *   `credential.helper`, `core.askPass`, `core.sshCommand`, `core.gitProxy`, `protocol.allow` and
 *   `protocol.<name>.allow` = never (a partial clone would otherwise fetch missing objects through a
 *   transport, `ext::` among them, that the repository names); `core.alternateRefsCommand`;
 *   `diff.submodule=short` and `submodule.recurse=false` (no git started inside a submodule, whose
 *   own config is not read here); `gc.auto=0`, `maintenance.auto=false`.
 * - Names with a part the repository chooses (a driver, a tool, a URL), as GIT_CONFIG_KEY_n /
 *   GIT_CONFIG_VALUE_n (no quoting problem with any character in a name): every key that git's own
 *   configuration listing (`git config --list`, includes followed, in the same repository) shows
 *   among `filter.<driver>.clean|smudge|process` (and `.required=false`),
 *   `diff.<driver>.command|textconv` (also `--no-textconv`), `merge.<driver>.driver`, `pager.<cmd>`,
 *   `credential.<url>.helper`, `gpg.<format>.program` and `protocol.<name>.allow`. Attributes
 *   (.gitattributes) only name drivers; a driver no configuration defines runs nothing.
 * - Not overridden, because no scan command runs them: `difftool`, `mergetool`, `browser`, `man`,
 *   `guitool`, `sendemail` commands (each only by its own porcelain), `alias.*` (builtins cannot be
 *   aliased), `uploadpack.packObjectsHook` and `safe.directory` (git ignores them in a repository's
 *   own config: protected configuration).
 *
 * The environment: every inherited `GIT_*` variable is dropped (`GIT_EXTERNAL_DIFF`, `GIT_PAGER`,
 * `GIT_SSH_COMMAND`, `GIT_ASKPASS`, `GIT_EDITOR`, `GIT_CONFIG_*`, `GIT_TRACE*`…) except those that
 * say where the repository is, which git itself sets for a hook (`GIT_DIR`, `GIT_INDEX_FILE`:
 * `tokendesk scan --pre-commit` runs as a pre-commit hook). Added: `GIT_OPTIONAL_LOCKS=0` and
 * `core.untrackedCache=false` (a scan writes nothing into the scanned repository: no index
 * refresh written back), `GIT_TERMINAL_PROMPT=0`, `GIT_PAGER=cat`, and `--no-replace-objects` (a
 * `refs/replace/` ref would show other content in place of a commit that holds a token).
 * `diff.orderFile=/dev/null`, `mailmap.file=/dev/null`, `mailmap.blob=`, `log.mailmap=false`,
 * `core.attributesFile=/dev/null`, `core.excludesFile=/dev/null`: the repository could name a FIFO
 * there and leave git waiting forever. A FIFO git must read anyway (the repository's own
 * `.gitignore`, `.mailmap`, `.git/index`, a file an `include.path` names) is met by the watchdog:
 * a git that says nothing for `GIT_IDLE_MS` is killed, and the scan says why (GitStalled).
 *
 * An empty program value names no program: where git would still call it (an external diff without
 * `--no-ext-diff`) it fails ("cannot run"), it runs nothing. Each diff here also passes
 * `--no-ext-diff --no-textconv`, so those keys are never consulted; a driver's clean filter, which
 * git would otherwise run to read a work-tree file for a text conversion, is disarmed both ways.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { AppError } from '../errors';

const STATIC: Record<string, string> = {
  'core.fsmonitor': '',
  'core.useBuiltinFSMonitor': 'false',
  'core.untrackedCache': 'false',
  'core.hooksPath': '/dev/null',
  'core.pager': 'cat',
  'core.editor': ':',
  'sequence.editor': ':',
  'core.askPass': '',
  'core.sshCommand': '',
  'core.gitProxy': '',
  'core.alternateRefsCommand': '',
  'credential.helper': '',
  'diff.external': '',
  'diff.orderFile': '/dev/null',
  'mailmap.file': '/dev/null',
  'mailmap.blob': '',
  'log.mailmap': 'false',
  'core.attributesFile': '/dev/null',
  'core.excludesFile': '/dev/null',
  'diff.submodule': 'short',
  'submodule.recurse': 'false',
  'log.showSignature': 'false',
  'gpg.program': '',
  'gpg.openpgp.program': '',
  'gpg.x509.program': '',
  'gpg.ssh.program': '',
  'gpg.ssh.defaultKeyCommand': '',
  'protocol.allow': 'never',
  'protocol.file.allow': 'never',
  'protocol.git.allow': 'never',
  'protocol.ssh.allow': 'never',
  'protocol.http.allow': 'never',
  'protocol.https.allow': 'never',
  'protocol.ext.allow': 'never',
  'gc.auto': '0',
  'maintenance.auto': 'false',
  'core.quotePath': 'false',
};

/** Keys whose middle part the repository chooses, and the value that makes each run nothing. */
const CHOSEN: Array<[RegExp, string]> = [
  [/^filter\..+\.(?:clean|smudge|process)$/, ''],
  [/^filter\..+\.required$/, 'false'],
  [/^diff\..+\.(?:command|textconv)$/, ''],
  [/^merge\..+\.driver$/, ''],
  [/^pager\..+$/, 'false'],
  [/^credential\..+\.helper$/, ''],
  [/^gpg\..+\.program$/, ''],
  [/^protocol\..+\.allow$/, 'never'],
];

/** Variables that say where the repository is (git sets them for a hook); every other GIT_* is dropped. */
const KEPT_GIT_ENV = new Set([
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_EXEC_PATH',
  'GIT_QUARANTINE_PATH',
]);

/** git's global options for a scan: no pager, no replace refs, every program-running key overridden. */
export const HARDENED_ARGS: readonly string[] = [
  '--no-pager',
  '--no-replace-objects',
  ...Object.entries(STATIC).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
];

/** The environment a scan's git gets: the caller's, less its GIT_* settings, plus ours. */
export function hardenedEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) if (!name.toUpperCase().startsWith('GIT_') || KEPT_GIT_ENV.has(name)) env[name] = value;
  return { ...env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat' };
}

/** The repository-chosen keys among a `git config --list -z` output, each with the value that disarms it. */
export function chosenOverrides(listing: string): Array<[string, string]> {
  const out = new Map<string, string>();
  for (const entry of listing.split('\0')) {
    const key = entry.split('\n', 1)[0]!;
    if (!key) continue;
    const rule = CHOSEN.find(([pattern]) => pattern.test(key));
    if (rule) out.set(key, rule[1]);
  }
  return [...out];
}

export interface GitOptions {
  signal?: AbortSignal;
  maxBuffer?: number;
  /** How long git may say nothing before it is taken for blocked (a FIFO among the files it reads). */
  idleMs?: number;
}

/** A git that writes nothing for this long is reading something that never ends. */
export const GIT_IDLE_MS = 20_000;

/** git was killed after saying nothing for too long: the repository made it wait on a file that never ends. */
export function gitStalled(repository: string, idleMs: number): AppError {
  return new AppError(
    'invalid-input',
    `git stopped answering while reading ${repository} (nothing for ${Math.round(idleMs / 1000)} s) and was stopped: the repository makes it read a file that never ends (a FIFO or a device as .gitignore, .mailmap, .gitattributes, an index or a file its configuration includes). Nothing more was read from it.`,
  );
}

type GitChild = ChildProcessByStdio<null, Readable, Readable>;

/** Starts hardened git with a watchdog: silent for `idleMs`, it is killed and emits GitStalled as its error. */
function startGit(repository: string, args: readonly string[], env: NodeJS.ProcessEnv, options: GitOptions): GitChild {
  const child = spawn('git', ['-C', repository, ...HARDENED_ARGS, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const idleMs = options.idleMs ?? GIT_IDLE_MS;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      child.emit('error', gitStalled(repository, idleMs));
    }, idleMs);
  };
  arm();
  child.stdout.on('data', arm);
  child.stderr.on('data', arm);
  child.on('close', () => clearTimeout(timer));
  child.on('error', () => clearTimeout(timer));
  return child;
}

/** Runs git once and collects its standard output; rejects on a non-zero exit, a stall, or more than maxBuffer. */
function execHardened(repository: string, args: readonly string[], env: NodeJS.ProcessEnv, options: GitOptions): Promise<Buffer> {
  const maxBuffer = options.maxBuffer ?? 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = startGit(repository, args, env, options);
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failed = false;
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBuffer) fail(Object.assign(new Error(`git wrote more than ${maxBuffer} bytes`), { code: 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' }));
      else chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString('utf8');
    });
    child.on('error', fail);
    child.on('close', (code) => {
      if (failed) return;
      if (code === 0) resolve(Buffer.concat(chunks));
      else fail(Object.assign(new Error(`git ${args[0] ?? ''} failed: ${stderr.trim().split('\n')[0] || `exit code ${code}`}`), { code, stderr }));
    });
  });
}

/** The full environment for `repository`: fixed settings, plus an override for each driver its configuration names. */
async function environmentFor(repository: string, options: GitOptions): Promise<NodeJS.ProcessEnv> {
  const env = hardenedEnv();
  let listing = '';
  try {
    listing = (await execHardened(repository, ['config', '--list', '-z'], env, { ...options, maxBuffer: 64 * 1024 * 1024 })).toString('utf8');
  } catch (error) {
    options.signal?.throwIfAborted();
    // No git (the caller's own call says so), or a configuration git cannot read (the caller's call fails on it too).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof AppError) throw error;
  }
  const chosen = chosenOverrides(listing);
  chosen.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  env['GIT_CONFIG_COUNT'] = String(chosen.length);
  return env;
}

/** git for one repository, hardened: the configuration is listed once, every call after it carries the overrides. */
export interface SafeGit {
  /** Runs `git -C repository <args>`; resolves with its standard output (rejects as execFile does). */
  run(args: readonly string[], maxBuffer?: number): Promise<Buffer>;
  /** Starts `git -C repository <args>`, its output streamed (for a history of any size). */
  spawn(args: readonly string[]): ChildProcessByStdio<null, Readable, Readable>;
}

/** Lists the repository's configuration (which runs nothing) to learn its driver names, then gives hardened git. */
export async function safeGit(repository: string, options: GitOptions = {}): Promise<SafeGit> {
  const env = await environmentFor(repository, options);
  return {
    run: (args, maxBuffer) => execHardened(repository, args, env, { ...options, ...(maxBuffer ? { maxBuffer } : {}) }),
    spawn: (args) => startGit(repository, args, env, options),
  };
}
