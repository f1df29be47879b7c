/** Listing over many tokens: every page, totalResults, a server that caps the page size. */
import { afterEach, describe, expect, it } from 'vitest';
import { setup, type Setup } from './helpers';

let s: Setup;
afterEach(async () => s.close());

describe('LogScale token paging', () => {
  it('reads all 1,200 tokens in 12 pages of 100, in server order, with totalResults', async () => {
    s = await setup({ seed: { system: 1_200, organization: 5 } }, { pageSize: 100 });
    const list = await s.client.tokens.list({ kinds: ['system'] });

    expect(list.totalResults).toBe(1_200);
    expect(list.tokens).toHaveLength(1_200);
    expect(new Set(list.tokens.map((t) => t.id)).size).toBe(1_200);
    expect(list.tokens.every((t) => t.kind === 'system')).toBe(true);
    expect(list.tokens[0]?.name).toBe('seed-system-0000');
    expect(list.tokens.at(-1)?.name).toBe('seed-system-1199');
    expect(list.pages).toBe(12);
    const sent = s.emulator.operations('ListTokens').map((r) => r.variables);
    expect(sent.map((v) => v.skip).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 12 }, (_, i) => i * 100));
    expect(sent.every((v) => v.limit === 100 && v.sortBy === 'Name' && v.orderBy === 'ASC')).toBe(true);
    expect(sent[0]?.types).toEqual(['SystemPermissionToken']);
  });

  it('asks for pages of 1,000 by default: 2,500 tokens in 3 requests', async () => {
    s = await setup({ seed: { system: 2_500 } });
    const list = await s.client.tokens.list({ kinds: ['system'] });
    expect(list.tokens).toHaveLength(2_500);
    expect(list.pages).toBe(3);
    expect(s.emulator.operations('ListTokens').map((r) => r.variables.limit)).toEqual([1_000, 1_000, 1_000]);
  });

  it('steps by what the server returns when it caps the page size', async () => {
    s = await setup({ seed: { organization: 1_001 }, knobs: { maxPageSize: 40 } });
    const list = await s.client.tokens.list();
    expect(list.tokens).toHaveLength(1_001);
    expect(new Set(list.tokens.map((t) => t.id)).size).toBe(1_001);
    expect(list.pages).toBe(26);
    const skips = s.emulator.operations('ListTokens').map((r) => Number(r.variables.skip));
    expect(skips.sort((a, b) => a - b)).toEqual(Array.from({ length: 26 }, (_, i) => i * 40));
  });

  it('passes sort order through and finds one token by id among many', async () => {
    s = await setup({ seed: { view: 300 } });
    const desc = await s.client.tokens.list({ kinds: ['view'], order: 'DESC' });
    expect(desc.tokens[0]?.name).toBe('seed-view-299');
    const target = desc.tokens[123]!;
    s.emulator.clearRequests();
    expect(await s.client.tokens.get('view', target.id)).toEqual(target);
    expect(s.emulator.operations('ListTokens').map((r) => r.variables.search)).toEqual([target.id]);
    expect(await s.client.tokens.get('system', target.id)).toBeNull();
  });
});
