/**
 * Provider text never reaches the terminal raw. A hostile LogScale (a local server on 127.0.0.1)
 * answers every GraphQL request with an error whose message erases the line (CR, ESC [2K, ESC [1A),
 * prints "synced", sets the window title, writes the clipboard (OSC 52) and uses the one-byte CSI
 * (U+009B); the emulator's views get names with the same and a line break. What is asserted: no
 * control character (C0 but the line break, DEL, C1) and no direction mark in anything the CLI
 * prints, in text or --json; the JSON still parses back to the provider's exact string; and what was
 * hidden is shown spelled out (⟨U+001B⟩).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { cliRunner, type CliRun } from '../support/cli';
import { requireSecretService } from '../support/keychain';

const HOSTILE = 'denied\r\u001b[2K\u001b[1Asynced\u001b]0;owned\u0007\u001b]52;c;ZWNobyBwd25lZA==\u0007\u009b31m\u202eoxe.txt\nProd: synced';
/** Everything a terminal acts on: C0 controls but the line break, DEL, C1 controls, direction marks and isolates. */
const ACTED_ON = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const clean = (run: CliRun): void => {
  expect(run.stdout).not.toMatch(ACTED_ON);
  expect(run.stderr).not.toMatch(ACTED_ON);
};

describe('provider text at the terminal', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-cli-text-'));
  const service = `tokendesk-cli-text-${process.pid}`;
  const cli = cliRunner(dataDir, service);
  let hostile: Server;
  let emulator: LogScaleEmulator;

  beforeAll(async () => {
    requireSecretService();
    hostile = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ data: null, errors: [{ message: HOSTILE, extensions: { code: 'FORBIDDEN\u001b[8m' } }] }));
      });
    });
    await new Promise<void>((done) => hostile.listen(0, '127.0.0.1', done));
    emulator = await startLogScaleEmulator();
    const url = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
    expect(
      (
        await cli(
          ['accounts', 'add', '--provider', 'logscale', '--label', 'Prod', '--url', url, '--no-test'],
          'abcdefgh12345678~abcdefghijklmnopqrstuvwxyz012345\n',
        )
      ).code,
    ).toBe(0);
    expect((await cli(['accounts', 'add', '--provider', 'logscale', '--label', 'Emu', '--url', emulator.baseUrl], `${emulator.adminToken}\n`)).code).toBe(0);
    const web = emulator.searchDomains.find((d) => d.name === 'web')!;
    web.name = `web\u001b[2K\rsynced\u009b1A\u202e\nsecond line`;
  }, 60_000);

  afterAll(async () => {
    const keychain = createKeytarKeychain(service);
    for (const key of await keychain.keys()) await keychain.delete(key);
    await new Promise((done) => hostile.close(done));
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tokens sync: a crafted GraphQL error stays on the "failed" line, spelled out, exit 1', async () => {
    const run = await cli(['tokens', 'sync']);
    expect(run.code).toBe(1);
    clean(run);
    const prod = run.stdout.split('\n').filter((line) => line.startsWith('Prod:'));
    expect(prod).toHaveLength(1);
    expect(prod[0]).toMatch(/^Prod: failed: /);
    expect(run.stdout).toContain('⟨U+001B⟩[2K');
    expect(run.stdout).toContain('⟨U+009B⟩31m');
    expect(run.stdout).toContain('⟨U+000A⟩Prod: synced');
  });

  it("tokens sync --json: valid JSON with the provider's exact message, and no raw control or direction mark", async () => {
    const run = await cli(['tokens', 'sync', '--json']);
    expect(run.code).toBe(1);
    clean(run);
    const states = JSON.parse(run.stdout) as Array<{ state: string; error?: { message: string; provider?: { message?: string } } }>;
    const failed = states.find((s) => s.state === 'error')!;
    expect(JSON.stringify(failed)).toContain('synced');
    expect([failed.error?.message, failed.error?.provider?.message].some((m) => m?.includes('\u009b31m\u202eoxe.txt'))).toBe(true);
  });

  it('views list: a view name with escapes and a line break is one spelled-out table cell; --json keeps it exactly', async () => {
    const run = await cli(['views', 'list', '--account', 'Emu']);
    expect(run.code).toBe(0);
    clean(run);
    expect(run.stdout).toContain('web⟨U+001B⟩[2K⟨U+000D⟩synced⟨U+009B⟩1A⟨U+202E⟩⟨U+000A⟩second line');
    expect(run.stdout.split('\n').some((line) => line.startsWith('second line'))).toBe(false);
    const asJson = await cli(['views', 'list', '--account', 'Emu', '--json']);
    clean(asJson);
    expect((JSON.parse(asJson.stdout) as Array<{ name: string }>).map((v) => v.name)).toContain(`web\u001b[2K\rsynced\u009b1A\u202e\nsecond line`);
  });
});
