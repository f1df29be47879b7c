/**
 * Which environment variable names a token may be injected into (`tokendesk exec --env NAME=…`).
 *
 * A token must only ever be a value a program reads as a secret. Some variables are read by the
 * dynamic loader, the shell or an interpreter as a path to load or code to run, and when that fails
 * they print the value: `LD_PRELOAD=<token>` makes the loader write "object '<token>' cannot be
 * preloaded" to stderr, `BASH_ENV=<token>` makes bash print "<token>: No such file or directory",
 * `PS4` is echoed by `set -x`. Anyone who can edit a script or CI file that runs `tokendesk exec`
 * could use one of them to copy a production token into a build log. Those names are refused, as
 * are names that are not plain identifiers (an `=` or a NUL would corrupt the environment) and
 * Tokendesk's own switches.
 */
import { AppError } from '../errors';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Exact names (compared upper-cased: Windows' environment ignores case). */
const REFUSED = new Set([
  'PATH', 'PATHEXT', 'HOME', 'SHELL', 'ENV', 'BASH_ENV', 'ZDOTDIR', 'IFS', 'PS1', 'PS2', 'PS3', 'PS4', 'PROMPT_COMMAND', 'SHELLOPTS', 'BASHOPTS', 'CDPATH',
  'TMPDIR', 'TEMP', 'TMP', 'NODE_OPTIONS', 'NODE_PATH', 'NODE_EXTRA_CA_CERTS', 'PYTHONSTARTUP', 'PYTHONPATH', 'PYTHONHOME', 'PYTHONINSPECT',
  'PERL5OPT', 'PERL5LIB', 'PERLLIB', 'RUBYOPT', 'RUBYLIB', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'CLASSPATH',
  'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_EXEC_PATH', 'GIT_ASKPASS', 'SSH_ASKPASS', 'EDITOR', 'VISUAL', 'PAGER', 'BROWSER', 'COMSPEC', 'PSMODULEPATH',
]);

/** Prefixes of whole families (loader, shell functions, git configuration, Tokendesk's own switches). */
const REFUSED_PREFIXES = ['LD_', 'DYLD_', 'BASH_FUNC_', 'GIT_CONFIG', 'TOKENDESK_'];

export function checkEnvName(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new AppError('invalid-input', `"${name.slice(0, 40)}" is not a usable environment variable name: letters, digits and _, not starting with a digit.`, { issues: ['env: not an identifier'] });
  }
  const upper = name.toUpperCase();
  if (REFUSED.has(upper) || REFUSED_PREFIXES.some((p) => upper.startsWith(p))) {
    throw new AppError(
      'invalid-input',
      `${name} is read by the system, a shell or an interpreter as a path or as code, and printed when that fails: a token is never put there. Use a variable of your own (LOGSCALE_TOKEN, for example) and read it in the command.`,
      { issues: [`env ${name}: refused`] },
    );
  }
  return name;
}
