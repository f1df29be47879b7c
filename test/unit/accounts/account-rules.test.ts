/**
 * One notion of "another server" for an account's address (net/base-url.ts serverOf): scheme, host
 * and port as canonicalised, and the path. A new address needs its credential entered again, the
 * path included (a LogScale behind a prefix: two prefixes on one host are two clusters).
 */
import { describe, expect, it } from 'vitest';
import { applyChange, NEW_ADDRESS_NEEDS_CREDENTIAL } from '../../../main/core/accounts/account-rules';
import type { AccountRecord } from '../../../main/core/model';
import { serverOf } from '../../../main/core/net/base-url';

const record: AccountRecord = {
  id: 'a1',
  label: 'Prod',
  createdAt: '2026-12-01T00:00:00.000Z',
  connection: { provider: 'logscale', baseUrl: 'https://h.example.com/clusterA' },
};

describe('a new address needs its credential', () => {
  it.each(['https://h.example.com/clusterB', 'https://other.example.com/clusterA', 'http://127.0.0.1:8080/clusterA'])(
    'refuses %s without a credential',
    (baseUrl) => {
      expect(() => applyChange(record, { baseUrl })).toThrow(NEW_ADDRESS_NEEDS_CREDENTIAL);
    },
  );

  it.each(['https://h.example.com/clusterA/', 'https://H.EXAMPLE.COM/clusterA', 'https://h.example.com:443/clusterA'])(
    'takes %s (the same server written another way)',
    (baseUrl) => {
      expect(applyChange(record, { baseUrl }).credentials ?? null).toBeNull();
      expect(serverOf(baseUrl)).toBe(serverOf(record.connection.baseUrl));
    },
  );

  it('takes any new address with its credential', () => {
    expect(applyChange(record, { baseUrl: 'https://h.example.com/clusterB', credentials: { provider: 'logscale', token: 'abc~def' } }).credentials).toEqual({
      token: 'abc~def',
    });
  });
});
