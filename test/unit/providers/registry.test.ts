/**
 * The registry is the one place that names the platforms: each has a module, every token kind is
 * some platform's (with the shape its values must have), and the names the window prints are the
 * ones main prints. A platform added without these fails here, not in front of an admin.
 */
import { describe, expect, it } from 'vitest';
import type { Provider, TokenKind } from '../../../main/core/model';
import { PROVIDER_NAMES } from '../../../main/core/model/providers';
import { redactSecrets } from '../../../main/core/log/redact';
import { describeUnknownSecret } from '../../../main/core/leak/heuristics';
import { providerModule, providerModules, valueShapeOf } from '../../../main/core/providers/registry';
import { PROVIDER_LABELS } from '../../../renderer/src/lib/format';

// A Record over the union: a kind added to the model and not here fails the typecheck.
const KINDS: Record<TokenKind, Provider> = {
  ldp: 'ovh',
  'ldp-stream': 'ovh',
  'iam-pat': 'ovh',
  system: 'logscale',
  organization: 'logscale',
  view: 'logscale',
  personal: 'logscale',
  ingest: 'logscale',
};

describe('provider registry', () => {
  it('has one module per platform, named as the model names it', () => {
    for (const provider of Object.keys(PROVIDER_NAMES) as Provider[]) {
      expect(providerModule(provider).id).toBe(provider);
      expect(providerModule(provider).displayName).toBe(PROVIDER_NAMES[provider]);
    }
    expect(
      providerModules()
        .map((m) => m.id)
        .sort(),
    ).toEqual(Object.keys(PROVIDER_NAMES).sort());
  });

  it('the window prints the same platform names as main', () => {
    expect(PROVIDER_LABELS).toEqual(PROVIDER_NAMES);
  });

  it('every token kind belongs to exactly one platform, which knows the shape of its values', () => {
    for (const [kind, provider] of Object.entries(KINDS) as Array<[TokenKind, Provider]>) {
      const owners = providerModules().filter((m) => m.valueShapes[kind]);
      expect(
        owners.map((m) => m.id),
        kind,
      ).toEqual([provider]);
      expect(valueShapeOf(kind).says.length).toBeGreaterThan(10);
    }
  });

  it("a platform value is redacted by shape and described as its platform's, once the registry is loaded", () => {
    const logscale = 'abcdefgh12345678~' + 'S'.repeat(44);
    expect(redactSecrets(`token ${logscale} leaked`)).toBe('token [redacted-logscale-token] leaked');
    expect(describeUnknownSecret(logscale)).toMatch(/LogScale API token/);
    expect(describeUnknownSecret('a'.repeat(51))).toMatch(/OVHcloud Logs Data Platform token/);
    expect(describeUnknownSecret('not a token')).toBeUndefined();
  });

  it('only platforms whose values name their token are asked for an id', () => {
    const naming = providerModules()
      .filter((m) => m.idInValue)
      .map((m) => m.id);
    expect(naming).toEqual(['logscale']);
    expect(providerModule('logscale').idInValue!.read('abcdefgh12345678~' + 'S'.repeat(44))).toBe('abcdefgh12345678');
    expect(providerModule('logscale').idInValue!.names('ingest')).toBe(false);
  });
});
