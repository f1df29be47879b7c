/**
 * Error mapping details that the emulator cannot produce (extensions, a server echoing a secret,
 * an injected fetch layer). Everything else is covered over real HTTP in test/integration/logscale.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { createLogScaleClient, normaliseBaseUrl, type FetchLike } from '../../../main/core/providers/logscale';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345~SeCrEtSeCrEtSeCrEtSeCrEtSeCrEtSeCrEtSeCrEt12';

function fakeFetch(respond: (url: string, init: RequestInit) => Response): FetchLike & { calls: Array<{ url: string; init: RequestInit }> } {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fn = (async (input: string | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return respond(String(input), init ?? {});
  }) as FetchLike & { calls: typeof calls };
  fn.calls = calls;
  return fn;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a failure');
}

describe('LogScale transport', () => {
  it('posts to {baseUrl}/graphql under a path prefix with a bearer token, through the injected fetch', async () => {
    const fetch = fakeFetch(() => Response.json({ data: { viewerOpt: null } }));
    const client = createLogScaleClient({ baseUrl: 'https://example.test/logscale', token: async () => TOKEN, fetch });
    await client.checkCredentials();
    const [call] = fetch.calls;
    expect(call?.url).toBe('https://example.test/logscale/graphql');
    expect(call?.init.method).toBe('POST');
    expect(new Headers(call?.init.headers).get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(String(call?.init.body))).toMatchObject({ operationName: 'CheckCredentials', variables: {} });
  });

  it('normalises base URLs and refuses unsafe ones', () => {
    expect(normaliseBaseUrl('https://h.test/prefix/?x=1#y').href).toBe('https://h.test/prefix/');
    expect(normaliseBaseUrl('https://h.test').href).toBe('https://h.test/');
    expect(() => normaliseBaseUrl('ftp://h.test')).toThrow(AppError);
    expect(() => normaliseBaseUrl('https://user:pw@h.test')).toThrow(/must not contain a user name/);
    expect(() => normaliseBaseUrl('not a url')).toThrow(/not a valid URL/);
  });

  it('keeps GraphQL error class, path and message, and maps not-found / forbidden', async () => {
    const fetch = fakeFetch(() =>
      Response.json({
        data: null,
        errors: [{ message: 'Token with id abc was not found', path: ['deleteToken'], extensions: { code: 'NotFound' } }],
      }),
    );
    const client = createLogScaleClient({ baseUrl: 'https://h.test', token: TOKEN, fetch });
    const error = await failure(client.tokens.delete({ kind: 'system', id: 'abc' }));
    expect(error.toPayload()).toEqual({
      code: 'not-found',
      message: 'LogScale refused to delete system token abc: Token with id abc was not found',
      provider: { provider: 'logscale', status: 200, errorClass: 'NotFound', message: 'Token with id abc was not found', path: 'deleteToken' },
    });
  });

  it('never puts the bearer token or a token-shaped string into an error message', async () => {
    const other = 'ZyXwVuTsRqPoNmLkJiHgFeDcBa987654~AnotherSecretAnotherSecretAnotherSecretAnot';
    const fetch = fakeFetch((_url, init) =>
      init.body && String(init.body).includes('DeleteToken')
        ? Response.json({ errors: [{ message: `Invalid token ${TOKEN} or ${other}` }] })
        : new Response(`bad credentials ${TOKEN}`, { status: 401 }),
    );
    const client = createLogScaleClient({ baseUrl: 'https://h.test', token: TOKEN, fetch });
    const errors = [await failure(client.tokens.delete({ kind: 'system', id: 'x' })), await failure(client.tokens.list())];
    for (const error of errors) {
      const text = JSON.stringify(error.toPayload());
      expect(text).not.toContain(TOKEN.split('~')[1]);
      expect(text).not.toContain(other.split('~')[1]);
      expect(text).toContain('[redacted]');
    }
    expect(errors[1]?.code).toBe('auth');
  });

  it('passes through an AppError thrown by a wrapping net layer', async () => {
    const fetch: FetchLike = async () => {
      throw new AppError('rate-limited', 'Still rate limited after 3 retries.');
    };
    const client = createLogScaleClient({ baseUrl: 'https://h.test', token: TOKEN, fetch });
    expect((await failure(client.ipFilters.list())).toPayload()).toEqual({ code: 'rate-limited', message: 'Still rate limited after 3 retries.' });
  });

  it('reports a server that is not LogScale on /api/v1/status', async () => {
    const fetch = fakeFetch(() => Response.json({ hello: 'world' }));
    const client = createLogScaleClient({ baseUrl: 'https://h.test', token: TOKEN, fetch });
    expect((await failure(client.status())).message).toMatch(/without a version; is it LogScale\?/);
  });

  it('refuses an empty token before sending anything', async () => {
    const fetch = fakeFetch(() => Response.json({ data: {} }));
    const client = createLogScaleClient({ baseUrl: 'https://h.test', token: '', fetch });
    expect((await failure(client.checkCredentials())).code).toBe('auth');
    expect(fetch.calls).toHaveLength(0);
  });
});
