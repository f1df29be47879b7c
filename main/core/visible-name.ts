/**
 * Names as people see them. A name can hide characters that change how it looks: control
 * characters (NUL, line breaks, C1 controls), invisible direction marks (a right-to-left override
 * shows "deploy\u202Egnp.exe" as "deployexe.png"; isolates, LRM/RLM, the Arabic letter mark) and
 * zero-width characters. Tokendesk refuses them in what an admin types (the contract's names), but
 * a provider may return them in names made elsewhere. Every place that shows a name (the token and
 * account summaries the window and CLI list, tray labels, notifications, confirmation texts) shows
 * this visible form instead, with each such character spelled out as ⟨U+202E⟩, and a typed-back
 * confirmation is compared with that same form: what was shown is what must be typed.
 *
 * The set matches the contract's NoHiddenCharacters (test/unit/visible-name.test.ts keeps them equal).
 */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/** The name with every hidden character spelled out (`⟨U+202E⟩`); unchanged when it has none. Idempotent. */
export function visibleName(name: string): string {
  return name.replace(HIDDEN, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
