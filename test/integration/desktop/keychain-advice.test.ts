/**
 * Linux without a usable Secret Service: the app starts in the core's keychain-missing mode, and the
 * reason it shows names what to install. Checked with the real keytar and libsecret in a child
 * process, in two real situations: no D-Bus session at all (a bare TTY or SSH login), and a session
 * bus on which nothing provides org.freedesktop.secrets (a desktop without gnome-keyring).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import type { KeychainStatus } from '../../../main/core/vault/keychain';
import { keychainAdvice, withKeychainAdvice } from '../../../main/electron/keychain-advice';
import { envWithoutSecretService } from '../../security/support';

const FIXTURE = resolve('test/integration/desktop/fixtures/probe-keychain.ts');
const hasDbusRunSession = spawnSync('dbus-run-session', ['--version'], { stdio: 'ignore' }).status === 0;

function probe(command: string[], env: NodeJS.ProcessEnv): KeychainStatus {
  const [bin, ...args] = command;
  const run = spawnSync(bin!, [...args, process.execPath, '--import', 'tsx', FIXTURE], { env, encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as KeychainStatus;
}

describe.runIf(process.platform === 'linux')('keychain-missing mode on Linux says what to install', () => {
  let dir: string;
  let home: NodeJS.ProcessEnv;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokendesk-advice-'));
    home = {
      ...envWithoutSecretService(),
      HOME: dir,
      XDG_DATA_HOME: join(dir, 'data'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      XDG_CONFIG_HOME: join(dir, 'config'),
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("no D-Bus session: unavailable, with the library's words and what to do", () => {
    const status = probe(['env'], home);
    expect(status.available).toBe(false);
    expect(status.reason).toContain('Cannot autolaunch D-Bus'); // libsecret's own words
    expect(status.reason).toContain(
      'No D-Bus session is running, so no Secret Service can answer: start Tokendesk from your desktop session, with gnome-keyring (Debian/Ubuntu: `sudo apt install gnome-keyring`',
    );
    expect(status.reason).toContain('never stores secrets in plaintext'); // the core's promise, still there
  });

  it.runIf(hasDbusRunSession)("a session bus without any Secret Service: install gnome-keyring (or turn on KeePassXC's)", () => {
    // A private session bus that can activate no service at all.
    const config = join(dir, 'bus.conf');
    writeFileSync(
      config,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=${dir}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`,
    );
    const status = probe(['dbus-run-session', `--config-file=${config}`, '--'], home);
    expect(status.available).toBe(false);
    expect(status.reason).toMatch(/org\.freedesktop\.secrets/);
    expect(status.reason).toContain(
      "No Secret Service is installed: install gnome-keyring (Debian/Ubuntu: `sudo apt install gnome-keyring`; Fedora: `sudo dnf install gnome-keyring`; Arch: `sudo pacman -S gnome-keyring`), or turn on KeePassXC's Secret Service integration.",
    );
  });
});

describe('the advice', () => {
  it('names libsecret when the library itself is missing, and the keyring when it is locked', () => {
    expect(keychainAdvice('linux', 'libsecret-1.so.0: cannot open shared object file: No such file or directory')).toMatch(
      /^The libsecret library is missing: install it \(Debian\/Ubuntu: `sudo apt install libsecret-1-0`/,
    );
    expect(keychainAdvice('linux', 'Object does not exist at path “/org/freedesktop/secrets/collection/login”')).toMatch(/^Your keyring is locked/);
  });

  it('is Linux only, and silent for failures it does not recognise', () => {
    expect(keychainAdvice('darwin', 'Cannot autolaunch D-Bus')).toBeUndefined();
    expect(keychainAdvice('linux', 'The user name or passphrase you entered is not correct.')).toBeUndefined();
  });

  it("keeps the error's code and cause; passes other errors and successes through untouched", async () => {
    const cause = new AppError('keychain-failed', 'The OS keychain refused to store a secret: Cannot autolaunch D-Bus without X11 $DISPLAY');
    const failing = {
      get: async () => null,
      set: async () => Promise.reject(cause),
      delete: async () => true,
      keys: async () => Promise.reject(new TypeError('bug')),
    };
    const wrapped = withKeychainAdvice(failing, 'linux');
    const error = (await wrapped.set('k', 'v').catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'keychain-failed', cause });
    expect(error.message).toMatch(/^The OS keychain refused to store a secret: Cannot autolaunch D-Bus without X11 \$DISPLAY\. No D-Bus session is running/);
    await expect(wrapped.keys()).rejects.toThrow(TypeError);
    expect(await wrapped.get('k')).toBeNull();
    expect(withKeychainAdvice(failing, 'win32')).toBe(failing);
  });
});
