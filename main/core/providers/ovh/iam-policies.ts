/**
 * IAM policies, read only (reference ovh-iam.md §3.2): `GET /v2/iam/policy` on API v2, with one
 * filter value per request and cursor paging: the answer's `X-Pagination-Cursor-Next` header is
 * sent back as `X-Pagination-Cursor` until an answer carries none (DOC-V2; the CLI's FetchArray).
 *
 * Choices (unverified): no `X-Pagination-Size` is sent unless a page size is configured, because
 * the largest size OVHcloud accepts is not documented; the server's default is followed page by
 * page instead. A cursor that comes back twice, or more than 1,000 pages, is an error rather than
 * an endless loop.
 */
import { AppError } from '../../errors';
import { IamPolicyList, type OvhIamPolicy, type OvhIamPolicyFilter } from './iam-types';
import type { Transport } from './transport';

export const POLICY_PATH = '/v2/iam/policy';
const MAX_PAGES = 1_000;
const NEXT = 'x-pagination-cursor-next';

export interface IamPolicyRoutes {
  /** Every page of `GET /v2/iam/policy` with this filter. */
  listPolicies(filter?: OvhIamPolicyFilter, signal?: AbortSignal): Promise<OvhIamPolicy[]>;
}

/** `root`: a transport whose base is the API root (no `/1.0`), so paths are `/v2/...`. */
export function createIamPolicyRoutes(root: Transport, options: { pageSize?: number } = {}): IamPolicyRoutes {
  return {
    async listPolicies(filter = {}, signal) {
      const query: Record<string, string | undefined> = {
        identity: filter.identity,
        resourceURN: filter.resourceURN,
        action: filter.action,
        details: filter.details ? 'true' : undefined,
      };
      const policies: OvhIamPolicy[] = [];
      const seen = new Set<string>();
      let cursor: string | undefined;
      for (let page = 1; page <= MAX_PAGES; page += 1) {
        const headers: Record<string, string> = {};
        if (options.pageSize) headers['X-Pagination-Size'] = String(options.pageSize);
        if (cursor) headers['X-Pagination-Cursor'] = cursor;
        const answer = await root.request({ method: 'GET', path: POLICY_PATH, query, headers, readHeaders: [NEXT], schema: IamPolicyList, signal });
        policies.push(...answer.data);
        const next = answer.headers?.[NEXT];
        if (!next) return policies;
        if (seen.has(next)) {
          throw new AppError('provider', 'OVHcloud sent the same page cursor twice while listing IAM policies; Tokendesk stopped instead of looping.', {
            provider: { provider: 'ovh', status: answer.status, path: `GET ${POLICY_PATH}`, message: 'repeated X-Pagination-Cursor-Next', ...(answer.requestId ? { requestId: answer.requestId } : {}) },
          });
        }
        seen.add(next);
        cursor = next;
      }
      throw new AppError('provider', `OVHcloud listed more than ${MAX_PAGES} pages of IAM policies; Tokendesk stopped reading.`, { provider: { provider: 'ovh', path: `GET ${POLICY_PATH}` } });
    },
  };
}
