/**
 * Which environment variable names a token may be injected into (`tokendesk exec --env NAME=…`).
 *
 * A token must only ever be a value a program reads as a secret. Many variables are read by the
 * dynamic loader, the shell, the C library or an interpreter as a path to load, code to run, options
 * to parse or a setting to apply, and when that fails they print the value: `LD_PRELOAD=<token>`
 * makes the loader write "object '<token>' cannot be preloaded" to stderr, `BASH_ENV=<token>` makes
 * bash print "<token>: No such file or directory", `PS4` is echoed by `set -x`, `LC_ALL=<token>`
 * makes bash and perl warn "cannot change locale (<token>)", the JVM prints "Picked up
 * JAVA_TOOL_OPTIONS: <token>", Python prints an invalid `PYTHONWARNINGS`, git prints a `GIT_DIR`
 * that is no repository. Anyone who can edit a script or CI file that runs `tokendesk exec` could use
 * one of them to copy a production token into a build log. The list below is built from what each of
 * those readers documents it interprets, family by family (a prefix where a whole family is read);
 * names that are not plain identifiers (an `=` or a NUL would corrupt the environment) and
 * Tokendesk's own switches are refused too. test/unit/inject/env-names.test.ts holds the whole list.
 */
import { AppError } from '../errors';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Exact names (compared upper-cased: Windows' environment ignores case), by who reads them. */
const REFUSED = new Set([
  // POSIX and the C library: what runs, where home and temporary files are, the locale (an unknown
  // one is reported by name), the terminal (terminfo is loaded by its name), the time zone file.
  'PATH',
  'HOME',
  'SHELL',
  'USER',
  'LOGNAME',
  'TMPDIR',
  'LANG',
  'LANGUAGE',
  'NLSPATH',
  'TERM',
  'TERMINFO',
  'TERMINFO_DIRS',
  'TERMCAP',
  'TZ',
  'TZDIR',
  'MAIL',
  'MAILPATH',
  // sh and bash: files they source, prompts they print (PS4 under set -x), commands they run,
  // word splitting and search paths, options, history files, the `mail` check.
  'ENV',
  'BASH_ENV',
  'IFS',
  'PS0',
  'PS1',
  'PS2',
  'PS3',
  'PS4',
  'PROMPT_COMMAND',
  'CDPATH',
  'GLOBIGNORE',
  'SHELLOPTS',
  'BASHOPTS',
  'POSIXLY_CORRECT',
  'HISTFILE',
  'HISTFILESIZE',
  'HISTSIZE',
  'HISTCONTROL',
  'HISTIGNORE',
  'HISTTIMEFORMAT',
  'INPUTRC',
  'FIGNORE',
  'EXECIGNORE',
  'TIMEFORMAT',
  'FCEDIT',
  'HOSTFILE',
  'OPTERR',
  // zsh, ksh and fish start-up files and prompts.
  'ZDOTDIR',
  'FPATH',
  'PROMPT',
  'RPROMPT',
  'RPS1',
  'XDG_CONFIG_HOME',
  'XDG_CONFIG_DIRS',
  'XDG_DATA_HOME',
  'XDG_DATA_DIRS',
  // Windows: what runs and how.
  'PATHEXT',
  'COMSPEC',
  'PSMODULEPATH',
  'TEMP',
  'TMP',
  'SYSTEMROOT',
  'WINDIR',
  // Node.js and npm: options and modules to load, CA files (a bad path is printed).
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_EXTRA_CA_CERTS',
  'NODE_REPL_HISTORY',
  'NODE_DEBUG',
  'NODE_V8_COVERAGE',
  'NODE_REDIRECT_WARNINGS',
  'NODE_ICU_DATA',
  'UV_THREADPOOL_SIZE',
  // Perl and Ruby: options and library paths.
  'PERL5OPT',
  'PERL5LIB',
  'PERLLIB',
  'PERL5DB',
  'PERL_UNICODE',
  'RUBYOPT',
  'RUBYLIB',
  'RUBYSHELL',
  'GEM_HOME',
  'GEM_PATH',
  'BUNDLE_GEMFILE',
  // Java: every JVM prints "Picked up JAVA_TOOL_OPTIONS: <value>"; class paths are loaded.
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'JAVA_OPTS',
  'JAVA_HOME',
  'CLASSPATH',
  'MAVEN_OPTS',
  'GRADLE_OPTS',
  // Other runtimes: PHP, Go, .NET, R, Lua, Tcl.
  'PHPRC',
  'PHP_INI_SCAN_DIR',
  'GOFLAGS',
  'GOPATH',
  'GOROOT',
  'GODEBUG',
  'DOTNET_STARTUP_HOOKS',
  'R_PROFILE',
  'R_PROFILE_USER',
  'R_ENVIRON',
  'LUA_PATH',
  'LUA_CPATH',
  'LUA_INIT',
  'TCLLIBPATH',
  // ssh and TLS: programs run for a passphrase, certificate files and folders (a bad one is named).
  'SSH_ASKPASS',
  'SSH_AUTH_SOCK',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'OPENSSL_CONF',
  'OPENSSL_ENGINES',
  'CURL_CA_BUNDLE',
  'REQUESTS_CA_BUNDLE',
  'CURL_HOME',
  'WGETRC',
  // Proxies: a URL every HTTP client parses (and reports when it cannot).
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'ALL_PROXY',
  'NO_PROXY',
  'FTP_PROXY',
  // Programs other programs run: editors, pagers, browsers, less's input filters, man's pager.
  'EDITOR',
  'VISUAL',
  'PAGER',
  'BROWSER',
  'LESSOPEN',
  'LESSCLOSE',
  'LESS',
  'LESSKEY',
  'MANPAGER',
  'MANOPT',
  'MANPATH',
  'SUDO_ASKPASS',
  'SYSTEMD_PAGER',
  // Names whose value goes onto the network or the screen, or names a file or socket to use: the
  // X display and its cookie, the session bus, the resolver (LOCALDOMAIN and RES_OPTIONS go into DNS
  // queries), glibc's conversion and locale paths, TLS key logs, and the configuration files of
  // kubectl, docker, cloud SDKs and gpg.
  'DISPLAY',
  'XAUTHORITY',
  'WAYLAND_DISPLAY',
  'LOCALDOMAIN',
  'RES_OPTIONS',
  'HOSTALIASES',
  'GCONV_PATH',
  'LOCPATH',
  'NLSPATH',
  'SSLKEYLOGFILE',
  'KUBECONFIG',
  'DOCKER_HOST',
  'DOCKER_CONFIG',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'GNUPGHOME',
]);

/**
 * Prefixes of whole families: the loader (LD_, DYLD_), the locale categories (LC_), bash's exported
 * functions, git (GIT_DIR, GIT_SSH_COMMAND, GIT_CONFIG_*, GIT_TRACE print or run what they hold),
 * Python (PYTHONWARNINGS, PYTHONSTARTUP, PYTHONPATH…), npm's and yarn's configuration, Tokendesk's
 * own switches, the desktop's folders (XDG_CONFIG_HOME, XDG_RUNTIME_DIR…) and the session bus.
 */
const REFUSED_PREFIXES = ['LD_', 'DYLD_', 'LC_', 'BASH_FUNC_', 'GIT_', 'PYTHON', 'NPM_CONFIG_', 'YARN_', 'MALLOC_', 'GLIBC_', 'TOKENDESK_', 'XDG_', 'DBUS_'];

export function checkEnvName(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new AppError('invalid-input', `"${name.slice(0, 40)}" is not a usable environment variable name: letters, digits and _, not starting with a digit.`, {
      issues: ['env: not an identifier'],
    });
  }
  const upper = name.toUpperCase();
  if (REFUSED.has(upper) || REFUSED_PREFIXES.some((p) => upper.startsWith(p))) {
    throw new AppError(
      'invalid-input',
      `${name} is read by the system, a shell or an interpreter as a path, code or a setting, and printed when that fails: a token is never put there. Use a variable of your own (LOGSCALE_TOKEN, for example) and read it in the command.`,
      { issues: [`env ${name}: refused`] },
    );
  }
  return name;
}
