/**
 * Issue 13 #9: names with hidden characters. The core shows provider-supplied names with control
 * and invisible direction characters spelled out; the contract refuses the very same characters in
 * every name an admin types. Both lists are written twice (the preload bundle holds no core code),
 * so this file checks them against each other over the whole Basic Multilingual Plane.
 */
import { describe, expect, it } from 'vitest';
import { AddAccountInput, CreateTokenRequest } from '../../preload/contract';
import { parseInput } from '../../main/ipc/validate';
import { visibleName } from '../../main/core/visible-name';
import * as v from 'valibot';

const RLO = '\u202E';

describe('#9 visibleName', () => {
  it('spells out control and direction characters, and leaves every other name alone', () => {
    expect(visibleName(`deploy${RLO}gnp.exe`)).toBe('deploy⟨U+202E⟩gnp.exe');
    expect(visibleName('a\u0000b\nc\u009bd')).toBe('a⟨U+0000⟩b⟨U+000A⟩c⟨U+009B⟩d');
    expect(visibleName('\u2066x\u2069 \u200e\u200f\u061c')).toBe('⟨U+2066⟩x⟨U+2069⟩ ⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩');
    // Invisible joiners, the soft hyphen, a Hangul filler and a tag character (found by the issue-23 review).
    expect(visibleName('ci\u200d-deploy\u00ad\u3164\u{e0041}')).toBe('ci⟨U+200D⟩-deploy⟨U+00AD⟩⟨U+3164⟩⟨U+E0041⟩');
    for (const plain of ['ci-bot', 'Équipe données', 'ログ収集', 'طوكن', 'café ☕', '']) expect(visibleName(plain)).toBe(plain);
  });

  it('is idempotent: the visible form of a visible form is itself', () => {
    const once = visibleName(`x${RLO}\u0007y`);
    expect(visibleName(once)).toBe(once);
  });

  it('the contract refuses in names exactly the characters the core spells out (every BMP code point)', () => {
    const label = v.safeParser(AddAccountInput);
    const tokenName = v.safeParser(CreateTokenRequest);
    const differ: string[] = [];
    for (let code = 0; code <= 0xffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue; // lone surrogates are not characters
      const c = String.fromCharCode(code);
      const hidden = visibleName(`a${c}b`) !== `a${c}b`;
      const refusedLabel = !label({ provider: 'logscale', label: `a${c}b`, baseUrl: 'https://logscale.example.com', token: 'secret' }).success;
      const refusedName = !tokenName({ provider: 'ovh', serviceName: 'ldp-xx-1', name: `a${c}b` }).success;
      if (hidden !== refusedLabel || hidden !== refusedName) differ.push(`U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
    }
    expect(differ).toEqual([]);
  });

  it('refuses them with a message in words on the field, without repeating the name', () => {
    const attempt = (): unknown =>
      parseInput(AddAccountInput, { provider: 'logscale', label: `Prod${RLO}dorp`, baseUrl: 'https://logscale.example.com', token: 'secret' });
    expect(attempt).toThrowError('label: must not contain control characters or invisible characters such as text-direction marks');
  });
});
