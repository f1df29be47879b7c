/**
 * The LogScale client's ingest tokens against the emulator: what LogScale receives (operation
 * names and variables), what the client answers, and the ingest API telling a live token from a
 * removed one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_INGEST_PERMISSION } from '../../emulators/logscale';
import { failure, setup, type Setup } from './helpers';

describe('LogScale ingest tokens (client vs emulator)', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await setup();
  });
  afterEach(() => s.close());

  it('lists repositories with their parsers, leaving views out', async () => {
    const repositories = await s.client.ingestTokens.repositories();
    expect(repositories.map((r) => r.name)).toEqual(['sandbox']);
    expect(repositories[0]!.parsers.map((p) => p.name)).toEqual(expect.arrayContaining(['accesslog', 'json', 'kv']));
  });

  it('creates a token with a parser by name: LogScale receives the repository, the name and the parser; the value comes back', async () => {
    const created = await s.client.ingestTokens.create({ repository: 'sandbox', name: 'fluent-bit-web', parser: 'accesslog' });
    expect(created).toMatchObject({ repository: 'sandbox', name: 'fluent-bit-web', parser: { name: 'accesslog' }, token: expect.any(String) });
    expect(s.emulator.operations('AddIngestToken').at(-1)?.variables).toEqual({ repositoryName: 'sandbox', name: 'fluent-bit-web', parser: 'accesslog' });
    // Readable again: the listing answers the same value.
    expect(await s.client.ingestTokens.list('sandbox')).toEqual([created]);
  });

  it('changes the parser, removes it, and refuses a parser the repository does not have', async () => {
    await s.client.ingestTokens.create({ repository: 'sandbox', name: 'vector', parser: 'kv' });
    expect(await s.client.ingestTokens.setParser('sandbox', 'vector', 'json')).toMatchObject({ name: 'json' });
    expect((await s.client.ingestTokens.list('sandbox'))[0]!.parser?.name).toBe('json');
    expect(await s.client.ingestTokens.setParser('sandbox', 'vector', null)).toBeNull();
    expect(s.emulator.operations('UnassignIngestTokenParser')).toHaveLength(1);
    expect((await s.client.ingestTokens.list('sandbox'))[0]!.parser).toBeNull();
    const error = await failure(s.client.ingestTokens.setParser('sandbox', 'vector', 'no-such-parser'));
    expect(error).toMatchObject({ code: 'not-found', message: expect.stringContaining('no-such-parser') });
  });

  it('the ingest API accepts a live token, refuses it with 401 once removed; a second remove is "not found"', async () => {
    const created = await s.client.ingestTokens.create({ repository: 'sandbox', name: 'filebeat' });
    expect(await s.client.ingestTokens.probe(created.token)).toBe('accepted');
    expect(s.emulator.state.ingested).toEqual([{ repository: 'sandbox', tokenName: 'filebeat', events: 1 }]);
    await s.client.ingestTokens.remove('sandbox', 'filebeat');
    expect(await s.client.ingestTokens.probe(created.token)).toBe('rejected');
    expect(s.emulator.requests.filter((r) => r.path === '/api/v1/ingest/humio-structured').map((r) => r.status)).toEqual([200, 401]);
    expect(await failure(s.client.ingestTokens.remove('sandbox', 'filebeat'))).toMatchObject({ code: 'not-found' });
  });

  it('a repository where the caller lacks ChangeIngestTokens is reported as denied, the others are listed', async () => {
    s.emulator.state.addSearchDomain('payments', 'Repository');
    s.emulator.issueIngestToken('sandbox', 'kept');
    s.emulator.state.ingestDenied.add('payments');
    const listing = await s.client.ingestTokens.listAll(['sandbox', 'payments']);
    expect(listing).toMatchObject({ denied: ['payments'], failed: [], tokens: [expect.objectContaining({ name: 'kept' })] });
    const error = await failure(s.client.ingestTokens.list('payments'));
    expect(error).toMatchObject({ code: 'forbidden', provider: { provider: 'logscale', message: NO_INGEST_PERMISSION } });
  });

  it('refuses an empty name before sending anything', async () => {
    s.emulator.clearRequests();
    expect(await failure(s.client.ingestTokens.create({ repository: 'sandbox', name: '  ' }))).toMatchObject({
      code: 'invalid-input',
      issues: [expect.stringContaining('name')],
    });
    expect(s.emulator.requests).toHaveLength(0);
  });
});
