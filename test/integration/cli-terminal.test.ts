/**
 * Issue 13, the command line's input and output, on the built `tokendesk` with its own profile and
 * keychain service:
 *  - #11 a secret typed at the prompt is not echoed: the CLI runs in a real pseudo-terminal
 *    (util-linux `script`, which keeps the terminal's own echo on, as a terminal is before a
 *    program turns it off), and everything the terminal showed is searched for the secret;
 *  - #13 `tokens sync` exits the same with or without --json when an account failed, and prints
 *    each account's notes (OVHcloud refusing the IAM listing: "This call has not been granted");
 *  - #7 a URL with a user name or password is refused on the command line too.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OVH_ACCESS_RULES } from '../../main/core/providers/ovh';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import type { AccountSyncState } from '../../main/core/model';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { startOvhEmulator, type OvhEmulator } from '../emulators/ovh';
import { CLI_ENTRY, cliRunner, type CliRun } from '../support/cli';
import { requireSecretService } from '../support/keychain';
import { vaultSecret } from '../support/vault';

const service = `tokendesk-cli-terminal-${process.pid}`;
const profile = (): string => mkdtempSync(join(tmpdir(), 'tokendesk-cli-tty-'));
const quote = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Runs the CLI inside a pseudo-terminal and answers each prompt when it appears (never before: what
 * is typed before the CLI turns echo off would be echoed by the terminal, not by the CLI).
 * Returns everything the terminal displayed.
 */
function inTerminal(dataDir: string, args: string[], answers: Array<[prompt: string, typed: string]>): Promise<CliRun> {
  return new Promise((done, fail) => {
    const command = [process.execPath, CLI_ENTRY, '--data-dir', dataDir, ...args].map(quote).join(' ');
    const child = spawn('script', ['--quiet', '--flush', '--return', '--command', command, '/dev/null'], {
      env: { ...process.env, TOKENDESK_KEYCHAIN_SERVICE: service },
    });
    let screen = '';
    let answered = 0;
    let seen = 0; // where the screen was read up to for the next prompt
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      const next = answers[answered];
      const at = next ? screen.indexOf(next[0], seen) : -1;
      if (next && at >= 0) {
        answered += 1;
        seen = at + next[0].length;
        child.stdin.write(next[1]);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      child.stdin.destroy();
      done({ code: code ?? -1, stdout: screen, stderr: '' });
    });
  });
}

