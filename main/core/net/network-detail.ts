/**
 * A short, safe description of why a request failed at the network level, for messages the admin
 * reads. The system code (ECONNRESET, ENOTFOUND…) when there is one; otherwise the runtime's text,
 * but never verbatim: fetch reports a bad header by quoting the header's value, which is a
 * credential (`Headers.append: "Bearer <token>" is an invalid header value`).
 */
import { redactSecrets } from '../log/redact';

export function networkDetail(cause: unknown): string {
  let error: unknown = cause;
  for (let depth = 0; depth < 4 && error instanceof Error; depth += 1) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    if (/header/i.test(error.message)) return 'a credential contains characters that cannot be sent in an HTTP header';
    error = (error as { cause?: unknown }).cause;
  }
  if (!(cause instanceof Error) || !cause.message) return 'network error';
  const text = redactSecrets(cause.message);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
