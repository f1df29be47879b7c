/**
 * The app notices what the CLI changed in the same profile, and shows it: a second core on the
 * same folder (as the CLI opens it) adds an account, creates a token and changes a setting; the
 * first core (as the app runs it, following the profile) hears the same events as for its own
 * changes, with what changed, and can use the new token's value at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, Events } from '../../main/core/model';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { createTestCore, type TestCore } from '../support/core';

describe("the app follows the profile for the CLI's changes", () => {
  let emulator: LogScaleEmulator;
  let app: TestCore;
  let cli: TestCore;
  let stop: () => void;
  const heard: Array<{ name: EventName; payload: unknown }> = [];

  /** Resolves with the first event of that name (heard since the start) that satisfies `test`. */
  const event = <E extends EventName>(name: E, test: (payload: Events[E]) => boolean): Promise<Events[E]> =>
    new Promise((resolve) => {
      const seen = heard.find((h) => h.name === name && test(h.payload as Events[E]));
      if (seen) return resolve(seen.payload as Events[E]);
      const off = app.core.events.subscribe((n, payload) => {
        if ((n as EventName) === name && test(payload as Events[E])) {
          off();
          resolve(payload as Events[E]);
        }
      });
    });

  beforeEach(async () => {
    emulator = await startLogScaleEmulator();
    app = await createTestCore();
    cli = await createTestCore({ dataDir: app.dataDir, keychain: app.keychain });
    heard.length = 0;
    app.core.events.subscribe((name, payload) => void heard.push({ name, payload }));
    stop = app.core.profile.watch();
  });
  afterEach(async () => {
    stop();
    await cli.core.shutdown();
    await app.cleanup();
    await emulator.close();
  });

  it('an account, a token and a setting the CLI added reach the app as events, and the value is usable there', async () => {
    const account = await cli.core.accounts.add({ provider: 'logscale', label: 'Added from the CLI', baseUrl: emulator.baseUrl, token: emulator.adminToken });
    await event('accounts:changed', (list) => list.some((a) => a.id === account.id && a.hasCredentials));

    const created = await cli.core.tokens.create(account.id, {
      provider: 'logscale',
      kind: 'system',
      name: 'from-the-cli',
      permissions: ['ReadHealthCheck'],
      expiry: { kind: 'never' },
    });
    const delta = await event('tokens:changed', (d) => d.added.some((t) => t.id === created.token!.id));
    expect(delta.added.find((t) => t.id === created.token!.id)).toMatchObject({ name: 'from-the-cli', hasSecret: true });
    expect((await app.core.tokens.reveal(created.token!.id)).value).toBe(created.secret);

    await cli.core.settings.update({ clipboardClearSeconds: 42 });
    await event('settings:changed', (s) => s.clipboardClearSeconds === 42);
    expect(app.core.settings.get().clipboardClearSeconds).toBe(42);
  });
});
