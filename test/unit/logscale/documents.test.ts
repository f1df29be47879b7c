/**
 * Every GraphQL document the app sends validates against the real LogScale 1.204.0 schema, and the
 * check is able to fail (broken documents are rejected with the reason).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, Kind, NoDeprecatedCustomRule, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOGSCALE_DOCUMENTS, NON_IDEMPOTENT_OPERATIONS } from '../../../main/core/providers/logscale';
import { LOGSCALE_SCHEMA_PATH, LOGSCALE_SCHEMA_SHA256, logScaleSchemaText } from '../../emulators/logscale/schema';

let schema: GraphQLSchema;
beforeAll(() => {
  schema = buildSchema(logScaleSchemaText());
});

function problems(source: string): string[] {
  let document;
  try {
    document = parse(source);
  } catch (error) {
    return [(error as Error).message];
  }
  return validate(schema, document, [...specifiedRules, NoDeprecatedCustomRule]).map((e) => e.message);
}

const clientDir = fileURLToPath(new URL('../../../main/core/providers/logscale/', import.meta.url));

describe('LogScale GraphQL documents', () => {
  it.each(Object.entries(LOGSCALE_DOCUMENTS))('%s validates against the real schema (no deprecated fields)', (name, source) => {
    expect(problems(source)).toEqual([]);
    const operations = parse(source).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations).toHaveLength(1);
    expect(operations[0]?.kind === Kind.OPERATION_DEFINITION && operations[0].name?.value).toBe(name);
  });

  it('rejects broken documents, so the check above can fail', () => {
    // A field that does not exist in 1.204 (there is no last-used timestamp).
    expect(problems('query Q { tokens(sortBy: Name) { results { id lastUsedAt } } }').join('\n')).toMatch(/Cannot query field "lastUsedAt"/);
    // The v1/v2 input-name trap: v1 takes `permissions`, not `systemPermissions`.
    expect(problems('mutation M($p: [SystemPermission!]!) { createSystemPermissionsToken(input: { name: "x", systemPermissions: $p }) }').join('\n')).toMatch(
      /systemPermissions/,
    );
    // `sortBy` is required on tokens(...).
    expect(problems('query Q { tokens { totalResults } }').join('\n')).toMatch(/sortBy/);
    // A permission that is not in the enum.
    expect(problems('mutation M { updateSystemPermissionsTokenPermissions(input: { id: "a", permissions: [ReadEverything] }) }').join('\n')).toMatch(
      /ReadEverything/,
    );
    // Fields of a concrete token type need a fragment on the interface.
    expect(problems('query Q { tokens(sortBy: Name) { results { id permissions } } }').join('\n')).toMatch(/permissions/);
    // Syntax errors are caught too.
    expect(problems('query Q { viewer { id ')).not.toEqual([]);
  });

  it('every document is used by the client, and no client file loads `graphql` at runtime', () => {
    const sources = readdirSync(clientDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [f, readFileSync(clientDir + f, 'utf8')] as const);
    for (const [file, text] of sources) {
      expect(text, file).not.toMatch(/from\s+['"]graphql['"]|import\(\s*['"]graphql['"]\s*\)|require\(\s*['"]graphql['"]\s*\)/);
      expect(text, file).not.toMatch(/from\s+['"]electron['"]/);
    }
    // The client is the folder's files; documents.ts, where the documents are defined, does not count.
    const client = sources
      .filter(([f]) => f !== 'documents.ts')
      .map(([, text]) => text)
      .join('\n');
    const used = Object.keys(LOGSCALE_DOCUMENTS).filter((name) => client.includes(`'${name}'`));
    // CheckCredentials..ListSearchDomains: all referenced by name from the client's files.
    expect(used.sort()).toEqual(Object.keys(LOGSCALE_DOCUMENTS).sort());
  });

  it('marks create and rotate as not safe to replay', () => {
    for (const name of ['CreateSystemToken', 'CreateOrganizationToken', 'CreateViewToken', 'CreatePersonalToken', 'RotateToken'] as const) {
      expect(NON_IDEMPOTENT_OPERATIONS.has(name)).toBe(true);
    }
    expect(NON_IDEMPOTENT_OPERATIONS.has('ListTokens')).toBe(false);
  });

  it('validates against a byte-identical copy of the reference schema', () => {
    const copy = readFileSync(LOGSCALE_SCHEMA_PATH);
    expect(createHash('sha256').update(copy).digest('hex')).toBe(LOGSCALE_SCHEMA_SHA256);
    const reference = fileURLToPath(new URL('../../../../shared/reference/logscale-schema.graphql', import.meta.url));
    if (existsSync(reference)) expect(readFileSync(reference).equals(copy)).toBe(true);
  });
});
