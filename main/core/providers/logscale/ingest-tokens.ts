/**
 * LogScale ingest tokens: the tokens log shippers send, one set per repository. Unlike API tokens
 * they have no id, no expiry and no IP filter: a token is its repository and its name, the value
 * is readable again on every listing (`IngestToken.token`), and a parser may be assigned to it.
 *
 * Managing them takes the ChangeIngestTokens permission on the repository. Without it LogScale
 * answers "You don't have permission to read ingest tokens." for that repository only: `listAll`
 * reports such repositories as `denied` (one explanation for all of them) instead of failing.
 *
 * Their value format is not documented (see docs/providers/logscale.md): nothing here assumes one.
 */
import { AppError } from '../../errors';
import { createLimiter } from '../../net';
import { MAX_LISTED_TOKENS, tooLong } from './listing-bounds';
import type { LogScaleTransport } from './transport';
import { requireText, unexpected, type Raw } from './objects';

export interface IngestParserRef {
  id: string;
  name: string;
}

export interface IngestToken {
  repository: string;
  name: string;
  /** The value shippers send (readable again at every listing). */
  token: string;
  parser: IngestParserRef | null;
}

export interface RepositoryRef {
  id: string;
  name: string;
  parsers: IngestParserRef[];
}

export interface IngestTokenListing {
  tokens: IngestToken[];
  /** Repositories whose ingest tokens the caller may not read (no ChangeIngestTokens there). */
  denied: string[];
  /** Repositories that could not be read for another reason, with the error. */
  failed: Array<{ repository: string; error: AppError }>;
}

/** Name limits are unverified; LogScale's UI takes free text. */
const MAX_NAME_LENGTH = 253;

function toParser(raw: unknown): IngestParserRef | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Raw;
  return typeof r.id === 'string' && typeof r.name === 'string' ? { id: r.id, name: r.name } : null;
}

function toIngestToken(repository: string, raw: unknown, what: string): IngestToken {
  const r = (raw ?? {}) as Raw;
  if (typeof r.name !== 'string' || typeof r.token !== 'string' || r.token === '') throw unexpected(what, 'IngestToken');
  return { repository, name: r.name, token: r.token, parser: toParser(r.parser) };
}

function checkName(name: unknown): string {
  const text = typeof name === 'string' ? name.trim() : '';
  if (!text || text.length > MAX_NAME_LENGTH) {
    throw new AppError('invalid-input', `The ingest token name is required (at most ${MAX_NAME_LENGTH} characters).`, {
      issues: [`name: required, 1-${MAX_NAME_LENGTH} characters`],
    });
  }
  return text;
}

export class LogScaleIngestTokens {
  constructor(
    private readonly transport: LogScaleTransport,
    /** Repositories read at once when listing every one (a setting: the politeness cap). */
    private readonly concurrency: () => number,
  ) {}

  /** Repositories the caller can see, with their parsers (views are left out: they take no ingest). */
  async repositories(): Promise<RepositoryRef[]> {
    const data = await this.transport.graphql<{ searchDomains: Raw[] }>('ListRepositories', undefined, 'list repositories');
    if (!Array.isArray(data?.searchDomains)) throw unexpected('list repositories', 'searchDomains');
    // Each repository is one more request: a list longer than any real cluster's is refused.
    if (data.searchDomains.length > MAX_LISTED_TOKENS) throw tooLong(`${data.searchDomains.length.toLocaleString('en')} repositories and views`);
    return data.searchDomains
      .filter((d) => d?.__typename === 'Repository' && typeof d.id === 'string' && typeof d.name === 'string')
      .map((d) => ({
        id: d.id as string,
        name: d.name as string,
        parsers: Array.isArray(d.parsers) ? d.parsers.map(toParser).filter((p): p is IngestParserRef => p !== null) : [],
      }));
  }

  /** One repository's ingest tokens; AppError 'forbidden' when the caller lacks ChangeIngestTokens there. */
  async list(repository: string): Promise<IngestToken[]> {
    const name = requireText(repository, 'repository', 'repository name');
    const what = `list the ingest tokens of repository "${name}"`;
    const data = await this.transport.graphql<{ repository: Raw }>('ListIngestTokens', { repositoryName: name }, what);
    const tokens = data?.repository?.ingestTokens;
    if (!Array.isArray(tokens)) throw unexpected(what, 'ingestTokens');
    return tokens.map((t) => toIngestToken(name, t, what));
  }

