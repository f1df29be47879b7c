/**
 * Revoking asks for the token's name typed back, through both doors: the handler table (what the
 * window calls) and the CLI's `tokens revoke --confirm`. A wrong name revokes nothing (the provider
 * still accepts the token, nothing is audited as requested); the right name revokes it (the
 * provider refuses it, its secret leaves the vault). Two live tokens with one name in one account
 * (issue 13 item 5): the name alone no longer confirms; the confirmation is the name and the start
 * of the id (`twin #3fa9c2`, as the list shows it), so the other one is untouched; the CLI, given
 * only the shared name, refuses to guess and lists the ids.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedResult, TokenSummary } from '../../main/core/model';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import { createHandlers, type Handlers } from '../../main/ipc/handlers';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { cliRunner, type CliRun } from '../support/cli';
import { createTestCore, type TestCore } from '../support/core';
import { requireSecretService } from '../support/keychain';

const systemToken = (name: string) => ({
  provider: 'logscale',
  kind: 'system',
  name,
  permissions: ['ReadHealthCheck'],
  expiry: { kind: 'duration', amount: 30, unit: 'days' },
});

describe('revoke confirmation', () => {
  let emulator: LogScaleEmulator;
  /** What LogScale answers the token now: 200 while it works, 401 once revoked. */
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
    emulator = await startLogScaleEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  describe('through the handler table (the window)', () => {
    let t: TestCore;
    let handlers: Handlers;
    let accountId: string;
    let bot: CreatedResult & { token: TokenSummary };
    const create = async (name: string): Promise<CreatedResult & { token: TokenSummary }> => {
      const result = await handlers['tokens:create']({ accountId, request: systemToken(name) });
      if (!result.ok || !result.value.token) throw new Error(`setup: ${name} not created`);
      return result.value as CreatedResult & { token: TokenSummary };
    };
    const status = (id: string): string | undefined => t.core.tokens.list().find((x) => x.id === id)?.status;
    const revokeRequests = async (): Promise<number> => (await t.core.audit.entries()).filter((e) => e.action === 'revoke-requested').length;

    beforeAll(async () => {
      t = await createTestCore();
      handlers = createHandlers(t.core, t.platform);
      const added = await handlers['accounts:add']({ provider: 'logscale', label: 'Prod', baseUrl: emulator.baseUrl, token: emulator.adminToken });
      if (!added.ok) throw new Error('setup: account not added');
      accountId = added.value.id;
      bot = await create('ci-bot');
      await create('ci-bot-2');
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it.each([
      ['a near miss', 'ci-b0t'],
      ['another case', 'CI-BOT'],
      ["another token's name", 'ci-bot-2'],
      ['the id instead of the name', 'ID'],
    ])('a wrong name (%s) revokes nothing and says what to type', async (_what, typed) => {
      const requestsBefore = await revokeRequests();
      const result = await handlers['tokens:revoke']({ id: bot.token.id, confirmName: typed === 'ID' ? bot.token.id : typed });
      expect(result).toEqual({ ok: false, error: { code: 'invalid-input', message: 'The confirmation does not match: type “ci-bot” exactly to revoke it.' } });
      expect(status(bot.token.id)).toBe('active');
      expect(await t.secret(`token:${bot.token.id}`)).toBe(bot.secret);
      expect(await accepted(bot.secret)).toBe(200);
      expect(await revokeRequests()).toBe(requestsBefore);
    });

    it('the right name revokes it: the provider refuses it, its secret leaves the vault', async () => {
      const bot = await create('deploy-bot');
      const result = await handlers['tokens:revoke']({ id: bot.token.id, confirmName: 'deploy-bot' });
      expect(result).toMatchObject({ ok: true, value: { token: { id: bot.token.id, status: 'revoked', hasSecret: false } } });
      expect(await accepted(bot.secret)).toBe(401);
      expect(await t.secret(`token:${bot.token.id}`)).toBeNull();
    });

    it('#5 two tokens with one name: the name alone does not confirm; the name with the start of the id does, and the other is untouched', async () => {
      const first = await create('twin');
      const second = await create('twin');
      const listed = t.core.tokens.summary(first.token.id);
      expect(listed.confirmText).toBe(`twin #${first.token.id.slice(0, 6)}`);
      expect(t.core.tokens.summary(second.token.id).confirmText).toBe(`twin #${second.token.id.slice(0, 6)}`);
      const bare = await handlers['tokens:revoke']({ id: first.token.id, confirmName: 'twin' });
      expect(bare).toMatchObject({
        ok: false,
        error: { code: 'invalid-input', message: expect.stringContaining('Another token of this account is also named “twin”') },
      });
      expect(await accepted(first.secret)).toBe(200);
      const result = await handlers['tokens:revoke']({ id: first.token.id, confirmName: listed.confirmText });
      expect(result).toMatchObject({ ok: true, value: { token: { id: first.token.id, status: 'revoked' } } });
      expect(await accepted(first.secret)).toBe(401);
      expect(status(second.token.id)).toBe('active');
      expect(await accepted(second.secret)).toBe(200);
      expect(await t.secret(`token:${second.token.id}`)).toBe(second.secret);
      // Once its twin is revoked, the other one's name is unique again: the name alone confirms it.
      expect(t.core.tokens.summary(second.token.id).confirmText).toBe('twin');
    });
  });

  describe('through the CLI (tokens revoke --confirm)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-revoke-cli-'));
    const service = `tokendesk-revoke-cli-test-${process.pid}`;
    let cli: (args: string[], stdin?: string) => Promise<CliRun>;
    const secretOf = async (key: string): Promise<string> => {
      const got = await cli(['tokens', 'get', key]);
      if (got.code !== 0) throw new Error(`tokens get ${key}: exit ${got.code}: ${got.stderr}`);
      return got.stdout.trim();
    };
    const idsNamed = async (name: string): Promise<string[]> =>
      (JSON.parse((await cli(['tokens', 'list', '--json'])).stdout) as Array<{ id: string; name: string; status: string }>)
        .filter((x) => x.name === name && x.status === 'active')
        .map((x) => x.id);

    // Names of their own: the emulator is shared with the block above, whose tokens a sync of this
    // profile lists too (a `twin` of both would make the ids it picks depend on the listing order).
    beforeAll(async () => {
      cli = cliRunner(dataDir, service);
      const added = await cli(['accounts', 'add', '--provider', 'logscale', '--label', 'Prod', '--url', emulator.baseUrl], `${emulator.adminToken}\n`);
      if (added.code !== 0) throw new Error(`setup: ${added.stderr}`);
      for (const name of ['cli-bot', 'cli-twin', 'cli-twin']) {
        const created = await cli([
          'tokens',
          'create',
          '--account',
          'Prod',
          '--kind',
          'system',
          '--name',
          name,
          '--permission',
          'ReadHealthCheck',
          '--expires',
          '30d',
        ]);
        if (created.code !== 0 || !created.stdout.includes('The secret is in the vault.'))
          throw new Error(`setup: ${name}: exit ${created.code}: ${created.stderr}`);
      }
    });
    afterAll(async () => {
      const keychain = createKeytarKeychain(service);
      for (const key of await keychain.keys()) await keychain.delete(key);
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('a wrong name: exit code 5, "Not revoked", and the token still works', async () => {
      const secret = await secretOf('cli-bot');
      for (const typed of ['CLI-BOT', 'cli-twin']) {
        expect(await cli(['tokens', 'revoke', 'cli-bot', '--confirm', typed])).toMatchObject({
          code: 5,
          stderr: `Not revoked: "${typed}" is not "cli-bot".\n`,
        });
      }
      expect(await accepted(secret)).toBe(200);
    });

    it('the right name: exit code 0, and the provider refuses the token', async () => {
      const secret = await secretOf('cli-bot');
      expect(await cli(['tokens', 'revoke', 'cli-bot', '--confirm', 'cli-bot'])).toMatchObject({
        code: 0,
        stdout: expect.stringContaining('Revoked "cli-bot"'),
      });
      expect(await accepted(secret)).toBe(401);
    });

    it('#5 two tokens with one name: the name alone is refused with both ids; the name with the start of the id revokes that one only', async () => {
      const [first, second] = await idsNamed('cli-twin');
      const [firstSecret, secondSecret] = [await secretOf(first!), await secretOf(second!)];
      const ambiguous = await cli(['tokens', 'revoke', 'cli-twin', '--confirm', 'cli-twin']);
      expect(ambiguous).toMatchObject({ code: 1, stderr: expect.stringContaining('Several tokens are named "cli-twin": use the id') });
      expect(ambiguous.stderr).toContain(first!);
      expect(ambiguous.stderr).toContain(second!);
      expect([await accepted(firstSecret), await accepted(secondSecret)]).toEqual([200, 200]);

      const shown = `cli-twin #${first!.slice(0, 6)}`;
      expect(await cli(['tokens', 'revoke', first!, '--confirm', 'cli-twin'])).toMatchObject({ code: 5, stderr: expect.stringContaining(`type "${shown}"`) });
      expect(await cli(['tokens', 'revoke', shown, '--confirm', shown])).toMatchObject({ code: 0 });
      expect([await accepted(firstSecret), await accepted(secondSecret)]).toEqual([401, 200]);
    });
  });
});
