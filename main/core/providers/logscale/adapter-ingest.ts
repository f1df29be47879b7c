/**
 * LogScale ingest tokens behind the token service (kind `ingest`): the part of the LogScale adapter
 * that deals with them, as adapter-pats.ts is for OVHcloud.
 *
 * - A token is its repository (the record's container) and its name (the record's remote id): the
 *   API gives ingest tokens no id.
 * - Their value comes with every listing, so the service keeps it in the vault at each sync (and
 *   reads it again when the vault lost it), as it does for LDP values: nothing is shown once.
 * - Rotation cannot happen in place: a successor with the same parser is created, and the old token
 *   keeps working until the admin removes it (like LDP).
 * - Repositories where the account's token lacks ChangeIngestTokens are left as they were and
 *   explained in one sync note, instead of one error per repository at every sync.
 */
import { AppError, toErrorPayload } from '../../errors';
import type { CreateRequest, SyncNote, TokenRecord, VerifyReport } from '../../model';
import { containersOf, type CreatedRemote, type ListResult, type RemoteToken } from '../../tokens/adapter';
import type { LogScaleClient } from './client';
import type { IngestToken } from './ingest-tokens';

export type IngestCreateRequest = Extract<CreateRequest, { provider: 'logscale'; kind: 'ingest' }>;

/** Sync note for the repositories whose ingest tokens cannot be read (exported for tests and docs). */
export function deniedNote(repositories: readonly string[]): SyncNote {
  const shown = repositories.slice(0, 5).join(', ') + (repositories.length > 5 ? `, and ${repositories.length - 5} more` : '');
  const which = repositories.length === 1 ? 'repository' : `${repositories.length} repositories`;
  return {
    container: '',
    level: 'info',
    message: `Ingest tokens of ${which} are not listed (${shown}): this account's token lacks the ChangeIngestTokens permission there. Grant it on those repositories to manage their ingest tokens here; what Tokendesk already knew of them is kept.`,
  };
}

export function toIngestRemote(token: IngestToken): RemoteToken {
  return {
    kind: 'ingest',
    remoteId: token.name,
    container: token.repository,
    name: token.name,
    scope: { repository: token.repository, parser: token.parser?.name ?? null },
    createdAt: null, // the API does not say
    expiresAt: null, // ingest tokens do not expire
    ipFilter: null,
    value: token.token,
  };
}

export function createIngestTokenSupport(client: LogScaleClient, baseUrl: string, now: () => number) {
  const ingestUrl = new URL('api/v1/ingest/humio-structured', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();

  return {
    /**
     * Every readable repository's ingest tokens. A repository that could not be read at all is
     * `unreadable` (its records are kept as they were); if the repositories themselves cannot be
     * listed, every repository Tokendesk knows ingest tokens of is.
     */
    async list(known: ReadonlySet<string>): Promise<ListResult> {
      let repositories: string[];
      try {
        repositories = (await client.ingestTokens.repositories()).map((r) => r.name);
      } catch (error) {
        return {
          tokens: [],
          unchanged: [],
          unreadable: containersOf(known, 'ingest'),
          notes: [
            { container: '', level: 'error', message: 'The repositories could not be listed, so ingest tokens were not read.', error: toErrorPayload(error) },
          ],
        };
      }
      const listing = await client.ingestTokens.listAll(repositories);
      const notes: SyncNote[] = listing.failed.map(({ repository, error }) => ({
        container: repository,
        level: 'error',
        message: `The ingest tokens of repository ${repository} could not be read.`,
        error: error.toPayload(),
      }));
      if (listing.denied.length) notes.unshift(deniedNote(listing.denied));
      // A repository that disappeared is not unreadable: its tokens are gone with it.
      const unreadable = [...listing.denied, ...listing.failed.map((f) => f.repository)];
      return { tokens: listing.tokens.map(toIngestRemote), unchanged: [], unreadable, notes };
    },

    async create(request: IngestCreateRequest): Promise<CreatedRemote> {
      const token = await client.ingestTokens.create({ repository: request.repository, name: request.name, parser: request.parser ?? null });
      return { token: toIngestRemote(token), value: token.token };
    },

    /** A successor named `<name>-rotated-<yyyymmddhhmm>` with the same parser; the old token stays valid until removed. */
    async rotate(record: TokenRecord): Promise<CreatedRemote & { oldStillValid: boolean }> {
      const stamp = new Date(now()).toISOString().slice(0, 16).replace(/[-:T]/g, '');
      const token = await client.ingestTokens.create({
        repository: record.container,
        name: `${record.name}-rotated-${stamp}`,
        parser: record.scope.parser ?? null,
      });
      return { token: toIngestRemote(token), value: token.token, oldStillValid: true };
    },

    async revoke(record: TokenRecord): Promise<{ requestId?: string }> {
      await client.ingestTokens.remove(record.container, record.remoteId);
      return {};
    },

    async setParser(record: TokenRecord, parser: string | null): Promise<RemoteToken> {
      const assigned = await client.ingestTokens.setParser(record.container, record.remoteId, parser);
      if (parser !== null && assigned === null)
        throw new AppError('provider', `LogScale did not say which parser the ingest token "${record.name}" now has; refresh the list.`);
      // Everything else about the token is unchanged; the value is not re-sent (the record keeps it).
      return {
        kind: 'ingest',
        remoteId: record.remoteId,
        container: record.container,
        name: record.name,
        scope: { ...record.scope, parser: assigned?.name ?? null },
        createdAt: record.createdAt,
        expiresAt: null,
        ipFilter: null,
      };
    },

    async verify(value: string): Promise<VerifyReport> {
      const outcome = await client.ingestTokens.probe(value);
      return {
        checks: [
          {
            endpoint: 'LogScale ingest API',
            url: ingestUrl,
            outcome: outcome === 'accepted' ? 'ok' : 'rejected',
            detail:
              outcome === 'accepted'
                ? 'LogScale accepted one event sent with this token (tagged source=tokendesk).'
                : 'LogScale refuses this token (HTTP 401 or 403).',
          },
        ],
        example: `curl -sS -H "Authorization: Bearer $INGEST_TOKEN" -H 'Content-Type: application/json' -d '[{"events":[{"attributes":{"message":"hello"}}]}]' '${ingestUrl}'`,
      };
    },

    async rejects(value: string): Promise<boolean> {
      return (await client.ingestTokens.probe(value)) === 'rejected';
    },
  };
}
