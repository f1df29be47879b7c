/**
 * The tokens a scan came across: each candidate string is matched once (by fingerprint, or by a
 * value that names its token, such as LogScale's `<id>~`), and the distinct values and places of
 * every token found are kept, bounded. Nothing here is returned, logged or written.
 */
import type { ScanLocation } from '../model';
import type { TokenMatcher } from '../leak/match-token';

/** Locations kept per token (a token committed in every revision of a history): the rest are counted. */
const MAX_LOCATIONS_PER_TOKEN = 1_000;
/** Candidates remembered as "not ours" so repeated strings are fingerprinted once (bounded memory). */
const SEEN_LIMIT = 200_000;
/** Distinct values kept per token: a LogScale id names a token, but `<id>~anything` is no copy of it. */
const MAX_VALUES_PER_TOKEN = 16;

export interface FoundValue {
  value: string;
  /** Matched by fingerprint (certain); otherwise by LogScale id alone (the leak service decides). */
  byPrint: boolean;
  locations: Map<string, ScanLocation>;
}

export interface Found {
  /** The token's record id; for an ambiguous LogScale id, a key of that id (the leak service names the candidates). */
  tokenId: string;
  /** The distinct values found for the token, those matched by fingerprint first. */
  values: FoundValue[];
  /** Locations kept, over all its values (at most MAX_LOCATIONS_PER_TOKEN). */
  kept: number;
  dropped: number;
}

export class FoundTokens {
  readonly #seen = new Map<string, { tokenId: string; byPrint: boolean } | null>();
  readonly #found = new Map<string, Found>();
  /** Distinct candidate strings fingerprinted. */
  candidates = 0;

  constructor(
    private readonly matcher: TokenMatcher,
    private readonly fingerprint: (value: string) => string,
  ) {}

  all(): IterableIterator<Found> {
    return this.#found.values();
  }

  /** A candidate string seen at a place: kept when it is one of ours. */
  note(value: string, location: ScanLocation): void {
    const hit = this.#match(value);
    if (!hit) return;
    const { tokenId } = hit;
    let entry = this.#found.get(tokenId);
    if (!entry) this.#found.set(tokenId, (entry = { tokenId, values: [], kept: 0, dropped: 0 }));
    let at = entry.values.find((v) => v.value === value);
    if (!at) {
      if (entry.values.length >= MAX_VALUES_PER_TOKEN) {
        // Full of values matched by id alone (a repository can plant `<id>~junk` decoys first): the
        // exact value, matched by fingerprint, takes the place of the last of them; never dropped.
        const decoy = hit.byPrint ? entry.values.findLastIndex((v) => !v.byPrint) : -1;
        if (decoy < 0) return void (entry.dropped += 1);
        const [evicted] = entry.values.splice(decoy, 1);
        entry.kept -= evicted!.locations.size;
        entry.dropped += 1;
      }
      at = { value, byPrint: hit.byPrint, locations: new Map() };
      if (hit.byPrint) entry.values.unshift(at);
      else entry.values.push(at);
    }
    const key = `${location.commit ?? ''}\u0000${location.path}\u0000${location.line}`;
    if (at.locations.has(key)) return;
    // The location budget full of decoys' places: the exact value's first place takes one of theirs.
    if (entry.kept >= MAX_LOCATIONS_PER_TOKEN && at.byPrint && at.locations.size === 0) this.#evictDecoyLocation(entry);
    if (entry.kept >= MAX_LOCATIONS_PER_TOKEN) entry.dropped += 1;
    else {
      at.locations.set(key, location);
      entry.kept += 1;
    }
  }

  /** Frees one place held by a value matched by id alone (the last one met), if any. */
  #evictDecoyLocation(entry: Found): void {
    const decoy = entry.values.findLast((v) => !v.byPrint && v.locations.size > 0);
    const place = decoy ? [...decoy.locations.keys()].pop() : undefined;
    if (!decoy || place === undefined) return;
    decoy.locations.delete(place);
    entry.kept -= 1;
    entry.dropped += 1;
  }

  /** The token a candidate may be (by fingerprint, or by LogScale id), or null; each distinct string is fingerprinted once. */
  #match(value: string): { tokenId: string; byPrint: boolean } | null {
    let hit = this.#seen.get(value);
    if (hit !== undefined) return hit;
    this.candidates += 1;
    const matched = this.matcher(value, this.fingerprint(value));
    hit = !matched
      ? null
      : matched.by === 'ambiguous'
        ? { tokenId: `\u0000ambiguous:${matched.remoteId}`, byPrint: false }
        : { tokenId: matched.tokenId, byPrint: matched.by === 'fingerprint' };
    if (this.#seen.size >= SEEN_LIMIT) this.#seen.clear();
    this.#seen.set(value, hit);
    return hit;
  }
}
