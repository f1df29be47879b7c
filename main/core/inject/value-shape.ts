/**
 * What a token value handed out by `tokendesk exec` must look like. The value came from a provider
 * (LogScale shows it once, OVHcloud returns an LDP value on every read): one that does not have its
 * kind's shape is not a token Tokendesk should put in a program's environment or a config file. A
 * value with a quote and a line break in it, rendered into a Vector config, added a key to it.
 *
 * Each kind's shape, from the providers' documentation (wider than the samples, where the format is
 * unverified): LogScale API tokens `<id>~<secret>` (token-shape.ts, the recogniser the leak check
 * and log redaction use); a LogScale ingest token, a UUID (its format is unverified: letters,
 * digits, `-` and `_`); an LDP token, letters and digits (the
 * documented sample is 51 lowercase alphanumerics); an LDP stream's write token, a Graylog rule's
 * value (a UUID in practice: letters, digits, `-` and `_`); an OVHcloud IAM personal access token,
 * a JWT (three base64url parts). None of these shapes has a quote, a backslash, a space or a
 * control character. A refusal names the token, never the value.
 */
import { AppError } from '../errors';
import type { TokenKind } from '../model';
import { isLogScaleToken } from '../providers/logscale/token-shape';

const logScale = { test: isLogScaleToken, says: 'a LogScale API token, <id>~<secret>' };

/** Every kind: a Record, so a new kind fails the typecheck until its shape is written here. */
const SHAPES: Record<TokenKind, { test: (value: string) => boolean; says: string }> = {
  system: logScale,
  organization: logScale,
  view: logScale,
  personal: logScale,
  ingest: { test: (v) => /^[A-Za-z0-9_-]{16,256}$/.test(v), says: 'a LogScale ingest token, 16 to 256 letters, digits, - and _ (a UUID)' },
  ldp: { test: (v) => /^[A-Za-z0-9]{16,256}$/.test(v), says: 'an LDP token, 16 to 256 letters and digits' },
  'ldp-stream': { test: (v) => /^[A-Za-z0-9_-]{8,256}$/.test(v), says: 'an LDP stream write token, 8 to 256 letters, digits, - and _' },
  'iam-pat': { test: (v) => v.length <= 16_384 && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(v), says: 'an OVHcloud personal access token, a JWT' },
};

/** The value, when it has the shape of its token's kind; AppError 'conflict' naming the token otherwise. */
export function checkValueShape(token: { name: string; kind: TokenKind }, value: string): string {
  const shape = SHAPES[token.kind];
  if (shape.test(value)) return value;
  throw new AppError(
    'conflict',
    `The value Tokendesk holds for “${token.name}” does not have the shape of ${shape.says}: it is not handed out (it could change the meaning of the file or command it goes into). Rotate the token, or check what the provider returned.`,
    { issues: [`value of ${token.kind} token: unexpected shape`] },
  );
}
