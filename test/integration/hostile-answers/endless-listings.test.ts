/**
 * A listing that claims to never end: a LogScale server answering one token a page with a total of
 * 500 million (each page would be a request, the page table alone took the heap: "heap out of
 * memory" in 6 s), or an OVHcloud id list of 150,000 ids (each one a request). The listing is
 * refused, with a sentence that says why, after a bounded number of requests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_LIST_PAGES, MAX_LISTED_TOKENS } from '../../../main/core/providers/logscale/listing-bounds';
import { MAX_LISTED_IDS } from '../../../main/core/providers/ovh/types';
import { answersAuthTime, json, logScaleClient, ovhConsumerKeyClient, rejection, startHostileServer, type HostileServer } from './servers';

const servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const token = (n: number) => ({ id: `tok${n}`, name: `t${n}`, __typename: 'OrganizationPermissionsToken', expireAt: null, ipFilterV2: null, permissions: [] });

describe('endless listings', () => {
  it('LogScale: a total of 500 million in pages of one token is refused at the first page', async () => {
    let requests = 0;
    const server = await startHostileServer((_req, res) => json(res, 200, { data: { tokens: { totalResults: 5e8, results: [token(++requests)] } } }));
    servers.push(server);
    const error = await rejection(logScaleClient(server).tokens.list());
    expect(error.message).toMatch(/token listing is too long to read/);
    expect(error).toMatchObject({ code: 'provider', provider: { provider: 'logscale' } });
    expect(requests).toBe(1);
  });

  it('LogScale: a total that grows page after page stops at the page bound', async () => {
    let requests = 0;
    // Each page says there is one more page than asked for: the trailing reads would never end.
    const server = await startHostileServer((_req, res) => {
      requests += 1;
      json(res, 200, {
        data: {
          tokens: { totalResults: Math.min(MAX_LISTED_TOKENS, requests * 10 + 10), results: Array.from({ length: 10 }, (_, i) => token(requests * 10 + i)) },
        },
      });
    });
    servers.push(server);
    const error = await rejection(logScaleClient(server).tokens.list());
    expect(error.message).toMatch(/too long to read/);
    expect(requests).toBeLessThanOrEqual(MAX_LIST_PAGES);
  });

  it('OVHcloud: an id list longer than any account is refused before one id is read', async () => {
    let requests = 0;
    const server = await startHostileServer((req, res) => {
      if (answersAuthTime(req, res)) return;
      requests += 1;
      json(
        res,
        200,
        Array.from({ length: MAX_LISTED_IDS + 1 }, (_, i) => `svc-${i}`),
      );
    });
    servers.push(server);
    const error = await rejection(ovhConsumerKeyClient(server).listServiceNames());
    expect(error.message).toMatch(/could not read .*100000/);
    expect(requests).toBeLessThanOrEqual(4); // the client's bounded retries, never one request per id
  });

  it('LogScale: more ingest tokens than the bound, over its repositories, are refused with the reason', async () => {
    const many = Array.from({ length: MAX_LISTED_TOKENS / 2 + 1 }, (_, i) => ({
      name: `t${i}`,
      token: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      parser: null,
    }));
    const server = await startHostileServer((_req, res) => json(res, 200, { data: { repository: { ingestTokens: many } } }));
    servers.push(server);
    const listing = await logScaleClient(server).ingestTokens.listAll(['one', 'two', 'three']);
    expect(listing.tokens.length).toBeLessThanOrEqual(MAX_LISTED_TOKENS);
    expect(listing.failed.map((f) => f.error.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/too long to read \(more than 100,000 ingest tokens/)]),
    );
  });
});
