/**
 * `sameJson` decides whether a sync learnt something new about a token's scope: a wrong "same"
 * would keep stale permissions on screen, a wrong "different" would rewrite the store at every sync.
 */
import { describe, expect, it } from 'vitest';
import { sameJson } from '../../main/core/objects';

describe('sameJson', () => {
  it('equal scopes, whatever the key order, and an undefined member the same as an absent one', () => {
    expect(sameJson({ permissions: ['A', 'B'], views: ['web'] }, { views: ['web'], permissions: ['A', 'B'] })).toBe(true);
    expect(sameJson({ permissions: ['A'], parser: undefined }, { permissions: ['A'] })).toBe(true);
    expect(
      sameJson(
        { iam: { user: 'u', services: [], policies: [{ id: 'p', name: 'n' }], lastUsed: null } },
        { iam: { lastUsed: null, policies: [{ name: 'n', id: 'p' }], services: [], user: 'u' } },
      ),
    ).toBe(true);
    expect(sameJson({}, {})).toBe(true);
  });

  it('any difference: a value, an element, the order of a list, a member more or less, a type', () => {
    expect(sameJson({ permissions: ['A', 'B'] }, { permissions: ['B', 'A'] })).toBe(false);
    expect(sameJson({ permissions: ['A'] }, { permissions: ['A', 'B'] })).toBe(false);
    expect(sameJson({ permissions: ['A'] }, { permissions: ['A'], views: ['web'] })).toBe(false);
    expect(sameJson({ permissions: ['A'], views: ['web'] }, { permissions: ['A'] })).toBe(false);
    expect(sameJson({ parser: null }, {})).toBe(false);
    expect(sameJson({ cluster: '1' }, { cluster: 1 })).toBe(false);
    expect(sameJson({ views: [] }, { views: {} })).toBe(false);
    expect(sameJson({ iam: { lastUsed: '2026-01-01' } }, { iam: { lastUsed: '2026-01-02' } })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });
});
