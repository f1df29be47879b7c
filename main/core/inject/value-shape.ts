/**
 * What a token value handed out by `tokendesk exec` must look like. The value came from a provider
 * (LogScale shows it once, OVHcloud returns an LDP value on every read): one that does not have its
 * kind's shape is not a token Tokendesk should put in a program's environment or a config file. A
 * value with a quote and a line break in it, rendered into a Vector config, added a key to it.
 *
 * Each kind's shape is written by its platform's module (ProviderModule.valueShapes), from the
 * providers' documentation and wider than the samples where the format is unverified: LogScale API
 * tokens `<id>~<secret>`; a LogScale ingest token, a UUID; an LDP token, letters and digits; an LDP
 * stream's write token, a Graylog rule's value; an OVHcloud IAM personal access token, a JWT. None of these shapes has a quote, a backslash, a space or a
 * control character. A refusal names the token, never the value.
 */
import { AppError } from '../errors';
import type { TokenKind } from '../model';
import { valueShapeOf } from '../providers/registry';

/** The value, when it has the shape of its token's kind; AppError 'conflict' naming the token otherwise. */
export function checkValueShape(token: { name: string; kind: TokenKind }, value: string): string {
  const shape = valueShapeOf(token.kind);
  if (shape.test(value)) return value;
  throw new AppError(
    'conflict',
    `The value Tokendesk holds for “${token.name}” does not have the shape of ${shape.says}: it is not handed out (it could change the meaning of the file or command it goes into). Rotate the token, or check what the provider returned.`,
    { issues: [`value of ${token.kind} token: unexpected shape`] },
  );
}
