import { describe, expect, it } from 'vitest';
import { ipFilterAllows, parseIpFilterRules } from '../../emulators/logscale/ip-filter';

describe('LogScale emulator IP filter rules', () => {
  it('allows listed addresses and ranges, denies the rest', () => {
    const rules = 'allow 10.0.0.0/8\nallow 192.168.1.5\nallow 2001:db8::/32';
    expect(ipFilterAllows(rules, '10.20.30.40')).toBe(true);
    expect(ipFilterAllows(rules, '::ffff:10.20.30.40')).toBe(true);
    expect(ipFilterAllows(rules, '192.168.1.5')).toBe(true);
    expect(ipFilterAllows(rules, '2001:db8::1')).toBe(true);
    expect(ipFilterAllows(rules, '127.0.0.1')).toBe(false);
  });

  it('lets deny rules win over allow rules', () => {
    expect(ipFilterAllows('allow all\ndeny 127.0.0.1', '127.0.0.1')).toBe(false);
    expect(ipFilterAllows('deny 192.168.0.80; allow 192.168.0.0/24', '192.168.0.80')).toBe(false);
    expect(ipFilterAllows('deny 192.168.0.80; allow 192.168.0.0/24', '192.168.0.81')).toBe(true);
  });

  it('rejects malformed rules', () => {
    expect(() => parseIpFilterRules('permit 10.0.0.1')).toThrow(/Invalid IP filter rule/);
    expect(() => parseIpFilterRules('allow 10.0.0.0/40')).toThrow(/Invalid prefix/);
    expect(() => parseIpFilterRules('allow example.com')).toThrow(/Invalid address/);
    expect(() => parseIpFilterRules('  \n')).toThrow(/at least one rule/);
  });
});
