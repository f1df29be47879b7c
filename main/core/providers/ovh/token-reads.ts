/**
 * Reads of legacy LDP tokens: ids, one token (its secret value included), a service's tokens,
 * and every service of the account with its tokens. IAM-enabled services are told apart.
 */
import { toErrorPayload } from '../../errors';
import type { ClientContext } from './client-context';
import type { OvhClient, OvhServiceTokens, OvhTokenListing } from './client-types';
import { hasOvhCode, IAM_EXPLANATION } from './errors';
import { allOrFirstError, sharedSignal } from '../../net/parallel';
import { requireText, seg, svc } from './endpoints';
import { StringList, TokenSchema, type OvhService, type OvhToken } from './types';

export type TokenReads = Pick<OvhClient, 'listTokenIds' | 'getToken' | 'listTokens' | 'listAccountTokens'>;

export function createTokenReads(ctx: ClientContext): TokenReads {
  const { get, iamServices, self } = ctx;
  return {
    listTokenIds(serviceName, o = {}) {
      return iamServices.tokenRoute(serviceName, () => get(`${svc(serviceName)}/token`, StringList, o.signal, o.namePattern ? { namePattern: o.namePattern } : undefined));
    },

    getToken(serviceName, tokenId, signal) {
      return iamServices.tokenRoute(serviceName, () => get(`${svc(serviceName)}/token/${seg(requireText(tokenId, 'tokenId'))}`, TokenSchema, signal));
    },

    async listTokens(serviceName, signal) {
      const iamListing = (): OvhTokenListing => ({ status: 'iam-enabled', serviceName, explanation: IAM_EXPLANATION });
      if (iamServices.isEnabled(serviceName)) return iamListing();
      let ids: string[];
      try {
        ids = await self().listTokenIds(serviceName, signal ? { signal } : {});
      } catch (error) {
        if (hasOvhCode(error, 'Client::Forbidden::IAMService')) return iamListing();
        throw error;
      }
      // The first read that fails for good (after its own retries) cancels the others still queued:
      // a broken service costs a few requests, not every token times every attempt.
      const tokens = await allOrFirstError(
        ids,
        (id, fan) =>
          self().getToken(serviceName, id, fan).catch((error: unknown) => {
            // Deleted between the listing and this read: it is simply gone.
            if (hasOvhCode(error, 'Client::NotFound::TokenDoesNotExists')) return undefined;
            throw error;
          }),
        signal,
      );
      return { status: 'ok', serviceName, tokens: tokens.filter((t): t is OvhToken => t !== undefined) };
    },

    async listAccountTokens(parent) {
      const names = await self().listServiceNames(parent);
      const signal = sharedSignal(parent);
      return Promise.all(
        names.map(async (serviceName): Promise<OvhServiceTokens> => {
          let service: OvhService | null = null;
          try {
            service = await self().getService(serviceName, signal);
            if (service.isIamEnabled) return { status: 'iam-enabled', serviceName, service, explanation: IAM_EXPLANATION };
            const listing = await self().listTokens(serviceName, signal);
            if (listing.status === 'iam-enabled') return { status: 'iam-enabled', serviceName, service, explanation: listing.explanation };
            return { status: 'ok', serviceName, service, tokens: listing.tokens };
          } catch (error) {
            if (signal?.aborted) throw error;
            return { status: 'error', serviceName, service, error: toErrorPayload(error) };
          }
        }),
      );
    },
  };
}