  /** Every repository's ingest tokens, a few repositories at a time; one failing repository never hides the others. */
  async listAll(repositories: readonly string[]): Promise<IngestTokenListing> {
    const limiter = createLimiter({ maxInFlight: this.concurrency });
    const listing: IngestTokenListing = { tokens: [], denied: [], failed: [] };
    await Promise.all(
      repositories.map((repository) =>
        limiter.run(async () => {
          try {
            const tokens = await this.list(repository);
            if (listing.tokens.length + tokens.length > MAX_LISTED_TOKENS) throw tooLong(`more than ${MAX_LISTED_TOKENS.toLocaleString('en')} ingest tokens`);
            listing.tokens.push(...tokens);
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            if (error.code === 'forbidden') listing.denied.push(repository);
            else listing.failed.push({ repository, error });
          }
        }),
      ),
    );
    listing.denied.sort();
    return listing;
  }

  /** Creates a token (value in the answer); `parser` is a parser of the repository, by name or id. */
  async create(input: { repository: string; name: string; parser?: string | null }): Promise<IngestToken> {
    const repository = requireText(input.repository, 'repository', 'repository name');
    const name = checkName(input.name);
    const parser = input.parser ? requireText(input.parser, 'parser', 'parser name') : null;
    const what = `create the ingest token "${name}" in repository "${repository}"`;
    const data = await this.transport.graphql<{ addIngestTokenV3: Raw }>('AddIngestToken', { repositoryName: repository, name, parser }, what);
    return toIngestToken(repository, data?.addIngestTokenV3, what);
  }

  /** Assigns a parser (by name or id), or removes the assignment (null). Returns the parser now assigned. */
  async setParser(repository: string, name: string, parser: string | null): Promise<IngestParserRef | null> {
    const repositoryName = requireText(repository, 'repository', 'repository name');
    const tokenName = checkName(name);
    if (parser === null) {
      const what = `remove the parser of ingest token "${tokenName}"`;
      const data = await this.transport.graphql<{ unassignIngestToken: Raw }>('UnassignIngestTokenParser', { repositoryName, tokenName }, what);
      if (!data?.unassignIngestToken) throw unexpected(what, 'unassignIngestToken');
      return null;
    }
    const parserName = requireText(parser, 'parser', 'parser name');
    const what = `assign parser "${parserName}" to ingest token "${tokenName}"`;
    const data = await this.transport.graphql<{ assignParserToIngestTokenV2: Raw }>(
      'AssignIngestTokenParser',
      { repositoryName, tokenName, parser: parserName },
      what,
    );
    const answered = data?.assignParserToIngestTokenV2;
    if (!answered || typeof answered !== 'object') throw unexpected(what, 'assignParserToIngestTokenV2');
    return toParser(answered.parser);
  }

  /** Removes (revokes) a token. `result: false` is treated as not found, so a failed revoke never looks like a success. */
  async remove(repository: string, name: string): Promise<void> {
    const repositoryName = requireText(repository, 'repository', 'repository name');
    const tokenName = checkName(name);
    const what = `remove the ingest token "${tokenName}" of repository "${repositoryName}"`;
    const data = await this.transport.graphql<{ removeIngestToken: Raw }>('RemoveIngestToken', { repositoryName, name: tokenName }, what);
    if (data?.removeIngestToken?.result !== true) {
      throw new AppError('not-found', `LogScale did not ${what}: it answered that nothing was removed. The token may already be gone; refresh the list.`, {
        provider: { provider: 'logscale', status: 200, path: 'removeIngestToken' },
      });
    }
  }

  /** Sends one event with the value to the ingest API: whether LogScale accepts the token (see LogScaleTransport.ingestProbe). */
  probe(value: string): Promise<'accepted' | 'rejected'> {
    return this.transport.ingestProbe(value, 'send an event with the ingest token');
  }
}
