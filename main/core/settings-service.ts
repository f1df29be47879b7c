/** Reads and changes settings; every change is validated by the contract before it gets here. */
import { DEFAULT_SETTINGS, type Settings } from './settings';
import type { MetadataStore } from './store';

export class SettingsService {
  constructor(
    private readonly store: MetadataStore,
    private readonly onChange: (settings: Settings) => void = () => {},
  ) {}

  get(): Settings {
    return { ...DEFAULT_SETTINGS, ...this.store.get('settings') };
  }

  update(change: Partial<Settings>): Settings {
    const next = { ...this.get(), ...change };
    if (change.alertThresholdsDays) next.alertThresholdsDays = [...new Set(change.alertThresholdsDays)].sort((a, b) => b - a);
    this.store.set('settings', next);
    this.onChange(next);
    return next;
  }
}
