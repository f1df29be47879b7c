/** The user's settings (`settings:get`, then `settings:changed`). */
import type { Settings } from '../../../preload/contract';
import { api, call } from './api';

class SettingsState {
  value = $state.raw<Settings | null>(null);

  async load(): Promise<void> {
    this.value = await call(api().settings.get());
  }

  listen(): () => void {
    return api().on('settings:changed', (s) => (this.value = s));
  }
}

export const settings = new SettingsState();
