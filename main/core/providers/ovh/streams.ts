/**
 * Graylog streams of an LDP service and their write tokens: the `X-OVH-TOKEN` value log shippers
 * send so that their logs are routed to the stream.
 *
 * The OVHcloud API has no "write token" field: `dbaas.logs.Stream` (API specs of 2024-07 and
 * 2025-10) lists none, and no route returns it as such. The token is the value of the stream's
 * routing rule whose field is `X-OVH-TOKEN` (`GET …/output/graylog/stream/{id}/rule/{ruleId}`), which
 * is where OVHcloud's own Control Panel reads it when you click "copy the write token". Stream and
 * rule routes are not legacy token routes: IAM-enabled services answer them too.
 *
 * The API offers no way to change a write token (rules are created with a value the caller gives,
 * and deleting the rule stops the stream receiving logs), so Tokendesk only reads them.
 */
import { allOrFirstError } from '../../net/parallel';
import { idSegment, svc } from './endpoints';
import type { Transport } from './transport';
import { StreamRuleSchema, StreamSchema, StringList, type OvhStream, type OvhStreamRule } from './types';

/** The rule field that carries a stream's write token. */
export const WRITE_TOKEN_FIELD = 'X-OVH-TOKEN';

export interface StreamReads {
  listStreamIds(serviceName: string, signal?: AbortSignal): Promise<string[]>;
  getStream(serviceName: string, streamId: string, signal?: AbortSignal): Promise<OvhStream>;
  listStreamRuleIds(serviceName: string, streamId: string, signal?: AbortSignal): Promise<string[]>;
  getStreamRule(serviceName: string, streamId: string, ruleId: string, signal?: AbortSignal): Promise<OvhStreamRule>;
  /** The stream with its write token (null when no rule carries one): stream and rules read in parallel. */
  streamWithToken(serviceName: string, streamId: string, signal?: AbortSignal): Promise<{ stream: OvhStream; writeToken: string | null }>;
}

export function createStreamReads(api: Transport): StreamReads {
  const streams = (serviceName: string) => `${svc(serviceName)}/output/graylog/stream`;
  const reads: StreamReads = {
    listStreamIds: (serviceName, signal) => api.get(streams(serviceName), StringList, signal),
    getStream: (serviceName, streamId, signal) => api.get(`${streams(serviceName)}/${idSegment(streamId, 'streamId')}`, StreamSchema, signal),
    listStreamRuleIds: (serviceName, streamId, signal) => api.get(`${streams(serviceName)}/${idSegment(streamId, 'streamId')}/rule`, StringList, signal),
    getStreamRule: (serviceName, streamId, ruleId, signal) =>
      api.get(`${streams(serviceName)}/${idSegment(streamId, 'streamId')}/rule/${idSegment(ruleId, 'ruleId')}`, StreamRuleSchema, signal),

    async streamWithToken(serviceName, streamId, signal) {
      const [stream, rules] = await Promise.all([
        reads.getStream(serviceName, streamId, signal),
        reads
          .listStreamRuleIds(serviceName, streamId, signal)
          .then((ids) => allOrFirstError(ids, (id, fan) => reads.getStreamRule(serviceName, streamId, id, fan), signal)),
      ]);
      return { stream, writeToken: rules.find((r) => r.field === WRITE_TOKEN_FIELD)?.value ?? null };
    },
  };
  return reads;
}
