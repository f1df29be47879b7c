/** IP filters: list, create, update, delete, and their effect on token use. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticates, failure, setup, type Setup } from './helpers';

let s: Setup;
beforeEach(async () => {
  s = await setup();
});
afterEach(async () => s.close());

describe('LogScale IP filters', () => {
  it('creates, lists, updates and deletes filters (names need not be unique)', async () => {
    const a = await s.client.ipFilters.create({ name: 'office', ipFilter: 'allow 10.0.0.0/8' });
    const b = await s.client.ipFilters.create({ name: 'office', ipFilter: 'allow 192.168.0.0/16\ndeny 192.168.0.80' });
    expect(s.emulator.operations('CreateIpFilter')[0]?.variables).toEqual({ name: 'office', ipFilter: 'allow 10.0.0.0/8' });
    expect(await s.client.ipFilters.list()).toEqual([a, b]);
    expect(a.id).not.toBe(b.id);

    const renamed = await s.client.ipFilters.update({ id: b.id, name: 'lab' });
    // Only the changed field is sent, so the rules are kept.
    expect(s.emulator.operations('UpdateIpFilter')[0]?.variables).toEqual({ id: b.id, name: 'lab' });
    expect(renamed).toEqual({ ...b, name: 'lab' });
    expect(await s.client.ipFilters.update({ id: b.id, ipFilter: 'allow all' })).toEqual({ id: b.id, name: 'lab', ipFilter: 'allow all' });

    await s.client.ipFilters.delete(a.id);
    expect((await s.client.ipFilters.list()).map((f) => f.id)).toEqual([b.id]);
    expect((await failure(s.client.ipFilters.delete(a.id))).code).toBe('not-found');
  });

  it('reports invalid rules with the server message', async () => {
    const error = await failure(s.client.ipFilters.create({ name: 'bad', ipFilter: 'permit 10.0.0.1' }));
    expect(error.provider?.message).toMatch(/Invalid IP filter rule "permit 10.0.0.1"/);
    expect(error.provider?.path).toBe('createIPFilter');
  });

  it('changing a filter changes where its tokens work; a filter in use cannot be deleted', async () => {
    const filter = await s.client.ipFilters.create({ name: 'lab', ipFilter: 'allow 10.0.0.0/8' });
    const token = await s.client.tokens.create({
      kind: 'system',
      name: 'lab',
      permissions: ['ReadHealthCheck'],
      expiry: { kind: 'never' },
      ipFilterId: filter.id,
    });
    expect((await failure(s.clientWith(token.secret).checkCredentials())).code).toBe('forbidden');
    await s.client.ipFilters.update({ id: filter.id, ipFilter: 'allow 127.0.0.0/8' });
    expect(await authenticates(s, token.secret)).toBe(true);

    const inUse = await failure(s.client.ipFilters.delete(filter.id));
    expect(inUse.provider?.message).toMatch(/in use/);
    expect(await s.client.ipFilters.list()).toHaveLength(1);
  });

  it('refuses an unknown IP filter on create (server side)', async () => {
    const error = await failure(
      s.client.tokens.create({ kind: 'system', name: 'x', permissions: ['ReadHealthCheck'], expiry: { kind: 'never' }, ipFilterId: 'nope' }),
    );
    expect(error.code).toBe('not-found');
    expect(error.provider?.message).toBe('IP filter with id nope was not found');
  });
});
