/**
 * `tokendesk lock …`: the window's app lock seen from a terminal. `lock off` is the way out of a
 * forgotten PIN or passphrase: the command line runs as the OS user who owns the vault, so it
 * needs no PIN (the lock guards the window; it never encrypted the vault).
 */
import { EXIT } from '../exit-codes';
import { json, options, type Command } from '../options';

const status: Command = async (core, args, io) => {
  const { values } = options(args, {});
  const lock = core.lock.status();
  if (values.json) return (json(io, { configured: lock.configured, method: lock.method, failures: lock.failures }), EXIT.ok);
  io.stdout.write(
    lock.configured
      ? `The window locks with a ${lock.method === 'pin' ? 'PIN' : 'passphrase'}${lock.failures ? ` (${lock.failures} wrong tries in a row)` : ''}.\n`
      : 'No app lock is set.\n',
  );
  return EXIT.ok;
};

const off: Command = async (core, args, io) => {
  const { values } = options(args, {});
  const removed = await core.lock.forget();
  if (values.json) return (json(io, { removed }), EXIT.ok);
  io.stdout.write(removed ? 'App lock removed. Restart Tokendesk if it is open; set a new PIN or passphrase in Settings.\n' : 'No app lock was set.\n');
  return EXIT.ok;
};

export const LOCK_COMMANDS: Record<string, Command> = {
  'lock status': status,
  'lock off': off,
};
