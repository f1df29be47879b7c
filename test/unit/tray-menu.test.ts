import { describe, expect, it } from 'vitest';
import type { TrayItem } from '../../main/core/model';
import { buildTrayMenu } from '../../main/core/tray/tray-menu';
import type { AccountSummary, TokenSummary } from '../../main/core/model';

const account = (id: string, label: string): AccountSummary => ({
  id,
  label,
  provider: 'logscale',
  createdAt: '2026-01-01T00:00:00Z',
  connection: { provider: 'logscale', baseUrl: 'https://x.example' },
  hasCredentials: true,
});
const token = (id: string, accountId: string, name: string, extra: Partial<TokenSummary> = {}): TokenSummary => ({
  id,
  accountId,
  name,
  provider: 'logscale',
  kind: 'system',
  scope: '',
  createdAt: null,
  expiresAt: null,
  ipFilter: null,
  hasSecret: true,
  status: 'active',
  statusSince: null,
  confirmText: name,
  signsInAccount: false,
  ...extra,
});
const labels = (items: TrayItem[]): unknown[] =>
  items.map((i) => (i.type === 'separator' ? '---' : i.type === 'submenu' ? { [i.label]: labels(i.items) } : i.label));

describe('buildTrayMenu', () => {
  it('with no tokens: a disabled hint, then the leak, window and quit entries', () => {
    const menu = buildTrayMenu({ accounts: [], tokens: [] });
    expect(labels(menu)).toEqual(['No tokens to copy yet', '---', 'Revoke a leaked token…', 'Open Tokendesk', '---', 'Quit']);
    expect(menu[0]).toMatchObject({ enabled: false });
  });

  it('groups copyable tokens by account, pinned first, and never carries a value', () => {
    const menu = buildTrayMenu({
      accounts: [account('b', 'Beta'), account('a', 'Alpha')],
      tokens: [
        token('t1', 'a', 'ingest'),
        token('t2', 'a', 'admin'),
        token('t3', 'a', 'pinned-one'),
        token('t4', 'b', 'revoked', { status: 'revoked' }),
        token('t5', 'b', 'no-secret', { hasSecret: false }),
      ],
      pinned: new Set(['t3']),
    });
    expect(labels(menu).slice(0, 2)).toEqual([{ Alpha: ['Copy ★ pinned-one', 'Copy admin', 'Copy ingest'] }, { Beta: ['Copy no-secret'] }]);
    const beta = menu[1] as Extract<TrayItem, { type: 'submenu' }>;
    expect(beta.items[0]).toMatchObject({ enabled: false, action: { kind: 'copy', tokenId: 't5' } });
    // Only labels and actions: no field that could carry a token value.
    const keys = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node && typeof node === 'object')
        for (const [k, v] of Object.entries(node)) {
          keys.add(k);
          walk(v);
        }
    };
    walk(menu);
    expect([...keys].sort()).toEqual(['action', 'enabled', 'items', 'kind', 'label', 'tokenId', 'type']);
  });

  it('with an app lock: "Lock Tokendesk" while unlocked; while locked, copies say they need an unlock and the lock entry is disabled', () => {
    const input = { accounts: [account('a', 'Alpha')], tokens: [token('t1', 'a', 'ingest')] };
    expect(labels(buildTrayMenu({ ...input, lock: { configured: false, locked: false } }))).not.toContain('Lock Tokendesk');
    const unlocked = buildTrayMenu({ ...input, lock: { configured: true, locked: false } });
    expect(labels(unlocked)).toEqual([{ Alpha: ['Copy ingest'] }, '---', 'Revoke a leaked token…', 'Open Tokendesk', 'Lock Tokendesk', '---', 'Quit']);
    expect(unlocked.find((i) => i.type === 'item' && i.label === 'Lock Tokendesk')).toMatchObject({ enabled: true, action: { kind: 'lock' } });
    const locked = buildTrayMenu({ ...input, lock: { configured: true, locked: true } });
    expect(labels(locked)).toEqual([
      { Alpha: ['Copy ingest (unlock first)'] },
      '---',
      'Revoke a leaked token…',
      'Open Tokendesk',
      'Tokendesk is locked',
      '---',
      'Quit',
    ]);
    expect(locked.find((i) => i.type === 'item' && i.label === 'Tokendesk is locked')).toMatchObject({ enabled: false });
  });
});
