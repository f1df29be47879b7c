/** An error as the CLI prints it: the words, then the provider's class, HTTP status and request id, then what the provider said. */
import type { ErrorPayload } from '../core/model';
import { PROVIDER_NAMES } from '../core/model/providers';
import { visibleName } from '../core/visible-name';

/**
 * One line each, with every hidden character spelled out (visibleName): a provider's message is
 * its own text, and a line break or an escape sequence in it must not forge a line of ours.
 */
export function errorLines(error: ErrorPayload): string[] {
  return rawErrorLines(error).map(visibleName);
}

function rawErrorLines(error: ErrorPayload): string[] {
  const p = error.provider;
  // What the message already says (many provider messages quote the class, status and query id) is not repeated.
  // A GraphQL refusal comes with HTTP 200: "HTTP 200" beside "refused" reads as a contradiction, so only other statuses are said.
  const status = p?.status && p.status !== 200 ? `HTTP ${p.status}` : undefined;
  const extra = [p?.errorClass, status, p?.requestId ? `request id ${p.requestId}` : undefined]
    .filter((part): part is string => Boolean(part) && !error.message.includes(part!.replace(/^request id /, '')))
    .join(', ');
  const lines = [`${error.message}${extra ? ` (${extra})` : ''}`];
  if (p?.message && !error.message.includes(p.message)) lines.push(`${PROVIDER_NAMES[p.provider]} said: ${p.message}`);
  return lines;
}
