/**
 * Validates untrusted input (IPC payloads) against a contract schema. Error messages name the
 * field and what was expected, and never repeat the received value: it may be a secret.
 */
import * as v from 'valibot';
import { AppError } from '../core/errors';

type AnySchema = v.GenericSchema | v.GenericSchemaAsync;

export function parseInput<S extends v.GenericSchema>(schema: S, raw: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, raw, { abortPipeEarly: true, message: describeIssue });
  if (result.success) return result.output;
  const issues = result.issues.map((issue) => `${pathOf(issue)}: ${issue.message}`);
  throw new AppError('invalid-input', `The request was not valid: ${issues.join('; ')}`, { issues });
}

/** Message for issues whose schema has no message of its own: what was expected, not what came. */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.type === 'strict_object' && issue.expected === 'never') return 'is not an allowed field';
  if (issue.expected === 'never') return 'is not allowed';
  return issue.expected ? `expected ${issue.expected}` : `is invalid (${issue.type})`;
}

function pathOf(issue: v.BaseIssue<unknown>): string {
  // Field names come from the caller: bounded, so a huge key cannot make a huge message.
  const keys = (issue.path ?? []).map((item) => {
    const key = String(item.key);
    return key.length > 64 ? `${key.slice(0, 64)}…` : key;
  });
  return keys.length ? keys.join('.') : 'input';
}

export type { AnySchema };
