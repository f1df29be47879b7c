/**
 * Two processes on one profile at once, as the desktop app and the CLI are: each does 200
 * creates (with a reveal) and 100 revokes, interleaved with the other's, through the real core,
 * the real vault and the real Secret Service (the provider is a stand-in that answers at once, so
 * the two really interleave). Afterwards: no record, value or audit entry is lost, and the audit
 * chain verifies.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../support/core';
import { spawnLines } from './support';

const EACH = 200;

describe('two writers on one profile (the app and the CLI)', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore({ dataDir: mkdtempSync(join(tmpdir(), 'tokendesk-two-')) });
    await t.core.accounts.add({
      provider: 'logscale',
      label: 'Shared',
      baseUrl: 'https://logscale.example.com',
      token: 'SharedAdmin0000~shared-admin-secret-0123456789',
    });
    await t.core.shutdown();
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it(`${EACH} creates, reveals and revokes each, interleaved: 0 lost records, values or audit entries`, async () => {
    const run = (prefix: string, watch: boolean) => {
      const child = spawnLines(process.execPath, [
        '--import',
        'tsx',
        resolve('test/security/fixtures/profile-writer.ts'),
        t.dataDir,
        t.keychain.service,
        prefix,
        String(EACH),
        ...(watch ? ['watch'] : []),
      ]);
      const created: string[] = [];
      const revoked: string[] = [];
      const done = (async () => {
        for (let line = await child.line(); line !== null; line = await child.line()) {
          const [what, id] = line.split(' ');
          if (what === 'created') created.push(id!);
          if (what === 'revoked') revoked.push(id!);
        }
        const exit = await child.exited;
        expect(exit.code, child.stderr()).toBe(0);
      })();
      return { created, revoked, done };
    };
    const app = run('app', true);
    const cli = run('cli', false);
    await Promise.all([app.done, cli.done]);

    const created = [...app.created, ...cli.created];
    const revoked = new Set([...app.revoked, ...cli.revoked]);
    expect(created).toHaveLength(2 * EACH);
    expect(revoked.size).toBe(EACH);

    const reopened = await createTestCore({ dataDir: t.dataDir, keychain: t.keychain });
    const listed = new Map(reopened.core.tokens.list().map((x) => [x.id, x]));
    const vault = (await reopened.snapshot()).vault;
    for (const id of created) {
      expect(listed.get(id), `record ${id} lost`).toBeDefined();
      expect(listed.get(id)!.status).toBe(revoked.has(id) ? 'revoked' : 'active');
      expect(Boolean(vault[`token:${id}`]), `value of ${id}`).toBe(!revoked.has(id));
    }
    // account-added; token-created and token-revealed per create; revoke-requested and token-revoked per revoke.
    expect(await reopened.core.audit.verify()).toEqual({ ok: true, entries: 1 + 2 * (2 * EACH) + 2 * EACH });
    await reopened.core.shutdown();
  }, 180_000);
});
