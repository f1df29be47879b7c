/**
 * The real LogScale 1.204.0 schema (copied byte for byte from shared/reference; provenance in
 * schema/logscale-schema.SOURCE.txt), built once per process with `graphql`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, type GraphQLSchema } from 'graphql';

export const LOGSCALE_SCHEMA_PATH = fileURLToPath(new URL('./schema/logscale-schema.graphql', import.meta.url));
/** sha256 of the copied file, as given in logscale-schema.SOURCE.txt. */
export const LOGSCALE_SCHEMA_SHA256 = '28d587aa51fe02271f76f433985b452c061968c2934aa1377ab2cc1e180f77e5';

let cached: GraphQLSchema | undefined;

export function logScaleSchemaText(): string {
  return readFileSync(LOGSCALE_SCHEMA_PATH, 'utf8');
}

export function loadLogScaleSchema(): GraphQLSchema {
  cached ??= buildSchema(logScaleSchemaText());
  return cached;
}

/** The server version the schema was fetched from (its last line). */
export const LOGSCALE_SCHEMA_VERSION = '1.204.0--build-4049--sha-a22d24dd0b758435b61dcabe5da368b774122570';
