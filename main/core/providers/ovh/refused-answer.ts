/**
 * An OVHcloud answer refused unread (a redirect, or larger than the limit; net/bounded-fetch.ts),
 * as the OvhRequestError the client's retry and re-read decisions expect: kind 'http' (the server
 * did answer: not retried, 5xx aside), and possibly applied (nothing readable says otherwise, so a
 * create or delete is re-read instead of being assumed not done).
 */
import type { AnswerRefusedError } from '../../net/bounded-fetch';
import { OvhRequestError } from './errors';

export function ovhRefusedError(error: AnswerRefusedError): OvhRequestError {
  return new OvhRequestError('provider', error.message, {
    kind: 'http',
    provider: { ...(error.provider ?? { provider: 'ovh' }), message: error.reason === 'redirect' ? 'redirect not followed' : 'answer too large' },
    mayHaveBeenApplied: true,
    cause: error,
  });
}
