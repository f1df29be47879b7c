/**
 * LDP stream write tokens (kind `ldp-stream`) for the OVH adapter: the `X-OVH-TOKEN` value of each
 * Graylog stream (streams.ts says where the API keeps it).
 *
 * One record per stream: container `streams:<service>` (kept apart from the service's LDP tokens,
 * so a service whose streams cannot be read never hides its tokens, and the reverse), remote id
 * the stream id, name the stream's title. A stream's token never changes, so, as for LDP tokens,
 * a sync lists stream ids and reads only the streams it has not seen.
 *
 * Read-only: the API cannot change a write token, so there is no create, rotate or revoke; copy,
 * reveal, leak matching and scanning work as for any value Tokendesk holds.
 */
import { AppError, toErrorPayload } from '../../errors';
import type { SyncNote, TokenRecord } from '../../model';
import { remoteKey, type ListProgress, type ListResult, type RemoteToken } from '../../tokens/adapter';
import type { ServiceCache } from './service-cache';
import type { OvhClient } from './client';
import { hasOvhCode } from './errors';

export const STREAMS_CONTAINER = 'streams:';
export const streamsContainer = (serviceName: string): string => `${STREAMS_CONTAINER}${serviceName}`;

export const NOT_GRANTED_STREAMS_NOTE =
  'Stream write tokens (X-OVH-TOKEN) are not listed: this consumer key was not granted the stream routes (GET /dbaas/logs/*/output/graylog/stream and its /rule routes). ' +
  'Request a new consumer key from Tokendesk (it asks for them) to list them; what Tokendesk already knew of them is kept.';

export const READ_ONLY_EXPLANATION =
  'A stream write token (X-OVH-TOKEN) cannot be created, rotated or revoked through the OVHcloud API: it is the value of the stream’s routing rule. ' +
  'Change it in the OVHcloud Control Panel (or with OVHcloud support), then sync.';

export function createStreamTokens(client: OvhClient, services: ServiceCache) {
  const toRemote = (serviceName: string, streamId: string, title: string, createdAt: string, value: string): RemoteToken => ({
    kind: 'ldp-stream',
    remoteId: streamId,
    container: streamsContainer(serviceName),
    name: title,
    scope: { service: services.displayName(serviceName), stream: title },
    createdAt,
    expiresAt: null, // write tokens do not expire
    ipFilter: null,
    value,
  });

  return {
    /** Every service's streams (one failing service never hides the others); a stream without an X-OVH-TOKEN rule is skipped. */
    async list(serviceNames: readonly string[], known: ReadonlySet<string>, progress?: ListProgress): Promise<ListResult> {
      const result: ListResult = { tokens: [], unchanged: [], unreadable: [], notes: [] };
      const notGranted: string[] = [];
      await Promise.all(
        serviceNames.map(async (serviceName) => {
          const container = streamsContainer(serviceName);
          try {
            const ids = await client.listStreamIds(serviceName);
            const fresh: string[] = [];
            for (const id of ids) {
              const key = remoteKey({ kind: 'ldp-stream', container, remoteId: id });
              if (known.has(key)) result.unchanged.push(key);
              else fresh.push(id);
            }
            progress?.expect(fresh.length);
            const read = await Promise.all(fresh.map((id) => client.streamWithToken(serviceName, id).finally(() => progress?.read())));
            for (const [i, { stream, writeToken }] of read.entries()) {
              if (writeToken) result.tokens.push(toRemote(serviceName, fresh[i]!, stream.title, stream.createdAt, writeToken));
            }
          } catch (error) {
            result.unreadable.push(container);
            if (hasOvhCode(error, 'NOT_GRANTED_CALL')) notGranted.push(serviceName);
            else
              result.notes.push({
                container: serviceName,
                level: 'error',
                message: `The streams of ${serviceName} could not be read, so their write tokens were not listed.`,
                error: toErrorPayload(error),
              } satisfies SyncNote);
          }
        }),
      );
      if (notGranted.length) result.notes.unshift({ container: '', level: 'info', message: NOT_GRANTED_STREAMS_NOTE });
      return result;
    },

    refuse(record: TokenRecord): never {
      throw new AppError('invalid-input', `“${record.name}” is a stream write token. ${READ_ONLY_EXPLANATION}`);
    },
  };
}
