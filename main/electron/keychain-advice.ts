/**
 * What to install when Linux has no usable Secret Service. The core already starts in its loud
 * keychain-missing mode when the keychain probe fails (it lists metadata, refuses every secret and
 * says why); this adds, to the library's own words, the one thing to do about that failure:
 * which package to install or what to unlock. Only Linux needs it: macOS and Windows always have
 * their keychain.
 *
 * The messages matched are libsecret's and D-Bus's, as keytar passes them on.
 */
import { AppError } from '../core/errors';
import type { Keychain } from '../core/vault/keychain';

const GNOME_KEYRING =
  'gnome-keyring (Debian/Ubuntu: `sudo apt install gnome-keyring`; Fedora: `sudo dnf install gnome-keyring`; Arch: `sudo pacman -S gnome-keyring`)';

const ADVICE: Array<[RegExp, string]> = [
  [
    /libsecret|keytar native addon|cannot open shared object/i,
    'The libsecret library is missing: install it (Debian/Ubuntu: `sudo apt install libsecret-1-0`; Fedora: `sudo dnf install libsecret`; Arch: `sudo pacman -S libsecret`).',
  ],
  [
    /autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Could not connect|session bus/i,
    `No D-Bus session is running, so no Secret Service can answer: start Tokendesk from your desktop session, with ${GNOME_KEYRING} installed.`,
  ],
  [
    /not provided by any \.service files|org\.freedesktop\.secrets|ServiceUnknown/i,
    `No Secret Service is installed: install ${GNOME_KEYRING}, or turn on KeePassXC's Secret Service integration.`,
  ],
  [
    /collection\/login|locked|prompt/i,
    'Your keyring is locked and could not be unlocked here: unlock it (Passwords and Keys, or your keyring app), or log in to a desktop session that unlocks it.',
  ],
];

/** The action for a keychain failure on this OS, or undefined when there is nothing specific to say. */
export function keychainAdvice(platform: NodeJS.Platform, message: string): string | undefined {
  if (platform !== 'linux') return undefined;
  return ADVICE.find(([pattern]) => pattern.test(message))?.[1];
}

/** The same keychain, whose failures carry the advice (the error code and cause are kept). */
export function withKeychainAdvice(keychain: Keychain, platform: NodeJS.Platform): Keychain {
  if (platform !== 'linux') return keychain;
  const explain =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await run(...args);
      } catch (error) {
        const advice = error instanceof AppError ? keychainAdvice(platform, error.message) : undefined;
        if (!advice || !(error instanceof AppError)) throw error;
        throw new AppError(error.code, `${error.message.replace(/\.?$/, '.')} ${advice}`, { cause: error });
      }
    };
  return {
    get: explain((key: string) => keychain.get(key)),
    set: explain((key: string, secret: string) => keychain.set(key, secret)),
    delete: explain((key: string) => keychain.delete(key)),
    keys: explain(() => keychain.keys()),
  };
}
