/**
 * Names as people see them. A name can hide characters that change how it looks: control
 * characters (NUL, line breaks, C1 controls), invisible direction marks (a right-to-left override
 * shows "deploy\u202Egnp.exe" as "deployexe.png"; isolates, LRM/RLM, the Arabic letter mark) and
 * zero-width and invisible characters (joiners, the soft hyphen, variation selectors, Hangul
 * fillers, invisible operators, tag characters: "ci\u200d-deploy" looks exactly like "ci-deploy"). Tokendesk refuses them in what an admin types (the contract's names), but
 * a provider may return them in names made elsewhere. Every place that shows a name (the token and
 * account summaries the window and CLI list, tray labels, notifications, confirmation texts) shows
 * this visible form instead, with each such character spelled out as ⟨U+202E⟩, and a typed-back
 * confirmation is compared with that same form: what was shown is what must be typed.
 *
 * The set matches the contract's NoHiddenCharacters (test/unit/visible-name.test.ts keeps them equal).
 */
const HIDDEN =
  // eslint-disable-next-line no-misleading-character-class -- each invisible joiner and combining mark is listed on purpose, one by one
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200c\u200d\u2061-\u2064\u3164\ufe00-\ufe0f\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;

const hex = (c: string): string => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');

/** The name with every hidden character spelled out (`⟨U+202E⟩`); unchanged when it has none. Idempotent. */
export function visibleName(name: string): string {
  return name.replace(HIDDEN, (c) => `⟨U+${hex(c)}⟩`);
}

/**
 * JSON text with every hidden character written as a `\uXXXX` escape. JSON.stringify escapes C0
 * controls only: DEL, the C1 controls (U+009B is a terminal's CSI, like ESC [) and the direction
 * marks would reach a terminal raw. Outside its strings JSON text has none of them but the line
 * breaks of its indentation (kept: inside a string JSON.stringify already wrote `\n`), so the
 * result is still valid JSON and parses back to exactly the same strings.
 */
export function jsonWithHiddenEscaped(json: string): string {
  // One \uXXXX per UTF-16 unit: a tag character (beyond U+FFFF) becomes its surrogate pair, as JSON spells it.
  const units = (c: string): string => [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
  return json.replace(HIDDEN, (c) => (c === '\n' ? c : units(c)));
}