describe('tokendesk CLI at a terminal and in scripts', () => {
  let logscale: LogScaleEmulator;
  let ovh: OvhEmulator;
  const keychain = createKeytarKeychain(service);

  beforeAll(async () => {
    requireSecretService();
    if (!existsSync('out/cli/tokendesk.js')) throw new Error('out/cli/tokendesk.js is missing: run `npm run build` first (npm test does).');
    logscale = await startLogScaleEmulator();
    ovh = await startOvhEmulator();
  });
  afterAll(async () => {
    for (const key of await keychain.keys()) await keychain.delete(key);
    await logscale?.close();
    await ovh?.close();
  });

  it('#11 a secret typed at the prompt is not echoed; it is read whole and stored', async () => {
    const dataDir = profile();
    const token = logscale.adminToken;
    const run = await inTerminal(
      dataDir,
      ['accounts', 'add', '--provider', 'logscale', '--label', 'Typed', '--url', logscale.baseUrl],
      [['LogScale API token: ', `${token}\r`]],
    );
    expect(run.stdout).toContain('LogScale API token: ');
    expect(run.stdout).toContain('Added logscale account "Typed"');
    for (const part of [token, token.split('~')[1]!, token.slice(-8)]) expect(run.stdout).not.toContain(part);
    expect(run.code).toBe(0);
    const [account] = JSON.parse((await cliRunner(dataDir, service)(['accounts', 'list', '--json'])).stdout) as Array<{ id: string }>;
    expect(JSON.parse((await vaultSecret(dataDir, keychain, `account:${account!.id}`))!)).toEqual({ token });
  });

  it('#11 two secrets in a row (OVHcloud application secret, then consumer key): neither is echoed', async () => {
    const dataDir = profile();
    const { applicationKey, applicationSecret, consumerKey } = ovh.credentials;
    const run = await inTerminal(
      dataDir,
      ['accounts', 'add', '--provider', 'ovh', '--label', 'OVH typed', '--endpoint', 'custom', '--url', ovh.baseUrl, '--application-key', applicationKey],
      [
        ['Application secret: ', `${applicationSecret}\r`],
        ['Consumer key: ', `${consumerKey}\r`],
      ],
    );
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('Added ovh account "OVH typed"') });
    expect(run.stdout).not.toContain(applicationSecret);
    expect(run.stdout).not.toContain(consumerKey);
  });

  it('#11 Ctrl-C at the prompt cancels: nothing is added', async () => {
    const dataDir = profile();
    const run = await inTerminal(
      dataDir,
      ['accounts', 'add', '--provider', 'logscale', '--label', 'Cancelled', '--url', logscale.baseUrl],
      [['LogScale API token: ', 'half-typed\u0003']],
    );
    expect(run).toMatchObject({ code: 2, stdout: expect.stringContaining('Cancelled at the prompt: nothing was changed.') });
    expect(run.stdout).not.toContain('half-typed');
    expect(JSON.parse((await cliRunner(dataDir, service)(['accounts', 'list', '--json'])).stdout)).toEqual([]);
  });

  it('#13 tokens sync: an account that failed exits 1 with and without --json, and the notes are printed', async () => {
    const dataDir = profile();
    const cli = cliRunner(dataDir, service);
    // An IAM-enabled service, and a consumer key whose rules leave out the IAM routes (an older key).
    const iamService = ovh.addService({ isIamEnabled: true, tokens: 0 }).serviceName;
    const ck = ovh.addConsumerKey({ rules: OVH_ACCESS_RULES.filter((r) => !r.path.startsWith('/me/') && !r.path.includes('iam')) });
    const { applicationKey, applicationSecret } = ovh.credentials;
    expect(
      (
        await cli(
          ['accounts', 'add', '--provider', 'ovh', '--label', 'OVH', '--endpoint', 'custom', '--url', ovh.baseUrl, '--application-key', applicationKey],
          `${applicationSecret}\n${ck}\n`,
        )
      ).code,
    ).toBe(0);
    // Added without the connection test (--no-test): adding tests it first, and this token is refused.
    expect(
      (
        await cli(
          ['accounts', 'add', '--provider', 'logscale', '--label', 'Broken', '--url', logscale.baseUrl, '--no-test'],
          'abcdefgh12345678~notthetokenatallnotthetokenatall\n',
        )
      ).code,
    ).toBe(0);

    const plain = await cli(['tokens', 'sync']);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(/^Broken: failed: .*HTTP 401/m);
    expect(plain.stdout).toMatch(/^OVH: synced$/m);
    expect(plain.stdout).toContain(`  problem: ${iamService}: The personal access tokens of this IAM-enabled service could not be listed`);
    expect(plain.stdout).toMatch(/^ {4}.*NOT_GRANTED_CALL.*This call has not been granted.*HTTP 403.*$/m);

    const json = await cli(['tokens', 'sync', '--json']);
    expect(json.code).toBe(1);
    const states = JSON.parse(json.stdout) as AccountSyncState[];
    expect(states.map((s) => s.state).sort()).toEqual(['error', 'ok']);
    expect(states.find((s) => s.state === 'ok')!.notes).toEqual([
      expect.objectContaining({
        container: iamService,
        level: 'error',
        error: expect.objectContaining({ provider: expect.objectContaining({ message: 'This call has not been granted' }) }),
      }),
    ]);
  });

  it('#7 accounts add refuses a URL with a user name or password, and stores nothing', async () => {
    const dataDir = profile();
    const cli = cliRunner(dataDir, service);
    const url = logscale.baseUrl.replace('http://', 'http://admin:hunter2-pw@');
    const run = await cli(['accounts', 'add', '--provider', 'logscale', '--label', 'With password', '--url', url], `${logscale.adminToken}\n`);
    expect(run).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('baseUrl: must not contain a user name or password: give credentials in their own fields'),
    });
    expect(run.stderr).not.toContain('hunter2');
    const ovhRun = await cli(
      [
        'accounts',
        'add',
        '--provider',
        'ovh',
        '--label',
        'OVH with password',
        '--endpoint',
        'custom',
        '--url',
        ovh.baseUrl.replace('http://', 'http://me:hunter2-pw@'),
        '--application-key',
        'AK',
      ],
      'AS-secret\nCK-secret\n',
    );
    expect(ovhRun).toMatchObject({ code: 2, stderr: expect.stringContaining('customBaseUrl: must not contain a user name or password') });
    expect(JSON.parse((await cli(['accounts', 'list', '--json'])).stdout)).toEqual([]);
    expect(existsSync(join(dataDir, 'tokendesk.json')) ? readFileSync(join(dataDir, 'tokendesk.json'), 'utf8') : '').not.toContain('hunter2');
  });
});
