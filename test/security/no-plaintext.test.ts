/**
 * No plaintext on disk: every flow of both providers (accounts added, synced and tested; tokens
 * created, copied, revealed, verified, rotated, revoked; a leak matched, revoked and proven dead;
 * a LogScale personal token that replaces the account's own credential; a create whose keychain
 * refuses the value; an internal error; an account removed), then every file of the profile
 * folder (store, audit log, the log file, anything else) is searched for every secret used:
 * account credentials, token values, OAuth2 access tokens and the fingerprint key, as written,
 * JSON-escaped, base64, base64url, hex and URL-encoded. 0 hits.
 *
 * Also checked on the way: every answer the renderer got carries no value except the show-once /
 * reveal paths (tokens:create, tokens:rotate, tokens:reveal), and those never carry a credential;
 * every event pushed to the renderer and every tray menu carries none.
 *
 * Run twice: on a core whose logger is the Electron shell's own (main/electron/log.ts's
 * createMainLogger against the electron double: electron-log with the redaction hook, its log file
 * scanned with the profile), and through the browser harness over loopback HTTP (its console
 * logger's output is captured into the profile folder and scanned too).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore } from '../../main/core/core';
import { FINGERPRINT_KEY_ITEM } from '../../main/core/vault/vault-keys';
import type { Result } from '../../preload/contract';
import { createHandlers, dispatch } from '../../main/ipc/handlers';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { startOvhEmulator, type OvhEmulator } from '../emulators/ovh';
import { createRecordingPlatform } from '../harness/recording-platform';
import { startHarness } from '../harness/server';
import { failableSecrets } from '../support/core';
import { createTestKeychain, type TestKeychain } from '../support/keychain';
import { readVaultFile } from '../support/vault';
import { ProfileLock } from '../../main/core/store/profile-lock';
import { Vault } from '../../main/core/vault/vault';
import { scanForSecrets } from './support';

const { double } = await vi.hoisted(async () => {
  const { createElectronDouble } = await import('../support/electron-double');
  const double = createElectronDouble();
  double.installAsElectronPackage();
  return { double };
});
vi.mock('electron', () => double.module);

type Call = (channel: string, input?: unknown) => Promise<Result<any>>;

interface FlowContext {
  call: Call;
  ovh: OvhEmulator;
  ls: LogScaleEmulator;
  keychain: TestKeychain;
  dataDir: string;
  failSecretWrites: (on: boolean) => void;
}

/** Every flow of both providers through `call`; returns every secret that went through the app. */
async function runFlows({ call: send, ovh, ls, keychain, dataDir, failSecretWrites }: FlowContext): Promise<Set<string>> {
  // Every answer the renderer got, to check afterwards that only the explicit reveal paths carry a value.
  const answers: Array<{ channel: string; text: string }> = [];
  const call: Call = async (channel, input) => {
    const result = await send(channel, input);
    answers.push({ channel, text: JSON.stringify(result) });
    return result;
  };
  const secrets = new Set<string>([ls.adminToken, ovh.credentials.applicationSecret, ovh.credentials.consumerKey, ovh.credentials.clientSecret]);
  const ok = async (channel: string, input?: unknown) => {
    const result = await call(channel, input);
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
  const keep = (value: unknown) => {
    if (typeof value === 'string' && value.length >= 8) secrets.add(value);
  };
  const ldpValues = () => [...ovh.state.services.values()].flatMap((s) => [...s.tokens.values()].map((x) => x.value)).forEach(keep);

  // Accounts.
  const lsId = (await ok('accounts:add', { provider: 'logscale', label: 'LogScale prod', baseUrl: ls.baseUrl, token: ls.adminToken })).id as string;
  const ovhId = (await ok('accounts:add', { provider: 'ovh', label: 'OVH EU', endpoint: 'custom', customBaseUrl: ovh.baseUrl, auth: ovh.consumerKeyAuth() }))
    .id as string;
  const oauthId = (
    await ok('accounts:add', {
      provider: 'ovh',
      label: 'OVH service account',
      endpoint: 'custom',
      customBaseUrl: ovh.baseUrl,
      auth: { mode: 'oauth2', clientId: ovh.credentials.clientId, clientSecret: ovh.credentials.clientSecret },
    })
  ).id as string;
  const service = ovh.addService({ tokens: 2, clusters: 1 });
  ls.seedTokens(3);
  ldpValues();
  await ok('tokens:sync');
  for (const id of [lsId, ovhId, oauthId]) await ok('accounts:test', { id });

  // LogScale: create, copy, reveal, verify, rotate, revoke.
  const lsRequest = (name: string) => ({
    provider: 'logscale',
    kind: 'system',
    name,
    permissions: ['ReadHealthCheck'],
    expiry: { kind: 'duration', amount: 30, unit: 'days' },
  });
  const a = await ok('tokens:create', { accountId: lsId, request: lsRequest('np-ci-reader') });
  keep(a.secret);
  await ok('tokens:copy', { id: a.token.id });
  keep((await ok('tokens:reveal', { id: a.token.id })).value);
  await ok('tokens:verify', { id: a.token.id });
  const a2 = await ok('tokens:rotate', { id: a.token.id });
  keep(a2.secret);
  await ok('tokens:revoke', { id: a2.token.id, confirmName: a2.token.name });
  // LogScale leak: pasted in a chat, matched, revoked, proven dead.
  const b = await ok('tokens:create', { accountId: lsId, request: lsRequest('np-leaky') });
  keep(b.secret);
  const leak = await ok('leak:check', { text: `hey can you try this one: ${b.secret} thx` });
  expect(leak).toMatchObject({ found: true, match: { token: { name: 'np-leaky' } } });
  expect(await ok('leak:revoke', { caseId: leak.caseId, confirmName: 'np-leaky' })).toMatchObject({ proof: 'dead' });
  // The vault cannot be written (a full disk): the value is returned once, and must not land anywhere else.
  failSecretWrites(true);
  try {
    const c = await ok('tokens:create', { accountId: lsId, request: lsRequest('np-unstored') });
    expect(c.stored).toBe(false);
    keep(c.secret);
  } finally {
    failSecretWrites(false);
  }
  // A personal token that replaces the very token the account signs in with.
  const personal = await ok('tokens:create', {
    accountId: lsId,
    request: { provider: 'logscale', kind: 'personal', permissions: [], expiry: { kind: 'never' } },
  });
  keep(personal.secret);
  await ok('tokens:sync', { accountId: lsId });

  // OVHcloud: create, copy, reveal, verify, rotate, revoke; a leak from a curl command line.
  const d = await ok('tokens:create', { accountId: ovhId, request: { provider: 'ovh', serviceName: service.serviceName, name: 'np-shipper' } });
  keep(d.secret);
  await ok('tokens:copy', { id: d.token.id });
  keep((await ok('tokens:reveal', { id: d.token.id })).value);
  expect((await ok('tokens:verify', { id: d.token.id })).checks.every((x: { outcome: string }) => x.outcome === 'ok')).toBe(true);
  const d2 = await ok('tokens:rotate', { id: d.token.id });
  keep(d2.secret);
  ldpValues();
  await ok('tokens:revoke', { id: d.token.id, confirmName: 'np-shipper' });
  await ok('tokens:revoke', { id: d2.token.id, confirmName: d2.token.name });
  const seeded = [...service.tokens.values()][0]!;
  const ldpLeak = await ok('leak:check', { text: `curl -u token:${seeded.value} https://gra1.logs.ovh.com:9200/_search` });
  expect(await ok('leak:revoke', { caseId: ldpLeak.caseId, confirmName: seeded.name })).toMatchObject({ proof: 'dead' });
  await ok('tokens:sync', { accountId: oauthId });
  for (const token of ovh.state.accessTokens.keys()) keep(token);

  // The audit log, exported and checked (its content goes to the renderer: no secret either).
  for (const format of ['json', 'csv']) {
    const exported = (await ok('audit:export', { format })).content as string;
    for (const secret of secrets) expect(exported.includes(secret), `${format} export holds a secret`).toBe(false);
  }
  expect(await ok('audit:verify')).toMatchObject({ ok: true });
  await ok('settings:set', { clipboardClearSeconds: 10 });

  // A damaged vault entry: reported as such (never quoting it), and nothing of it on disk.
  const brokenId = (
    await ok('accounts:add', { provider: 'ovh', label: 'OVH damaged', endpoint: 'custom', customBaseUrl: ovh.baseUrl, auth: ovh.consumerKeyAuth() })
  ).id as string;
  await (await Vault.open({ lock: new ProfileLock(dataDir), keychain })).vault.set(`account:${brokenId}`, 'corrupted');
  const broken = await call('tokens:createOptions', { accountId: brokenId });
  expect(broken).toMatchObject({ ok: false, error: { code: 'vault-entry-unreadable' } });
  await ok('accounts:remove', { id: oauthId });

  // Everything the vault holds is secret too (credentials as JSON and their fields), and so is
  // the vault key the keychain holds.
  for (const key of await keychain.keys()) keep(await keychain.get(key));
  const vault = (await readVaultFile(dataDir, keychain))!.secrets;
  for (const [key, value] of Object.entries(vault)) {
    if (key === `account:${brokenId}`) continue; // the test's own damage marker, not a secret (see log-redaction.test.ts)
    // The vault also keeps each account's non-secret record (for store recovery): only its secret fields count.
    if (!key.startsWith('account-meta:') && key !== 'audit:head') keep(value);
    try {
      for (const [name, field] of Object.entries(JSON.parse(value ?? '') as Record<string, unknown>))
        if (/secret|token|consumerKey|password/i.test(name)) keep(field);
    } catch {
      // not JSON
    }
  }
  expect(secrets.has(vault[FINGERPRINT_KEY_ITEM]!)).toBe(true);
  // LogScale values: their secret part alone must not appear either.
  for (const s of [...secrets]) if (/^[A-Za-z0-9]+~[A-Za-z0-9]{16,}$/.test(s)) secrets.add(s.split('~')[1]!);
  ldpValues();

  // What the renderer saw: values only from the show-once / reveal paths, never credentials.
  const REVEALING = new Set(['tokens:create', 'tokens:rotate', 'tokens:reveal']);
  const credentials = [
    ls.adminToken,
    ls.adminToken.split('~')[1]!,
    ovh.credentials.applicationSecret,
    ovh.credentials.consumerKey,
    ovh.credentials.clientSecret,
    vault[FINGERPRINT_KEY_ITEM]!,
  ];
  for (const { channel, text } of answers) {
    for (const secret of REVEALING.has(channel) ? credentials : secrets) expect(text.includes(secret), `${channel} answered a secret`).toBe(false);
  }
  expect(answers.length).toBeGreaterThan(30);
  return secrets;
}

describe('no plaintext secret on disk after every flow', () => {
  let ovh: OvhEmulator;
  let ls: LogScaleEmulator;

  // Fresh emulators for each run: the personal-token flow replaces the LogScale admin's token.
  beforeEach(async () => {
    ovh = await startOvhEmulator({ knobs: { operationDelayMs: 20 } });
    ls = await startLogScaleEmulator();
  });
  afterEach(async () => {
    await ovh?.close();
    await ls?.close();
  });

  it('the scanner itself finds a planted secret in each encoding (so 0 hits means something)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-scan-'));
    try {
      const secret = 'PlantedIdAbCdEf0123~PlantedSecretPart0123456789abcdef';
      const b = Buffer.from(secret);
      const forms = {
        plain: secret,
        json: JSON.stringify({ v: secret }),
        base64: b.toString('base64'),
        base64url: b.toString('base64url'),
        hex: b.toString('hex'),
        url: encodeURIComponent(secret),
        utf16: Buffer.from(secret, 'utf16le'),
      };
      for (const [name, content] of Object.entries(forms)) writeFileSync(join(dir, `${name}.bin`), content);
      const found = new Set(scanForSecrets(dir, [secret]).hits.map((h) => h.file.slice(dir.length + 1)));
      expect([...found].sort()).toEqual(
        Object.keys(forms)
          .map((n) => `${n}.bin`)
          .sort(),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("core with the shell's logger (electron-log, redaction hook): store, audit log, log file, 0 hits", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-profile-'));
    const keychain = createTestKeychain();
    try {
      const { createMainLogger, logFilePath } = await import('../../main/electron/log');
      const { default: log } = await import('electron-log/main');
      log.transports.console.level = false;
      const logger = createMainLogger();
      const platform = createRecordingPlatform();
      const { wrapSecrets, failSecretWrites } = failableSecrets();
      const core = await createCore({ profileDir: dataDir, keychain, platform, logger, version: '0.0.0-test', runtime: 'harness', wrapSecrets });
      const handlers = createHandlers(core, platform);
      const events: string[] = [];
      core.events.subscribe((name, payload) => events.push(`${name} ${JSON.stringify(payload)}`));
      const secrets = await runFlows({ call: (channel, input) => dispatch(handlers, channel, input), ovh, ls, keychain, dataDir, failSecretWrites });
      await core.shutdown();
      // Events go to the renderer too (tokens, accounts, sync states, clipboard, tray): no value in any.
      expect(events.length).toBeGreaterThan(20);
      for (const secret of secrets)
        expect(
          events.some((e) => e.includes(secret)),
          'an event carried a secret',
        ).toBe(false);
      // The tray menu is built from the same records: labels only.
      for (const secret of secrets) expect(JSON.stringify(platform.recorded.trays).includes(secret)).toBe(false);

      const profile = scanForSecrets(dataDir, secrets);
      const logs = scanForSecrets(dirname(logFilePath()), secrets);
      const names = [...profile.files.map((f) => f.slice(dataDir.length + 1)), ...logs.files.map((f) => f.slice(double.home.length + 1))].sort();
      const hits = [...profile.hits, ...logs.hits];
      console.log(
        `\nno-plaintext (core + electron-log): ${secrets.size} secrets x 6 encodings over ${names.length} files (${profile.bytes + logs.bytes} bytes): ${names.join(', ')}; hits ${hits.length}`,
      );
      expect(names).toEqual(expect.arrayContaining(['tokendesk.json', 'audit.jsonl', 'vault.tdv', join('userData', 'logs', 'main.log')]));
      expect(hits).toEqual([]);
      expect(secrets.size).toBeGreaterThan(20);
    } finally {
      await keychain.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
      double.cleanup();
    }
  });

  it('the browser harness over HTTP (real door, real handler table): profile and captured log output, 0 hits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-harness-profile-'));
    const keychain = createTestKeychain();
    const captured: string[] = [];
    const realWrite = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (realWrite as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    const { wrapSecrets, failSecretWrites } = failableSecrets();
    const harness = await startHarness({ dataDir, keychain, wrapSecrets });
    try {
      const call: Call = (channel, input) =>
        new Promise((resolve, reject) => {
          const body = JSON.stringify({ input });
          const req = request(
            `${harness.url}api/${channel}`,
            { method: 'POST', headers: { 'content-type': 'application/json', origin: harness.origin } },
            (res) => {
              let text = '';
              res.setEncoding('utf8');
              res.on('data', (c: string) => (text += c));
              res.on('end', () => resolve(JSON.parse(text) as Result<unknown>));
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      const secrets = await runFlows({ call, ovh, ls, keychain, dataDir, failSecretWrites });
      await harness.core.shutdown();
      writeFileSync(join(dataDir, 'harness-output.log'), captured.join(''));
      const scan = scanForSecrets(dataDir, secrets);
      console.log(`no-plaintext (harness over HTTP): ${secrets.size} secrets over ${scan.files.length} files (${scan.bytes} bytes); hits ${scan.hits.length}`);
      expect(scan.hits).toEqual([]);
    } finally {
      process.stderr.write = realWrite;
      await harness.close();
      await keychain.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
