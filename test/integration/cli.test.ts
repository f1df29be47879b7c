/**
 * The built `tokendesk` binary, run as a user would (a child process, stdin, exit codes), on a
 * temp profile and its own keychain service, against the LogScale emulator over real HTTP.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { cliRunner } from '../support/cli';
import { requireSecretService } from '../support/keychain';

describe('tokendesk CLI', () => {
  let emulator: LogScaleEmulator;
  const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-cli-'));
  const service = `tokendesk-cli-test-${process.pid}`;
  const cli = cliRunner(dataDir, service);
  const accepted = async (secret: string): Promise<number> =>
    (
      await fetch(`${emulator.baseUrl}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: '{"query":"{ viewer { id } }"}',
      })
    ).status;

  beforeAll(async () => {
    requireSecretService();
    if (!existsSync('out/cli/tokendesk.js')) throw new Error('out/cli/tokendesk.js is missing: run `npm run build` first (npm test does).');
    emulator = await startLogScaleEmulator();
  });
  afterAll(async () => {
    const keychain = createKeytarKeychain(service);
    for (const key of await keychain.keys()) await keychain.delete(key);
    await emulator.close();
  });

  it('prints help, and refuses an unknown command with exit code 2', async () => {
    expect(await cli(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('tokens revoke <token>') });
    const unknown = await cli(['tokens', 'explode']);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown command "tokens explode"') });
  });

  it('adds an account with the token on stdin: listed, secret in the keychain only', async () => {
    const added = await cli(['accounts', 'add', '--provider', 'logscale', '--label', 'Prod', '--url', emulator.baseUrl], `${emulator.adminToken}\n`);
    expect(added).toMatchObject({ code: 0, stdout: expect.stringContaining('Added logscale account "Prod"') });
    const list = JSON.parse((await cli(['accounts', 'list', '--json'])).stdout) as Array<{ label: string; hasCredentials: boolean }>;
    expect(list).toEqual([expect.objectContaining({ label: 'Prod', hasCredentials: true })]);
    expect(readFileSync(join(dataDir, 'tokendesk.json'), 'utf8')).not.toContain(emulator.adminToken.split('~')[1]);
  });

  it('creates a token, gets its value for a script, and the value works', async () => {
    const created = await cli([
      'tokens',
      'create',
      '--account',
      'Prod',
      '--kind',
      'system',
      '--name',
      'ci-bot',
      '--permission',
      'ReadHealthCheck',
      '--expires',
      '30d',
    ]);
    expect(created).toMatchObject({ code: 0, stdout: expect.stringContaining('The secret is in the vault') });
    expect(created.stdout).not.toMatch(/~/);
    const value = (await cli(['tokens', 'get', 'ci-bot'])).stdout.trim();
    expect(value).toMatch(/^[A-Za-z0-9]+~[A-Za-z0-9]+$/);
    expect(await accepted(value)).toBe(200);
    const listed = JSON.parse((await cli(['tokens', 'list', '--json'])).stdout) as Array<{ name: string; account: string; expiresAt: string }>;
    expect(listed.find((t) => t.name === 'ci-bot')).toMatchObject({ account: 'Prod', expiresAt: expect.any(String) });
  });

  it('revoke needs a confirmation that matches, then the token is dead', async () => {
    const value = (await cli(['tokens', 'get', 'ci-bot'])).stdout.trim();
    expect(await cli(['tokens', 'revoke', 'ci-bot'])).toMatchObject({ code: 2, stderr: expect.stringContaining('needs a confirmation') });
    expect(await cli(['tokens', 'revoke', 'ci-bot', '--confirm', 'ci-b0t'])).toMatchObject({ code: 5 });
    expect(await accepted(value)).toBe(200);
    expect(await cli(['tokens', 'revoke', 'ci-bot', '--confirm', 'ci-bot'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Revoked "ci-bot"') });
    expect(await accepted(value)).toBe(401);
  });

  it('leak: identifies a pasted token, revokes it with --yes and proves it dead; says "not ours" with exit 4', async () => {
    await cli(['tokens', 'create', '--account', 'Prod', '--kind', 'system', '--name', 'leaked', '--permission', 'ReadHealthCheck']);
    const value = (await cli(['tokens', 'get', 'leaked'])).stdout.trim();
    const identified = await cli(['leak'], `Authorization: Bearer ${value}\n`);
    expect(identified).toMatchObject({ code: 0, stdout: expect.stringContaining('This is “leaked” of Prod (system, active)') });
    const revoked = await cli(['leak', '--revoke', '--yes'], `curl -H 'Authorization: Bearer ${value}' x\n`);
    expect(revoked).toMatchObject({ code: 0, stdout: expect.stringContaining('verified dead') });
    expect(await accepted(value)).toBe(401);
    expect(await cli(['leak'], 'nothing to see here')).toMatchObject({ code: 4, stdout: expect.stringContaining('No token found') });
  });

  it('names a missing token with exit code 3, and exports a verified audit log without values', async () => {
    expect(await cli(['tokens', 'get', 'no-such-token'])).toMatchObject({
      code: 3,
      stderr: expect.stringContaining('No token is named or identified "no-such-token"'),
    });
    expect(await cli(['audit', 'verify'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/Audit log intact: \d+ entries/) });
    const csv = await cli(['audit', 'export', '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toContain('ts,actor,action');
    expect(csv.stdout).toContain('token-revoked');
    expect(csv.stdout).not.toContain(emulator.adminToken);
  });
});
