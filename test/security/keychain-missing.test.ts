/**
 * No Secret Service: the real core runs in a child process started WITHOUT a session bus
 * (DBUS_SESSION_BUS_ADDRESS, DISPLAY and XDG_RUNTIME_DIR removed), over a profile that already
 * lists an account and a token. HOME, XDG_* and TMPDIR point into a temp folder, which is scanned
 * afterwards together with the profile: whatever the child wrote, no secret may be in it.
 *
 * The app must start in a loud degraded mode: it says the keychain is unavailable, why, and how to
 * fix it; it lists metadata; it refuses to store or read any secret ('keychain-unavailable');
 * it never falls back to plaintext.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../preload/contract';
import { envWithoutSecretService, listFiles, scanForSecrets, spawnLines } from './support';

const LS_SECRET = 'NoKeyringIdAbCdEfGh0123456789xy~s3cr3tPartThatMustNeverHitTheDisk0123456789';
const OVH_SECRET = 'OvhAppSecretNeverOnDisk0123456789';

describe('keychain missing (no Secret Service)', () => {
  let root: string;
  let dataDir: string;
  const answers: Array<{ channel: string; result: Result<any> }> = [];
  let childOutput = '';

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tokendesk-nokeyring-'));
    dataDir = join(root, 'profile');
    const home = join(root, 'home');
    for (const d of [dataDir, home, join(home, 'tmp')]) mkdirSync(d, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      ...envWithoutSecretService(),
      HOME: home,
      XDG_DATA_HOME: join(home, '.local/share'),
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_CACHE_HOME: join(home, '.cache'),
      TMPDIR: join(home, 'tmp'),
    };
    expect(env['DBUS_SESSION_BUS_ADDRESS']).toBeUndefined();
    const child = spawnLines(process.execPath, ['--import', 'tsx', resolve('test/security/fixtures/no-keychain.ts'), dataDir, LS_SECRET, OVH_SECRET], {
      env,
      cwd: process.cwd(),
    });
    for (let line = await child.line(); line !== null; line = await child.line()) {
      childOutput += `${line}\n`;
      answers.push(JSON.parse(line) as { channel: string; result: Result<any> });
    }
    const exit = await child.exited;
    expect(exit.code, child.stderr()).toBe(0);
    childOutput += child.stderr();
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const answer = (channel: string, nth = 0) => answers.filter((a) => a.channel === channel)[nth]!.result;

  it('says the keychain is unavailable, why, and how to fix it', () => {
    const info = answer('app:info');
    expect(info).toMatchObject({ ok: true, value: { keychain: { available: false } } });
    const reason = info.ok ? (info.value.keychain.reason as string) : '';
    expect(reason).toMatch(/^No usable OS keychain: /);
    expect(reason).toContain('Cannot autolaunch D-Bus'); // what the library said
    expect(reason).toContain('install and unlock a Secret Service provider (gnome-keyring or KeePassXC with Secret Service enabled) and start Tokendesk again');
    expect(reason).toContain('never stores secrets in plaintext');
  });

  it('still lists the accounts and tokens it knows (metadata), marked as holding no credentials', () => {
    expect(answer('accounts:list')).toMatchObject({ ok: true, value: [{ id: 'acc-existing', label: 'Existing LogScale', hasCredentials: false }] });
    expect(answer('tokens:list')).toMatchObject({ ok: true, value: [{ id: 'tok-existing', name: 'ci-reader', status: 'active' }] });
    expect(answer('settings:set')).toMatchObject({ ok: true, value: { clipboardClearSeconds: 20 } });
  });

  it('refuses to add an account (LogScale and OVHcloud) with keychain-unavailable and the fix, and stores nothing', () => {
    for (const nth of [0, 1]) {
      const added = answer('accounts:add', nth);
      expect(added).toMatchObject({
        ok: false,
        error: { code: 'keychain-unavailable', message: expect.stringContaining('install and unlock a Secret Service provider') },
      });
    }
    const listed = answer('accounts:list', 1);
    expect(listed).toMatchObject({ ok: true, value: [{ id: 'acc-existing' }] });
    expect(listed.ok && listed.value).toHaveLength(1);
  });

  it('refuses to read a secret (reveal, copy, sync, leak check) and says why; the clipboard is untouched', () => {
    for (const channel of ['tokens:reveal', 'tokens:copy', 'leak:check'])
      expect(answer(channel), channel).toMatchObject({ ok: false, error: { code: 'keychain-unavailable' } });
    expect(answer('tokens:sync')).toMatchObject({ ok: true, value: [{ accountId: 'acc-existing', state: 'error', error: { code: 'keychain-unavailable' } }] });
    expect(answer('platform')).toEqual({ clipboard: '', writes: 0 });
  });

  it('wrote no secret anywhere it could write: profile, HOME, XDG folders, TMPDIR, its own output', () => {
    const secrets = [LS_SECRET, LS_SECRET.split('~')[1]!, OVH_SECRET, `${OVH_SECRET}-ck`];
    const scan = scanForSecrets(root, secrets);
    const files = listFiles(root).map((f) => f.slice(root.length + 1));
    const compiled = files.filter((f) => f.startsWith(join('home', 'tmp', 'tsx-'))); // tsx's transform cache (this test's loader)
    const others = files.filter((f) => !compiled.includes(f));
    console.log(
      `\nkeychain missing: the child wrote ${files.length} file(s): ${others.join(', ')} and ${compiled.length} tsx cache files; all scanned, hits ${scan.hits.length}`,
    );
    expect(others).toEqual([join('profile', 'tokendesk.json')]);
    expect(scan.hits).toEqual([]);
    for (const secret of secrets) expect(childOutput).not.toContain(secret);
    const store = JSON.parse(readFileSync(join(dataDir, 'tokendesk.json'), 'utf8')) as { accounts: unknown[] };
    expect(store.accounts).toHaveLength(1);
  });
});
