/** The organization's token security policies: read and replace. */
import type { ClientContext } from './context';
import { readPolicies, type Raw } from './parse';
import { toTokenPoliciesInput } from './policy';
import type { TokenPolicies, TokenPoliciesUpdate } from './types';

export interface PolicyOption {
  /**
   * Policies the caller already holds (e.g. the form's). undefined: read them first (one round
   * trip). null: none known (the server does not expose them); the server alone decides.
   */
  policies?: TokenPolicies | null;
}

/** The policies per kind; null when the server does not expose them. */
export async function getTokenPolicies(ctx: ClientContext): Promise<TokenPolicies | null> {
  const data = await ctx.transport.graphql<{ organization: Raw }>('TokenPolicies', undefined, 'read the token security policies');
  return readPolicies(data?.organization, 'read the token security policies');
}

/** Replaces the policies (every field sent). */
export async function updateTokenPolicies(ctx: ClientContext, update: TokenPoliciesUpdate): Promise<TokenPolicies | null> {
  const data = await ctx.transport.graphql<{ updateTokenSecurityPolicies: Raw }>(
    'UpdateTokenPolicies',
    { input: toTokenPoliciesInput(update) },
    'change the token security policies',
  );
  return readPolicies(data?.updateTokenSecurityPolicies, 'change the token security policies');
}
