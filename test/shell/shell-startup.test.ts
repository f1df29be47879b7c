/**
 * How the real shell (main/electron/index.ts) starts, or refuses to: a second instance, and a
 * start-up that fails (issue 13, items 12 and 14). Each scenario loads the shell afresh against the
 * electron double, as a new launch would.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import type { ElectronDoubleOptions } from '../support/electron-double';
import { requireSecretService } from '../support/keychain';

const { double, keychainService } = await vi.hoisted(async () => {
  const { createElectronDouble } = await import('../support/electron-double');
  const double = createElectronDouble();
  double.installAsElectronPackage();
  return { double, keychainService: `tokendesk-shell-startup-test-${process.pid}` };
});
vi.mock('electron', () => double.module);
vi.mock(import('../../main/core/vault/keychain'), async (importOriginal) => {
  const real = await importOriginal();
  return { ...real, createKeytarKeychain: () => real.createKeytarKeychain(keychainService) };
});

const LDP = 'q3v0kujg9g227mav3s0q4pra4psqsi5leka6j7lc62qdef58qx9';
const LOGSCALE = 'Zx81qLmN0pQrStUvWxYz1234abcdEFGH~K9vB2nM4xQ7wE1rT5yU8iO3pA6sD0fG2hJ4kL7zX';
const SECRETS = [LDP, LOGSCALE, LOGSCALE.split('~')[1]!];
/** What a library might throw during start-up, with credentials inside. */
const failure = (): Error => new Error(`Could not reach https://token:${LDP}@gra1.logs.ovh.com/ with ${LOGSCALE}`);

const logFile = (): string => join(double.home, 'userData', 'logs', 'main.log');
const logSize = (): number => (existsSync(logFile()) ? readFileSync(logFile(), 'utf8').length : 0);

/** A new launch of the app: a fresh double state, and the shell's modules loaded again. */
async function launch(options: ElectronDoubleOptions = {}): Promise<void> {
  double.reset(options);
  vi.resetModules();
  await import('../../main/electron/index');
}

describe('the shell at start-up', () => {
  beforeAll(async () => {
    requireSecretService();
    const { default: log } = await import('electron-log/main');
    log.transports.console.level = false;
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    const keychain = createKeytarKeychain(keychainService);
    for (const key of await keychain.keys().catch(() => [])) await keychain.delete(key);
    double.cleanup();
  });

  it('a second instance quits at once and wires nothing', async () => {
    await launch({ singleInstance: false });
    expect(double.calls.map((c) => c.api)).toEqual(['app.requestSingleInstanceLock', 'app.quit', 'app.quitted']);
    expect(double.app.listenerCount('second-instance')).toBe(0);
    expect(double.app.listenerCount('web-contents-created')).toBe(0);
  });

  it('an error inside start-up: a native error box with the message and the log file, logged redacted, exit code 1', async () => {
    await launch();
    const before = logSize();
    double.failOn('protocol.handle', failure());
    double.ready();
    const exit = await double.waitFor('app.exit');
    expect(exit.args).toEqual([1]);

    const boxes = double.callsOf('dialog.showErrorBox');
    expect(boxes).toHaveLength(1);
    const [title, content] = boxes[0]!.args as [string, string];
    expect(title).toBe('Tokendesk could not start');
    expect(content).toMatch(/^Could not reach https:\/\/token:\[redacted\]/);
    expect(content).toContain(`The details are in the log file: ${logFile()}`);
    for (const secret of SECRETS) expect(content.includes(secret), 'a secret in the error box').toBe(false);

    const logged = readFileSync(logFile(), 'utf8').slice(before);
    expect(logged).toContain('Tokendesk failed to start');
    expect(logged).toContain('Could not reach');
    for (const secret of SECRETS) expect(logged.includes(secret), 'a secret in the log file').toBe(false);
    expect(double.windows).toHaveLength(0);
  });

  it('whenReady itself failing gets the same, and nothing unredacted goes to the console', async () => {
    const consoleError = vi.spyOn(console, 'error');
    await launch();
    const before = logSize();
    double.failReady(failure());
    const exit = await double.waitFor('app.exit');
    expect(exit.args).toEqual([1]);
    expect(double.callsOf('dialog.showErrorBox')).toHaveLength(1);
    const logged = readFileSync(logFile(), 'utf8').slice(before);
    expect(logged).toContain('Tokendesk failed to start');
    for (const secret of SECRETS) expect(logged.includes(secret), 'a secret in the log file').toBe(false);
    const printed = JSON.stringify(consoleError.mock.calls.map((args) => args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : a))));
    for (const secret of SECRETS) expect(printed.includes(secret), 'a secret on the console').toBe(false);
  });
});
