/**
 * `tokendesk exec --env NAME=…`: every name a shell, the loader, the C library or a common runtime
 * interprets (and prints when it cannot) is refused. The list is written out here, not imported from
 * env-names.ts: deleting a name from the module (JAVA_TOOL_OPTIONS, say: the JVM prints its value)
 * must fail this test. Family members stand for their prefix rule (LC_*, LD_*, GIT_*, PYTHON*…).
 */
import { describe, expect, it } from 'vitest';
import { checkEnvName } from '../../../main/core/inject/env-names';

const PROMISED = [
  // POSIX and the C library
  'PATH', 'HOME', 'SHELL', 'USER', 'LOGNAME', 'TMPDIR', 'LANG', 'LANGUAGE', 'NLSPATH', 'TERM', 'TERMINFO', 'TERMINFO_DIRS', 'TERMCAP', 'TZ', 'TZDIR', 'MAIL', 'MAILPATH',
  'LC_ALL', 'LC_CTYPE', 'LC_MESSAGES', 'LC_NUMERIC', 'LC_TIME', 'LC_COLLATE', 'LC_MONETARY',
  // sh and bash
  'ENV', 'BASH_ENV', 'IFS', 'PS0', 'PS1', 'PS2', 'PS3', 'PS4', 'PROMPT_COMMAND', 'CDPATH', 'GLOBIGNORE', 'SHELLOPTS', 'BASHOPTS', 'POSIXLY_CORRECT',
  'HISTFILE', 'HISTFILESIZE', 'HISTSIZE', 'HISTCONTROL', 'HISTIGNORE', 'HISTTIMEFORMAT', 'INPUTRC', 'FIGNORE', 'EXECIGNORE', 'TIMEFORMAT', 'FCEDIT', 'HOSTFILE', 'OPTERR',
  'BASH_FUNC_deploy',
  // zsh, ksh, fish
  'ZDOTDIR', 'FPATH', 'PROMPT', 'RPROMPT', 'RPS1', 'XDG_CONFIG_HOME', 'XDG_CONFIG_DIRS', 'XDG_DATA_HOME', 'XDG_DATA_DIRS',
  // Windows
  'PATHEXT', 'COMSPEC', 'PSMODULEPATH', 'TEMP', 'TMP', 'SYSTEMROOT', 'WINDIR',
  // the dynamic loaders and the C library's allocator
  'LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'LD_DEBUG', 'LD_DEBUG_OUTPUT', 'LD_BIND_NOW', 'DYLD_INSERT_LIBRARIES', 'DYLD_LIBRARY_PATH', 'DYLD_FRAMEWORK_PATH', 'MALLOC_CONF', 'GLIBC_TUNABLES',
  // Node.js, npm, yarn
  'NODE_OPTIONS', 'NODE_PATH', 'NODE_EXTRA_CA_CERTS', 'NODE_REPL_HISTORY', 'NODE_DEBUG', 'NODE_V8_COVERAGE', 'NODE_REDIRECT_WARNINGS', 'NODE_ICU_DATA', 'UV_THREADPOOL_SIZE',
  'NPM_CONFIG_REGISTRY', 'NPM_CONFIG_USERCONFIG', 'npm_config_cache', 'YARN_RC_FILENAME',
  // Python
  'PYTHONWARNINGS', 'PYTHONSTARTUP', 'PYTHONPATH', 'PYTHONHOME', 'PYTHONINSPECT', 'PYTHONBREAKPOINT', 'PYTHONUSERBASE', 'PYTHONPYCACHEPREFIX',
  // Perl, Ruby
  'PERL5OPT', 'PERL5LIB', 'PERLLIB', 'PERL5DB', 'PERL_UNICODE', 'RUBYOPT', 'RUBYLIB', 'RUBYSHELL', 'GEM_HOME', 'GEM_PATH', 'BUNDLE_GEMFILE',
  // Java
  'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'JAVA_OPTS', 'JAVA_HOME', 'CLASSPATH', 'MAVEN_OPTS', 'GRADLE_OPTS',
  // PHP, Go, .NET, R, Lua, Tcl
  'PHPRC', 'PHP_INI_SCAN_DIR', 'GOFLAGS', 'GOPATH', 'GOROOT', 'GODEBUG', 'DOTNET_STARTUP_HOOKS', 'R_PROFILE', 'R_PROFILE_USER', 'R_ENVIRON', 'LUA_PATH', 'LUA_CPATH', 'LUA_INIT', 'TCLLIBPATH',
  // git
  'GIT_DIR', 'GIT_WORK_TREE', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_EXEC_PATH', 'GIT_ASKPASS', 'GIT_EDITOR', 'GIT_PAGER', 'GIT_TRACE', 'GIT_CONFIG', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0', 'GIT_PROXY_COMMAND', 'GIT_EXTERNAL_DIFF',
  // ssh, TLS, proxies
  'SSH_ASKPASS', 'SSH_AUTH_SOCK', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'OPENSSL_CONF', 'OPENSSL_ENGINES', 'CURL_CA_BUNDLE', 'REQUESTS_CA_BUNDLE', 'CURL_HOME', 'WGETRC',
  'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'FTP_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy',
  // programs other programs run
  'EDITOR', 'VISUAL', 'PAGER', 'BROWSER', 'LESSOPEN', 'LESSCLOSE', 'LESS', 'LESSKEY', 'MANPAGER', 'MANOPT', 'MANPATH', 'SUDO_ASKPASS', 'SYSTEMD_PAGER',
  // Tokendesk's own switches
  'TOKENDESK_KEYCHAIN_SERVICE', 'TOKENDESK_DATA_DIR',
];

describe('exec: the names a token may not go into', () => {
  it.each(PROMISED)('refuses %s', (name) => {
    expect(() => checkEnvName(name)).toThrow(expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining(`${name} is read by the system`) }));
  });

  it.each(PROMISED.filter((n) => /^[A-Z_]+$/.test(n)).map((n) => n.toLowerCase()))('refuses %s in any case (Windows ignores it)', (name) => {
    expect(() => checkEnvName(name)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });

  it.each(['TOKEN', 'LOGSCALE_TOKEN', 'MY_APP_KEY', 'GITHUB_TOKEN', 'GITLAB_TOKEN', 'INGEST_TOKEN', 'OVH_LDP_TOKEN', 'HUMIO_TOKEN', 'API_KEY', 'LOG_TOKEN', 'PATH_TOKEN', 'HOMER_KEY'])('takes an ordinary name: %s', (name) => {
    expect(checkEnvName(name)).toBe(name);
  });
});
