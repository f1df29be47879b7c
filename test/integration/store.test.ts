import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openConfStore } from '../../main/core/store/metadata-store';

describe('metadata store (conf in a temp folder)', () => {
  it('starts with defaults and persists writes to tokendesk.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-store-'));
    const { store, recoveredFrom } = openConfStore(dir);
    expect(recoveredFrom).toBeUndefined();
    expect(store.get('accounts')).toEqual([]);
    store.set('accounts', [{ id: 'a', label: 'A', createdAt: 'now', connection: { provider: 'logscale', baseUrl: 'https://a' } }]);
    expect(store.path).toBe(join(dir, 'tokendesk.json'));
    expect(openConfStore(dir).store.get('accounts')).toHaveLength(1);
  });

  it('moves a corrupt file aside, keeps it, and opens a fresh store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-store-'));
    writeFileSync(join(dir, 'tokendesk.json'), '{"accounts": [ {"id": "a", trunc');
    const { store, recoveredFrom } = openConfStore(dir);
    expect(recoveredFrom).toMatch(/tokendesk\.json\.corrupt-/);
    expect(readFileSync(recoveredFrom!, 'utf8')).toContain('trunc');
    expect(store.get('accounts')).toEqual([]);
    expect(existsSync(join(dir, 'tokendesk.json'))).toBe(true);
  });
});
