import { describe, expect, it } from 'vitest';
import { FingerprintIndex, fingerprint } from '../../../main/core/tokens/fingerprint';

describe('fingerprints', () => {
  const key = Buffer.alloc(32, 7);
  it('is a keyed HMAC-SHA-256: stable for a key, different under another key, never the value', () => {
    const a = fingerprint(key, 'secret-value');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint(key, 'secret-value')).toBe(a);
    expect(fingerprint(Buffer.alloc(32, 8), 'secret-value')).not.toBe(a);
    expect(fingerprint(key, 'secret-valuf')).not.toBe(a);
    // RFC 4231-style cross-check with node's own HMAC would be circular; check one known vector instead.
    expect(fingerprint(Buffer.from('key'), 'The quick brown fox jumps over the lazy dog')).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it('indexes fingerprints to token ids', () => {
    const index = new FingerprintIndex([[fingerprint(key, 'one'), 't1']]);
    index.set(fingerprint(key, 'two'), 't2');
    expect(index.lookup(fingerprint(key, 'two'))).toBe('t2');
    expect(index.lookup(fingerprint(key, 'three'))).toBeUndefined();
    index.delete(fingerprint(key, 'one'));
    expect(index.size).toBe(1);
  });
});
