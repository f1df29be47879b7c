/**
 * Every answer from a provider (OVHcloud, its OAuth2 endpoint, LogScale, the Graylog and
 * OpenSearch APIs of an LDP cluster) is hostile input until read. This is the one way provider
 * traffic is sent and read, so three rules hold for all of it:
 *
 *  - no redirect is followed (`redirect: 'manual'`, any 3xx refused): a request carries
 *    credentials (a consumer key and its signature, a client secret, a bearer token, a token
 *    value being checked), and a redirect would hand them, and the trust in the answer, to
 *    whatever address the redirect names;
 *  - one deadline covers the whole exchange, headers AND body (a server that sends its headers
 *    and then one byte a second must not hang a sync). It is a timer held by this call and
 *    cleared when the call ends, not `AbortSignal.timeout`: that signal is only weakly held, so
 *    once fetch has handed back the response nothing keeps it alive, a garbage collection drops it
 *    and its timer never fires;
 *  - an answer is read up to `MAX_ANSWER_BYTES`: a declared Content-Length above it is refused
 *    before reading, and streamed bytes are counted (a chunked answer declares nothing), the
 *    request aborted the moment the count passes it.
 */
import { AppError } from '../errors';
import type { ProviderErrorInfo } from '../model';

/**
 * The most read from one provider answer: 64 MiB. The largest legitimate answers measured with the
 * emulators: a LogScale ListTokens page of 10,000 tokens is about 2 MB (the client asks for 1,000 a
 * page, about 200 kB), OVHcloud's list of 10,000 token ids is about 390 kB. Real tokens with many
 * permissions are larger than the emulator's, hence a margin of 30x over the largest page.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export type FetchFn = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface Exchange {
  /** Who answers, to start a sentence: 'OVHcloud', 'LogScale at https://…', 'The Graylog API'. */
  peer: string;
  /** Deadline for the whole exchange, body included. */
  timeoutMs: number;
  /** The caller's cancel; its reason is thrown as is. */
  signal?: AbortSignal | undefined;
  /** Default MAX_ANSWER_BYTES. */
  maxBytes?: number;
  /** Put into `provider` of the errors this file raises. */
  provider: ProviderErrorInfo;
}

/** An answer read in full (within the limits). */
export interface BoundedAnswer {
  status: number;
  ok: boolean;
  headers: Headers;
  text: string;
}

/** The deadline passed before the answer was read in full. Callers word it their way ("no answer within 30 s"). */
export class ExchangeDeadlineError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/** The connection failed after the headers, while the body was read (the cause says how). */
export class AnswerBodyError extends Error {
  constructor(
    cause: unknown,
    readonly status: number,
  ) {
    super('the connection closed while reading the answer', { cause });
    this.name = 'AnswerBodyError';
  }
}

/** The answer was refused unread: too large, or a redirect. The message is a full sentence for the admin. */
export class AnswerRefusedError extends AppError {
  constructor(
    readonly reason: 'too-large' | 'redirect',
    message: string,
    provider: ProviderErrorInfo,
  ) {
    super('provider', message, { provider });
    this.name = 'AnswerRefusedError';
  }
}

function describeBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

function tooLarge(x: Exchange, limit: number, status: number): AnswerRefusedError {
  return new AnswerRefusedError(
    'too-large',
    `${x.peer} sent an answer larger than ${describeBytes(limit)}, the most Tokendesk reads from a provider; it was not read. Check that the address points to the provider itself and not to another server or proxy.`,
    { ...x.provider, status },
  );
}

function redirected(x: Exchange, url: string | URL, res: Response): AnswerRefusedError {
  let where = 'another address';
  try {
    where = new URL(res.headers.get('location') ?? '', url).host || where;
  } catch {
    // an unreadable Location: said as "another address"
  }
  return new AnswerRefusedError(
    'redirect',
    `${x.peer} answered with a redirect to ${where} (HTTP ${res.status}); Tokendesk does not follow it, so credentials only go to the address set for the account.`,
    { ...x.provider, status: res.status },
  );
}

/** Reads the body, counting bytes; gives up at `limit` or when `stop` rejects (deadline, cancel). */
async function readCapped(res: Response, limit: number, stop: Promise<never>, x: Exchange): Promise<string> {
  const declared = res.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) throw tooLarge(x, limit, res.status);
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      // Raced with `stop`: a body stream that ignores the abort cannot outlive the deadline.
      const { done, value } = await Promise.race([reader.read(), stop]);
      if (done) break;
      total += value.byteLength;
      if (total > limit) throw tooLarge(x, limit, res.status);
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * Sends one request and reads its answer under the rules above. A refused answer throws
 * AnswerRefusedError; the deadline, ExchangeDeadlineError; the caller's cancel, its reason; a
 * failure while reading the body, AnswerBodyError; anything else (the network) as fetch threw it.
 */
export async function boundedFetch(fetchImpl: FetchFn, url: string | URL, init: RequestInit, x: Exchange): Promise<BoundedAnswer> {
  const controller = new AbortController();
  const deadline = new ExchangeDeadlineError(x.timeoutMs);
  const timer = setTimeout(() => controller.abort(deadline), x.timeoutMs);
  const onCancel = (): void => controller.abort(x.signal?.reason);
  x.signal?.addEventListener('abort', onCancel, { once: true });
  if (x.signal?.aborted) onCancel();
  let rejectStop: (reason: unknown) => void = () => undefined;
  const stop = new Promise<never>((_, reject) => (rejectStop = reject));
  stop.catch(() => undefined);
  const onAbort = (): void => rejectStop(controller.signal.reason);
  controller.signal.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  let status: number | undefined;
  try {
    const res = await Promise.race([fetchImpl(url, { ...init, redirect: 'manual', signal: controller.signal }), stop]);
    if ((res.status >= 300 && res.status <= 399 && res.headers.has('location')) || res.type === 'opaqueredirect') throw redirected(x, url, res);
    status = res.status;
    const text = await readCapped(res, x.maxBytes ?? MAX_ANSWER_BYTES, stop, x);
    finished = true;
    return { status: res.status, ok: res.ok, headers: res.headers, text };
  } catch (error) {
    if (x.signal?.aborted) throw x.signal.reason;
    if (controller.signal.reason === deadline) throw deadline;
    throw status !== undefined && !(error instanceof AnswerRefusedError) ? new AnswerBodyError(error, status) : error;
  } finally {
    clearTimeout(timer);
    x.signal?.removeEventListener('abort', onCancel);
    controller.signal.removeEventListener('abort', onAbort);
    // Whatever is still open (a body not read to the end) is torn down, not left to the server.
    if (!finished && !controller.signal.aborted) controller.abort();
  }
}
