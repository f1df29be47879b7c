/**
 * A LogScale server whose rotateToken answers a secret with the SAME id as the rotated
 * token (personal token rotate by user id is "unverified" in tokens.ts; a hostile/buggy server).
 * Promise 1: the value `tokens rotate` printed stays readable with `tokens get`, and the token is
 * not shown as revoked. (Before: the rotate ended "the old record", which was the same record, and
 * deleted the value it had just printed. Found by the fourth review of issue 23.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { cliRunner } from '../support/cli';
import { requireSecretService } from '../support/keychain';

describe('rotate answered with the same token id', () => {
  let a: LogScaleEmulator;
  const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-rotate-same-id-'));
  const service = `tokendesk-rotate-same-id-${process.pid}`;
  const cli = cliRunner(dataDir, service);

  beforeAll(async () => {
    requireSecretService();
    a = await startLogScaleEmulator();
    // The server keeps the id on rotate (only the secret changes).
    const state = a.state as unknown as { tokens: Map<string, any>; issue: (f: any) => { token: any; secret: string }; rotate: (t: any) => string };
    state.rotate = (token: any) => {
      state.tokens.delete(token.id);
      const { token: fresh, secret } = state.issue({
        kind: token.kind,
        name: token.name,
        expireAt: token.expireAt,
        ipFilterId: token.ipFilterId,
        permissions: token.permissions,
        viewIds: token.viewIds,
        userId: token.userId,
      });
      state.tokens.delete(fresh.id);
      const secretPart = secret.slice(secret.indexOf('~') + 1);
      state.tokens.set(token.id, { ...fresh, id: token.id });
      return `${token.id}~${secretPart}`;
    };
  }, 60_000);
  afterAll(async () => {
    const keychain = createKeytarKeychain(service);
    for (const key of await keychain.keys()) await keychain.delete(key);
    await a.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the printed value', async () => {
    expect((await cli(['accounts', 'add', '--provider', 'logscale', '--label', 'Prod', '--url', a.baseUrl], `${a.adminToken}\n`)).code).toBe(0);
    const c = await cli(['tokens', 'create', '--account', 'Prod', '--kind', 'system', '--name', 'ci-bot', '--permission', 'ReadHealthCheck', '--json']);
    expect(c.code, c.stderr).toBe(0);
    const list = JSON.parse((await cli(['tokens', 'list', '--json'])).stdout) as Array<{ id: string; name: string }>;
    const id = list.find((t) => t.name === 'ci-bot')!.id;
    const r = await cli(['tokens', 'rotate', id, '--json', '--print-secret']);
    const printed = (JSON.parse(r.stdout) as { secret: string }).secret;
    const after = JSON.parse((await cli(['tokens', 'list', '--json'])).stdout);
    const ids = after.map((t: { id: string }) => t.id);
    const gets = await Promise.all(ids.map((i: string) => cli(['tokens', 'get', i])));
    expect(gets.some((g) => g.stdout.trim() === printed)).toBe(true);
    expect(after.filter((t: { name: string }) => t.name === 'ci-bot').map((t: { status: string }) => t.status)).toEqual(['active']);
  }, 90_000);
});
