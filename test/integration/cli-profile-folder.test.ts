/**
 * The profile folder as another local user could leave it: writable by everyone, owned by someone
 * else, or with a symbolic link planted at the audit log's name. The built binary on each: a loose
 * folder of ours is set back to 0700 (and said), another user's is refused, and a planted link is
 * never written through (the file it points to is untouched) and is named in a clear error.
 * Owning a folder by another user needs root (chown); the test is skipped otherwise.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import { cliRunner } from '../support/cli';
import { requireSecretService } from '../support/keychain';

const NOBODY = 65534;

describe('the profile folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'tokendesk-cli-folder-'));
  const service = `tokendesk-cli-folder-${process.pid}`;
  beforeAll(() => requireSecretService());
  afterAll(async () => {
    const keychain = createKeytarKeychain(service);
    for (const key of await keychain.keys()) await keychain.delete(key);
    rmSync(root, { recursive: true, force: true });
  });

  it('a folder of ours that everyone may write to is set back to 0700, and the command says so', async () => {
    const dir = join(root, 'loose');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const run = await cliRunner(dir, service)(['lock', 'status']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('could be written by other users (mode 777): it was set back to 0700');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it.skipIf(process.getuid?.() !== 0)('a folder that belongs to another user is refused and left as it is', async () => {
    const dir = join(root, 'theirs');
    mkdirSync(dir, { mode: 0o777 });
    chmodSync(dir, 0o777);
    chownSync(dir, NOBODY, NOBODY);
    const run = await cliRunner(dir, service)(['lock', 'status']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The profile folder ${dir} belongs to another user (uid ${NOBODY})`);
    expect(statSync(dir)).toMatchObject({ uid: NOBODY });
    expect(statSync(dir).mode & 0o777).toBe(0o777);
  });

  it('a symbolic link planted at the audit log is not followed: the file it points to is untouched, and the error names the link', async () => {
    const dir = join(root, 'planted');
    mkdirSync(dir, { mode: 0o700 });
    const outside = join(root, 'outside.txt');
    writeFileSync(outside, 'not the audit log\n');
    symlinkSync(outside, join(dir, 'audit.jsonl'));
    const cli = cliRunner(dir, service);
    // An append (adding an account audits it) and a read (audit list).
    const add = await cli(
      ['accounts', 'add', '--provider', 'logscale', '--label', 'Prod', '--url', 'http://127.0.0.1:9', '--no-test'],
      'abcdefgh12345678~abcdefghijklmnopqrstuvwxyz012345\n',
    );
    const list = await cli(['audit', 'list']);
    for (const run of [add, list]) {
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `${join(dir, 'audit.jsonl')} is a symbolic link: Tokendesk opens the files of its profile only as they are, never through a link`,
      );
    }
    expect(readFileSync(outside, 'utf8')).toBe('not the audit log\n');
  });
});
