/**
 * The platforms Tokendesk knows: the one place that names them all. Everything outside
 * `providers/` reaches a platform through this file (the layering test holds it so); adding a
 * platform is its folder and one line in MODULES.
 */
import type { Provider, TokenKind } from '../model';
import { registerRedactions } from '../log/redact';
import { logScaleModule } from './logscale/module';
import { ovhModule } from './ovh/module';
import type { ProviderModule, ValueShape } from './provider-module';

export type { AccountDraft, Connection, ProviderModule, ValueShape } from './provider-module';
/** OVHcloud's guided consumer-key request: the contract's `accounts:ovh*` calls reach it, and nothing else is this specific. */
export { OvhConsumerKeyOnboarding, type ConsumerKeyStart, type ConsumerKeyStarted } from './ovh/consumer-key-onboarding';

const MODULES: Readonly<Record<Provider, ProviderModule>> = {
  ovh: ovhModule,
  logscale: logScaleModule,
};

// Redaction by shape must know every platform's values before anything is logged.
for (const module of Object.values(MODULES)) registerRedactions(module.redactions);

export function providerModule(provider: Provider): ProviderModule {
  return MODULES[provider];
}

/** Every platform, in a stable order (LogScale's self-describing values are recognised first). */
export function providerModules(): readonly ProviderModule[] {
  return [MODULES.logscale, MODULES.ovh];
}

/** The shape every token kind's value has, whichever platform issues it. */
export function valueShapeOf(kind: TokenKind): ValueShape {
  for (const module of Object.values(MODULES)) {
    const shape = module.valueShapes[kind];
    if (shape) return shape;
  }
  throw new Error(`No platform issues tokens of kind ${kind}`);
}
