/**
 * Settings: the service that reads and changes them (their defaults: default-settings.ts). Every
 * change is validated by the contract (same bounds) before it gets here.
 */
import type { Settings } from '../model';
import type { MetadataStore } from '../store/metadata-store';
import { DEFAULT_SETTINGS } from './default-settings';

export class SettingsService {
  constructor(
    private readonly store: MetadataStore,
    private readonly onChange: (settings: Settings) => void = () => {},
  ) {}

  get(): Settings {
    return { ...DEFAULT_SETTINGS, ...this.store.get('settings') };
  }

  async update(change: Partial<Settings>): Promise<Settings> {
    let next = this.get();
    await this.store.update((data) => {
      next = { ...DEFAULT_SETTINGS, ...data.settings, ...change };
      if (change.alertThresholdsDays) next.alertThresholdsDays = [...new Set(change.alertThresholdsDays)].sort((a, b) => b - a);
      return { settings: next };
    });
    this.onChange(next);
    return next;
  }
}
