/**
 * After a move, a token created on the new server with the same remote key as one left on the old
 * server (prod and staging often share a repository and ingest token name): each keeps its own
 * record and its own value, and pointed back, the old token's verify presents only its own value
 * to the old server. (Before: the create wrote the new value over the old token's, found by the
 * key alone, and a verify after pointing back sent the new server's value to the old one.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { cliRunner } from '../support/cli';
import { requireSecretService } from '../support/keychain';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';

describe('an account moved, then a token of the same key made on the new server', () => {
  let a: LogScaleEmulator;
  let b: LogScaleEmulator;
  let toA: RecordingProxy;
  let toB: RecordingProxy;
  const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-same-key-'));
  const service = `tokendesk-same-key-${process.pid}`;
  const cli = cliRunner(dataDir, service);

  beforeAll(async () => {
    requireSecretService();
    a = await startLogScaleEmulator();
    b = await startLogScaleEmulator();
    toA = await startRecordingProxy(a.baseUrl);
    toB = await startRecordingProxy(b.baseUrl);
  }, 60_000);
  afterAll(async () => {
    const keychain = createKeytarKeychain(service);
    for (const key of await keychain.keys()) await keychain.delete(key);
    await toA.close();
    await toB.close();
    await a.close();
    await b.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps both values apart, and the old server never sees the new one', async () => {
    expect((await cli(['accounts', 'add', '--provider', 'logscale', '--label', 'Prod', '--url', toA.baseUrl], `${a.adminToken}\n`)).code).toBe(0);
    const c1 = await cli(['tokens', 'create', '--account', 'Prod', '--kind', 'ingest', '--repository', 'sandbox', '--name', 'vector']);
    expect(c1.code, c1.stderr).toBe(0);
    const listA = JSON.parse((await cli(['tokens', 'list', '--json'])).stdout) as Array<{ id: string; name: string }>;
    const idA = listA.find((t) => t.name === 'vector')!.id;
    const valueA = (await cli(['tokens', 'get', idA])).stdout.trim();
    expect(valueA).toMatch(/-/);
    const moved = await cli(['accounts', 'edit', 'Prod', '--url', toB.baseUrl, '--credential'], `${b.adminToken}\n`);
    expect(moved.code, moved.stderr).toBe(0);
    const c2 = await cli(['tokens', 'create', '--account', 'Prod', '--kind', 'ingest', '--repository', 'sandbox', '--name', 'vector']);
    expect(c2.code, c2.stderr).toBe(0);
    const valueB = [...b.state.searchDomains.values()].find((d) => d.name === 'sandbox')!.ingestTokens.get('vector')!.token;
    const list = JSON.parse((await cli(['tokens', 'list', '--json'])).stdout) as Array<{ id: string; name: string; hasSecret: boolean }>;
    const idB = list.find((t) => t.name === 'vector' && t.id !== idA)!.id;
    const getA = (await cli(['tokens', 'get', idA])).stdout.trim();
    const getB = await cli(['tokens', 'get', idB]);
    // Back to A: verify of the A token
    const back = await cli(['accounts', 'edit', 'Prod', '--url', toA.baseUrl, '--credential'], `${a.adminToken}\n`);
    expect(back.code, back.stderr).toBe(0);
    await cli(['tokens', 'verify', idA]);
    expect(getA).toBe(valueA);
    expect(getB.stdout.trim()).toBe(valueB);
    expect(toA.saw(valueB)).toBe(false);
  }, 90_000);
});
