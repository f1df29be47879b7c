import { AppError } from '../../errors';

/**
 * Bounds of one listing, far above any real cluster (LogScale answers 1,000 tokens a page): a server
 * that claims more, or pages one token at a time, is refused before it can take the memory or the
 * hours of the process (the window syncs at start and every 15 minutes).
 */
export const MAX_LISTED_TOKENS = 100_000;
export const MAX_LIST_PAGES = 2_000;

/** A listing refused for its length (API tokens, ingest tokens, repositories): what it claimed, and the bounds. */
export function tooLong(what: string): AppError {
  return new AppError(
    'provider',
    `LogScale's token listing is too long to read (${what}; Tokendesk reads at most ${MAX_LISTED_TOKENS.toLocaleString('en')} tokens in ${MAX_LIST_PAGES.toLocaleString('en')} pages).`,
    {
      provider: { provider: 'logscale', status: 200, path: 'tokens' },
    },
  );
}
