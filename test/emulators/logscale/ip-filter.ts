/**
 * LogScale IP filter rules: one `allow|deny <IPv4|IPv6|CIDR|all>` per line (reference §4).
 * Evaluation (unverified which rule LogScale applies to token filters): deny rules take precedence
 * over allow rules, as the docs for named IP filters say; an address no rule allows is denied.
 * `;` is accepted as a separator too, like the env-var filters.
 */
import { BlockList, isIP } from 'node:net';

interface Rule {
  action: 'allow' | 'deny';
  target: string;
}

export class IpFilterSyntaxError extends Error {}

export function parseIpFilterRules(text: string): Rule[] {
  const rules: Rule[] = [];
  for (const raw of text.split(/[\n;]/)) {
    const line = raw.trim();
    if (!line) continue;
    const match = /^(allow|deny)\s+(\S+)$/i.exec(line);
    if (!match) throw new IpFilterSyntaxError(`Invalid IP filter rule "${line}": expected "allow <address>" or "deny <address>"`);
    const action = (match[1] as string).toLowerCase() as Rule['action'];
    const target = match[2] as string;
    if (target.toLowerCase() !== 'all') toList(target); // validates
    rules.push({ action, target: target.toLowerCase() === 'all' ? 'all' : target });
  }
  if (rules.length === 0) throw new IpFilterSyntaxError('An IP filter needs at least one rule');
  return rules;
}

function toList(target: string): BlockList {
  const list = new BlockList();
  const [address, prefix] = target.split('/');
  const family = isIP(address ?? '');
  if (!family) throw new IpFilterSyntaxError(`Invalid address "${target}" in IP filter`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (prefix === undefined) list.addAddress(address as string, type);
  else {
    const bits = Number(prefix);
    if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) throw new IpFilterSyntaxError(`Invalid prefix in "${target}"`);
    list.addSubnet(address as string, bits, type);
  }
  return list;
}

export function normaliseAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? (mapped[1] as string) : address;
}

function matches(target: string, address: string): boolean {
  if (target === 'all') return true;
  const family = isIP(address);
  if (!family) return false;
  return toList(target).check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export function ipFilterAllows(text: string, remoteAddress: string): boolean {
  const address = normaliseAddress(remoteAddress);
  const rules = parseIpFilterRules(text);
  if (rules.some((r) => r.action === 'deny' && matches(r.target, address))) return false;
  return rules.some((r) => r.action === 'allow' && matches(r.target, address));
}
