/**
 * What the window does, from the command line (the built binary against both emulators): accounts
 * tested, edited and listed; services, IP filters, views and token policies; IAM personal access
 * tokens created, rotated and revoked; LogScale ingest tokens and their parser; the audit log
 * listed. Every command answers --json, with the same exit code as without.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { startOvhEmulator, type OvhEmulator } from '../emulators/ovh';
import { cliRunner } from '../support/cli';
import { createTestCore } from '../support/core';
import { requireSecretService } from '../support/keychain';

// Each command is a process that opens the profile, the keychain and the vault: a few seconds apiece
// on a loaded 2-core machine, so a test of five or six commands gets a minute.
describe('CLI parity with the window', { timeout: 60_000 }, () => {
  let ls: LogScaleEmulator;
  let ovh: OvhEmulator;
  let iamService = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-cli-parity-'));
  const service = `tokendesk-cli-parity-${process.pid}`;
  const cli = cliRunner(dataDir, service);
  const json = async <T = unknown>(args: string[], stdin = ''): Promise<{ code: number; value: T }> => {
    const run = await cli([...args, '--json'], stdin);
    return { code: run.code, value: (run.stdout.trim() ? JSON.parse(run.stdout) : null) as T };
  };

  beforeAll(async () => {
    requireSecretService();
    ls = await startLogScaleEmulator();
    ovh = await startOvhEmulator({ knobs: { operationDelayMs: 20 } });
    ovh.addService({ displayName: 'Production logs', tokens: 1, clusters: 2 });
    iamService = ovh.addService({ displayName: 'Security logs', isIamEnabled: true, tokens: 0 }).serviceName;
    ovh.grantLdpAccess({ login: 'shipper', services: [iamService] });
    const c = ovh.credentials;
    expect((await cli(['accounts', 'add', '--provider', 'logscale', '--label', 'Prod', '--url', ls.baseUrl], `${ls.adminToken}\n`)).code).toBe(0);
    expect(
      (
        await cli(
          ['accounts', 'add', '--provider', 'ovh', '--label', 'OVH', '--endpoint', 'custom', '--url', ovh.baseUrl, '--application-key', c.applicationKey],
          `${c.applicationSecret}\n${c.consumerKey}\n`,
        )
      ).code,
    ).toBe(0);
  }, 60_000);
  afterAll(async () => {
    const keychain = createKeytarKeychain(service);
    for (const key of await keychain.keys()) await keychain.delete(key);
    await ls.close();
    await ovh.close();
  });

  it('accounts add tests the connection first: a refused token adds nothing (exit 1); accounts test says who it is', async () => {
    const refused = await cli(
      ['accounts', 'add', '--provider', 'logscale', '--label', 'Typo', '--url', ls.baseUrl],
      'AbCdEfGhIjKlMnOpQrStUvWx~wrong0123456789wrong0123456789wrong012345\n',
    );
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('LogScale rejected the token (HTTP 401)') });
    // The window's "Save anyway", in words a terminal user can act on.
    expect(refused.stderr).toContain('Nothing was saved. Fix the URL or the credential and try again, or add --no-test');
    expect((await json<Array<{ label: string }>>(['accounts', 'list'])).value.map((a) => a.label)).toEqual(['Prod', 'OVH']);
    expect(await cli(['accounts', 'test', 'Prod'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Prod: Connected to LogScale 1\.204\.0 as admin\./),
    });
    expect(await json(['accounts', 'test', 'OVH'])).toMatchObject({
      code: 0,
      value: { ok: true, detail: expect.stringContaining('2 Logs Data Platform services') },
    });
    expect(await cli(['accounts', 'test', 'Nobody'])).toMatchObject({ code: 3 });
  });

  it('accounts edit: label; a credential from stdin, tested before it is saved; a refused one changes nothing', async () => {
    expect(await cli(['accounts', 'edit', 'Prod', '--label', 'Production'])).toMatchObject({ code: 0, stdout: 'Account "Production": label changed.\n' });
    const refused = await cli(['accounts', 'edit', 'Production', '--credential'], 'AbCdEfGhIjKlMnOpQrStUvWx~wrong0123456789wrong0123456789wrong012345\n');
    expect(refused.code).toBe(1);
    expect(await cli(['accounts', 'test', 'Production'])).toMatchObject({ code: 0 });
    const bot = ls.addUser('deploy-bot', { root: true });
    expect(await cli(['accounts', 'edit', 'Production', '--credential'], `${bot.token}\n`)).toMatchObject({
      code: 0,
      stdout: 'Account "Production": credentials changed (tested first).\n',
    });
    expect(await cli(['accounts', 'test', 'Production'])).toMatchObject({ code: 0, stdout: expect.stringContaining('as deploy-bot') });
    expect(await cli(['accounts', 'edit', 'Production'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Nothing to change') });
    expect(await cli(['accounts', 'edit', 'OVH', '--url', 'https://user:pw@ovh.example/1.0'])).toMatchObject({ code: 2 });
  });

  it('services list (OVHcloud), with the IAM flag, state and clusters; a LogScale account has none', async () => {
    const listed = await cli(['services', 'list', '--account', 'OVH']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/Production logs\s+ENABLED\s+STANDARD\s+legacy tokens\s+\S+\.logs\.ovh\.com \(default\), \S+\.logs\.ovh\.com/);
    expect(listed.stdout).toMatch(/Security logs\s+ENABLED\s+STANDARD\s+IAM/);
    expect(await json<Array<{ iamEnabled: boolean }>>(['services', 'list', '--account', 'OVH'])).toMatchObject({
      code: 0,
      value: [{ iamEnabled: false }, { iamEnabled: true }],
    });
    expect(await cli(['services', 'list', '--account', 'Production'])).toMatchObject({ code: 2, stderr: expect.stringContaining('is a LogScale account') });
  });

  it('ip-filters list, views list (with parsers) and policies show (per kind)', async () => {
    ls.state.createIpFilter('office', 'allow 10.0.0.0/8\ndeny all');
    ls.state.updatePolicies({
      systemPermissionTokensEnabled: true,
      systemPermissionTokensEnforceExpirationAfterMs: 30 * 86_400_000,
      personalUserTokensEnabled: true,
      viewPermissionTokensEnabled: true,
      organizationPermissionTokensEnabled: false,
      viewPermissionTokensAllowPermissionUpdates: false,
      organizationPermissionTokensAllowPermissionUpdates: false,
    });
    expect((await cli(['ip-filters', 'list', '--account', 'Production'])).stdout).toMatch(/office\s+allow 10\.0\.0\.0\/8; deny all/);
    expect((await cli(['views', 'list', '--account', 'Production'])).stdout).toMatch(/sandbox\s+Repository\s+accesslog, json, kv, syslog/);
    const system = await cli(['policies', 'show', '--account', 'Production', '--kind', 'system']);
    expect(system.stdout).toMatch(/system\s+yes\s+30 days\s+none/);
    const all = await json<Record<string, { enabled: boolean }>>(['policies', 'show', '--account', 'Production']);
    expect(all).toMatchObject({ code: 0, value: { organization: { enabled: false }, personal: { enabled: true } } });
    expect(await cli(['policies', 'show', '--account', 'OVH'])).toMatchObject({ code: 2 });
  });

  it('IAM personal access tokens: create (shown once), rotate, revoke', async () => {
    const created = await cli([
      'tokens',
      'create',
      '--account',
      'OVH',
      '--kind',
      'iam-pat',
      '--service',
      iamService,
      '--user',
      'shipper',
      '--name',
      'fluent-bit',
      '--description',
      'ships audit logs',
      '--expires',
      '90d',
      '--print-secret',
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout.split('\n')[1]).toMatch(/^eyJ/);
    const listed = await json<Array<{ name: string; kind: string; expiresAt: string }>>(['tokens', 'list', '--account', 'OVH', '--kind', 'iam-pat']);
    expect(listed.value).toEqual([expect.objectContaining({ name: 'fluent-bit', kind: 'iam-pat', expiresAt: expect.any(String) })]);
    const rotated = await cli(['tokens', 'rotate', 'fluent-bit']);
    expect(rotated).toMatchObject({ code: 0, stdout: expect.stringContaining('Rotated "fluent-bit"') });
    const next = (await json<Array<{ name: string; status: string }>>(['tokens', 'list', '--kind', 'iam-pat'])).value.find(
      (t) => t.name.startsWith('fluent-bit-rotated') && t.status === 'active',
    )!;
    expect(await cli(['tokens', 'revoke', next.name, '--yes'])).toMatchObject({ code: 0, stdout: `Revoked "${next.name}".\n` });
  });

  it('LogScale ingest tokens: create with a parser, change it, remove it; a parser the repository lacks is refused', async () => {
    expect(
      (await cli(['tokens', 'create', '--account', 'Production', '--kind', 'ingest', '--repository', 'sandbox', '--name', 'collector', '--parser', 'kv'])).code,
    ).toBe(0);
    expect(await cli(['tokens', 'parser', 'collector', '--parser', 'json'])).toMatchObject({
      code: 0,
      stdout: '"collector": repository sandbox · parser json.\n',
    });
    expect(await json(['tokens', 'parser', 'collector', '--none'])).toMatchObject({ code: 0, value: { scope: 'repository sandbox · no parser' } });
    const missing = await cli(['tokens', 'parser', 'collector', '--parser', 'nope']);
    expect(missing).toMatchObject({ code: 3, stderr: expect.stringContaining("Could not find a parser named 'nope'") });
    // LogScale refuses with HTTP 200 and a GraphQL error: the status is not quoted beside the refusal.
    expect(missing.stderr).not.toContain('HTTP 200');
    expect(await cli(['tokens', 'parser', 'collector'])).toMatchObject({ code: 2 });
  });

  it('tokens list --kind lists one kind, and refuses a kind no token has (a typo must not list nothing)', async () => {
    const ingest = await json<Array<{ name: string; kind: string }>>(['tokens', 'list', '--kind', 'ingest']);
    expect(ingest).toMatchObject({ code: 0 });
    expect(ingest.value.map((t) => [t.name, t.kind])).toEqual([['collector', 'ingest']]);
    expect(await cli(['tokens', 'list', '--kind', 'ingset'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('--kind must be one of: ldp, ldp-stream, iam-pat, system, organization, view, personal, ingest; got "ingset"'),
    });
  });

  it('audit list: latest first, filtered, as a table or JSON, with no value in it', async () => {
    const table = await cli(['audit', 'list', '--limit', '3']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^WHEN\s+ACTION\s+OUTCOME\s+TOKEN\s+COMMAND\s+NOTE\s+ACTOR$/);
    const edits = await json<Array<{ action: string; note: string }>>(['audit', 'list', '--action', 'account-updated']);
    expect(edits.value.map((e) => e.note)).toEqual(['credential', 'label']);
    expect(table.stdout + JSON.stringify(edits.value)).not.toContain(ls.adminToken);
    expect(await cli(['audit', 'list', '--limit', 'none'])).toMatchObject({ code: 2 });
  });

  it('lock status and lock off: a forgotten PIN is removed from the command line, audited, and the window starts unlocked', async () => {
    const open = async () =>
      createTestCore({ dataDir, keychain: { ...createKeytarKeychain(service), service, cleanup: async () => undefined }, lockCost: { N: 1024, r: 8, p: 1 } });
    let t = await open();
    await t.core.lock.setup('pin', '468024');
    await t.core.shutdown();
    expect(await cli(['lock', 'status'])).toMatchObject({ code: 0, stdout: 'The window locks with a PIN.\n' });
    expect(await cli(['lock', 'off'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^App lock removed\./) });
    expect(await json(['lock', 'status'])).toMatchObject({ code: 0, value: { configured: false } });
    expect(await cli(['lock', 'off'])).toMatchObject({ code: 0, stdout: 'No app lock was set.\n' });
    const [entry] = (await json<Array<{ action: string; note: string }>>(['audit', 'list', '--action', 'lock-disabled'])).value;
    expect(entry!.note).toBe('from the command line, without the PIN or passphrase');
    t = await open();
    expect(t.core.lock.status()).toMatchObject({ configured: false, locked: false });
    await t.core.shutdown();
  });

  it('--help on a command prints its part of the help (exit 0, no profile opened); an area word alone lists its commands (exit 2)', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'tokendesk-cli-help-'));
    const help = await cliRunner(elsewhere, service)(['tokens', 'create', '--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('tokens create --account A --kind ingest --repository R --name N [--parser P]');
    expect(help.stdout).toContain('Exit codes: 0 ok');
    expect(help.stdout).not.toContain('audit export');
    expect(readdirSync(elsewhere)).toEqual([]);
    expect((await cli(['scan', '-h'])).stdout).toContain('scan --pre-commit [REPO]');
    // After `--`, --help belongs to the command exec runs.
    expect((await cli(['exec', '--', 'node', '--help'])).stdout).not.toContain('tokendesk');
    const area = await cli(['tokens']);
    expect(area).toMatchObject({ code: 2, stdout: '' });
    expect(area.stderr).toMatch(/^tokendesk: Unknown command "tokens"\.\n\nUsage:[^]*\n  tokens parser <token>/);
  });

  it('audit list --action takes only an action the log records: a typo is a usage error that lists them, not an empty list', async () => {
    const typo = await cli(['audit', 'list', '--action', 'exec']);
    expect(typo).toMatchObject({ code: 2, stdout: '' });
    expect(typo.stderr).toContain('--action must be one of: account-added,');
    expect(typo.stderr).toContain('secret-injected; got "exec"');
  });
});
