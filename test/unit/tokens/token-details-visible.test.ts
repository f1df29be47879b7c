/**
 * The detail pane's names are the provider's: a service, cluster, view, repository, parser, IAM
 * user or policy name (and a token's history) with a direction mark or a control character in it
 * is shown spelled out (⟨U+202E⟩), as token names are. The window escapes HTML; this is what it
 * cannot: characters that change how the text reads.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../main/core/audit/audit-log';
import type { TokenRecord, TokenSummary } from '../../../main/core/model';
import { ProfileLock } from '../../../main/core/store/profile-lock';
import { tokenDetail } from '../../../main/core/tokens/token-details';

const RLO = '\u202e';
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;
const hostile = (name: string): string => `${name}${RLO}gnp.exe\u001b[2K\n`;

const record = (over: Partial<TokenRecord>): TokenRecord => ({
  id: 'rec1',
  accountId: 'acc1',
  provider: 'ovh',
  kind: 'iam-pat',
  remoteId: 'r',
  container: '',
  name: 'n',
  createdAt: null,
  expiresAt: null,
  ipFilter: null,
  hasSecret: false,
  fingerprint: null,
  status: 'active',
  lastSyncedAt: null,
  scope: {},
  ...over,
});
const summary = { id: 'rec1', name: 'n' } as TokenSummary;
// A real log: the history is what its search shows (a hostile OS user name, token name and command written as they were).
const dir = mkdtempSync(join(tmpdir(), 'td-details-'));
const audit = new AuditLog(join(dir, 'audit.jsonl'), hostile('root'), new ProfileLock(dir));

describe('token details', () => {
  beforeAll(() =>
    audit.append({ action: 'secret-injected', outcome: 'ok', tokenId: 'rec1', tokenName: hostile('ci'), command: hostile('node'), note: 'env T' }),
  );

  it('spells out every provider name of an LDP / IAM token, and its history', async () => {
    const detail = await tokenDetail(
      record({
        scope: {
          service: hostile('ldp-xx-1'),
          cluster: hostile('gra1.logs.ovh.com'),
          iam: {
            user: hostile('deploy'),
            description: hostile('d'),
            lastUsed: null,
            services: [hostile('ldp-xx-1')],
            policies: [{ id: 'p', name: hostile('read-all'), actions: [hostile('ldp:apiovh:*')], permissionsGroups: [], services: [hostile('s')] }],
          },
        },
      }),
      summary,
      audit,
    );
    expect(collect(detail).some((s) => HIDDEN.test(s))).toBe(false);
    expect(detail.service).toBe('ldp-xx-1⟨U+202E⟩gnp.exe⟨U+001B⟩[2K⟨U+000A⟩');
    expect(detail.iam?.policies[0]?.name).toBe('read-all⟨U+202E⟩gnp.exe⟨U+001B⟩[2K⟨U+000A⟩');
    expect(detail.history[0]).toMatchObject({
      tokenName: 'ci⟨U+202E⟩gnp.exe⟨U+001B⟩[2K⟨U+000A⟩',
      command: 'node⟨U+202E⟩gnp.exe⟨U+001B⟩[2K⟨U+000A⟩',
      actor: 'root⟨U+202E⟩gnp.exe⟨U+001B⟩[2K⟨U+000A⟩',
    });
  });

  it("spells out a LogScale token's views, repository and parser", async () => {
    const detail = await tokenDetail(
      record({ provider: 'logscale', kind: 'ingest', scope: { views: [hostile('web')], repository: hostile('sandbox'), parser: hostile('json') } }),
      summary,
      audit,
    );
    expect(collect(detail).some((s) => HIDDEN.test(s))).toBe(false);
    expect(detail.views).toEqual(['web⟨U+202E⟩gnp.exe⟨U+001B⟩[2K⟨U+000A⟩']);
    expect(detail.ingest).toEqual({ repository: 'sandbox⟨U+202E⟩gnp.exe⟨U+001B⟩[2K⟨U+000A⟩', parser: 'json⟨U+202E⟩gnp.exe⟨U+001B⟩[2K⟨U+000A⟩' });
  });
});

/** Every string in a value, however deep. */
function collect(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(collect);
  if (value && typeof value === 'object') return Object.values(value).flatMap(collect);
  return [];
}
