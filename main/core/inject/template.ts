/**
 * Config templates for shippers that read their token from a file: `{{ tokendesk "<account>/<token>" }}`
 * is replaced by the token's value, and nothing else changes (other `{{ … }}` are left to the tool
 * that reads the file: Vector, Fluent Bit and Helm templates use the same braces). A `{{ tokendesk`
 * that is not a well-formed reference is an error naming its line, never left in the output.
 * Pure: finding references and replacing them; reading, resolving and writing are the caller's.
 */
import { AppError } from '../errors';

/** The one accepted form; the reference is quoted, without quotes, backslashes or control characters inside. */
const REFERENCE = /\{\{-?\s*tokendesk\s+"([^"\\\x00-\x1f]{1,300})"\s*-?\}\}/g;
const ANY_TOKENDESK = /\{\{-?\s*tokendesk\b/g;

export interface TemplateReference {
  reference: string;
  line: number;
}

/** Every reference in the template, in order; throws on a malformed `{{ tokendesk …`. */
export function templateReferences(text: string): TemplateReference[] {
  const lineAt = (index: number): number => text.slice(0, index).split('\n').length;
  const wellFormed = new Set<number>();
  const found: TemplateReference[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    wellFormed.add(match.index);
    found.push({ reference: match[1]!, line: lineAt(match.index) });
  }
  for (const match of text.matchAll(ANY_TOKENDESK)) {
    if (!wellFormed.has(match.index)) {
      throw new AppError(
        'invalid-input',
        `Line ${lineAt(match.index)} of the template has a "{{ tokendesk" that is not a reference: write {{ tokendesk "<account>/<token>" }}.`,
        { issues: [`template line ${lineAt(match.index)}: malformed reference`] },
      );
    }
  }
  return found;
}

/**
 * What a value may hold to be written into a config file as it is: the characters of every token
 * shape (value-shape.ts) and nothing else. The language has no escaping filters (each file's
 * syntax escapes differently: TOML, YAML, JSON, INI, shell), so a value that holds a quote, a
 * backslash, a space, a line break, a `$` or `{` (Vector's and Helm's own interpolation) or any
 * control character, any of which could end the quoted string it sits in and add to the file, is
 * refused instead of escaped.
 */
const INSERTABLE = /^[A-Za-z0-9._~+/=-]+$/;

/** The template with each reference replaced by `values.get(reference)` (every reference must have one, and insertable). */
export function renderTemplate(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(REFERENCE, (_all, reference: string) => {
    const value = values.get(reference);
    if (value === undefined) throw new AppError('internal', `No value was resolved for the reference "${reference}".`);
    if (!INSERTABLE.test(value)) {
      throw new AppError(
        'invalid-input',
        `The value of "${reference}" holds characters that could break out of where the template puts it (a quote, a backslash, a space, a line break, $, { or a control character): nothing was written.`,
        { issues: [`template ${reference}: value not insertable`] },
      );
    }
    return value;
  });
}
