/**
 * An account pointed at another server: the tokens listed so far live on the old one. Tokendesk
 * keeps their values (readable here) but presents neither a value nor an id of theirs to the new
 * address: verify, leak checks and revokes are refused with the reason, and the new server's
 * listing neither ends them nor takes them over. Pointing the account back brings them home.
 * Real CLI processes, two LogScale emulators, a recording proxy in front of the new one.
 * (Before the fix, `tokens verify` and `leak --revoke --yes` sent the old server's value to the new one.)
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

describe('an account moved to another server', () => {
  let prod: LogScaleEmulator;
  let other: LogScaleEmulator;
  let toOther: RecordingProxy;
  const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-moved-'));
  const service = `tokendesk-moved-${process.pid}`;
  const cli = cliRunner(dataDir, service);
  let value = '';

  beforeAll(async () => {
    requireSecretService();
    prod = await startLogScaleEmulator();
    other = await startLogScaleEmulator();
    toOther = await startRecordingProxy(other.baseUrl);
    expect((await cli(['accounts', 'add', '--provider', 'logscale', '--label', 'Prod', '--url', prod.baseUrl], `${prod.adminToken}\n`)).code).toBe(0);
    expect((await cli(['tokens', 'create', '--account', 'Prod', '--kind', 'system', '--name', 'ci-deploy', '--permission', 'ReadHealthCheck'])).code).toBe(0);
    value = (await cli(['tokens', 'get', 'ci-deploy'])).stdout.trim();
    expect(value).toMatch(/~/);
    const moved = await cli(['accounts', 'edit', 'Prod', '--url', toOther.baseUrl, '--credential'], `${other.adminToken}\n`);
    expect(moved.code, moved.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    const keychain = createKeytarKeychain(service);
    for (const key of await keychain.keys()) await keychain.delete(key);
    await toOther.close();
    await prod.close();
    await other.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('verify is refused with the reason, and the new server never sees the value', async () => {
    const run = await cli(['tokens', 'verify', 'ci-deploy']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`lives on ${prod.baseUrl}`);
    expect(toOther.saw(value)).toBe(false);
  });

  it('a leak of its value is not revoked through the new server, which never sees it; the token still lives on its own server', async () => {
    const run = await cli(['leak', '--revoke', '--yes'], `${value}\n`);
    expect(run.code).not.toBe(0);
    expect(toOther.saw(value)).toBe(false);
    const stillLive = await fetch(`${prod.baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${value}`, 'content-type': 'application/json' },
      body: '{"query":"{ viewer { id } }"}',
    });
    expect(stillLive.status).toBe(200);
  });

  it("the new server's listing neither ends the token nor takes it over; its value stays readable", async () => {
    expect((await cli(['tokens', 'sync'])).code).toBe(0);
    const listed = JSON.parse((await cli(['tokens', 'list', '--json'])).stdout) as Array<{ name: string; status: string }>;
    expect(listed.filter((t) => t.name === 'ci-deploy').map((t) => t.status)).toEqual(['active']);
    expect((await cli(['tokens', 'get', 'ci-deploy'])).stdout.trim()).toBe(value);
  });

  it('pointed back, the account manages the token again', async () => {
    const back = await cli(['accounts', 'edit', 'Prod', '--url', prod.baseUrl, '--credential'], `${prod.adminToken}\n`);
    expect(back.code, back.stderr).toBe(0);
    const run = await cli(['tokens', 'verify', 'ci-deploy']);
    expect(run.code, run.stderr).toBe(0);
  });
});
