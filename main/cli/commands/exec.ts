/**
 * `tokendesk exec --env NAME=<token> … [--template FILE --out FILE] -- command args…`: starts the
 * command with token values in its environment (or rendered into a 0600 file it reads), never in
 * its arguments (other users see those in the process list), and never printed. Its exit code is
 * passed through; signals sent to tokendesk reach it. Every use is in the audit log with the
 * command's name, never a value.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { EnvInjection } from '../../core/inject/secret-injection';
import { visibleName } from '../../core/visible-name';
import { EXIT } from '../exit-codes';
import { UsageError, type Io } from '../io';
import { json, options, type Command } from '../options';

/** `NAME=<token>`: the name before the first `=`, the reference after it. */
function envPair(text: string): { name: string; reference: string } {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1)
    throw new UsageError(`--env takes NAME=<token> (the token as <account>/<token> or its name); got "${text.slice(0, 60)}".`);
  return { name: text.slice(0, at), reference: text.slice(at + 1) };
}

/**
 * Runs the command, inheriting stdin, stdout and stderr; resolves with its exit code (128 + signal
 * when killed by one). The values it was given are audited by what happened: handed to a command
 * that started, or not, because it could not be started (exit 127 or 126).
 */
function runChild(io: Io, command: string, args: string[], env: NodeJS.ProcessEnv, injection: EnvInjection): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env, shell: false });
    let started = false;
    let audited: Promise<void> = Promise.resolve();
    child.once('spawn', () => {
      started = true;
      audited = injection.audit('ok');
    });
    const forward = (signal: NodeJS.Signals) => () => void child.kill(signal);
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => [signal, forward(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const done = (code: number): void => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      // An audit that could not be written is the command line's error (exit 1), not a lost line.
      void audited.then(
        () => resolve(code),
        () => {
          io.stderr.write('tokendesk: this use of the token could not be written to the audit log.\n');
          resolve(EXIT.failed);
        },
      );
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (started) return; // a failed kill or similar: the exit event still tells how it ended
      io.stderr.write(
        error.code === 'ENOENT'
          ? `tokendesk: command not found: ${visibleName(command)}\n`
          : `tokendesk: could not start ${visibleName(command)}: ${error.code ?? 'error'}\n`,
      );
      audited = injection.audit('failed', `not started: ${error.code ?? 'error'}`);
      done(error.code === 'ENOENT' ? 127 : 126);
    });
    child.on('exit', (code, signal) => done(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
  });
}

const exec: Command = async (core, args, io) => {
  const split = args.indexOf('--');
  const own = split >= 0 ? args.slice(0, split) : args;
  const [command, ...commandArgs] = split >= 0 ? args.slice(split + 1) : [];
  const { values, positionals } = options(own, { env: { type: 'string', multiple: true }, template: { type: 'string' }, out: { type: 'string' } });
  if (positionals.length) throw new UsageError(`Put -- before the command: tokendesk exec --env NAME=<token> -- ${positionals.join(' ')}`);
  const pairs = (values.env ?? []).map(envPair);
  if ((values.template === undefined) !== (values.out === undefined))
    throw new UsageError('--template and --out go together: the template to read, and the file (mode 0600) to write.');
  if (!command && pairs.length) throw new UsageError('--env needs a command to hand the values to: tokendesk exec --env NAME=<token> -- command args…');
  if (!command && !values.template) throw new UsageError('Nothing to do: give --env NAME=<token> and a command after --, or --template FILE --out FILE.');

  const env = { ...process.env };
  const injection = await core.inject.environment(pairs, command ?? '');
  for (const [name, value] of injection.values) env[name] = value;
  // A value typed into the arguments would be visible in the process list: refuse rather than run (and audit nothing: nothing was handed out).
  for (const value of injection.values.values()) {
    if (commandArgs.some((a) => a.includes(value)) || command?.includes(value))
      throw new UsageError(
        'A token value appears in the command’s arguments, where other users can read it: pass it through --env and read the variable in the command instead.',
      );
  }
  const rendered = values.template ? await core.inject.renderFile(values.template, values.out!, command ?? null) : null;
  if (rendered && !command) {
    if (values.json) return (json(io, { path: rendered.path, tokens: rendered.tokens.map((t) => ({ id: t.id, name: t.name })) }), EXIT.ok);
    io.stdout.write(
      `Wrote ${visibleName(rendered.path)} (mode 0600) with ${rendered.tokens.length} token${rendered.tokens.length === 1 ? '' : 's'}: ${rendered.tokens.map((t) => `"${visibleName(t.name)}"`).join(', ')}.\n`,
    );
    return EXIT.ok;
  }
  // The child's own exit code is ours from here on (--json does not apply: its output is its own).
  return runChild(io, command!, commandArgs, env, injection);
};

export const EXEC_COMMANDS: Record<string, Command> = { exec };
