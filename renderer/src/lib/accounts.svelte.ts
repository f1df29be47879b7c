/** The accounts the window shows, kept current by the `accounts:changed` event. */
import type { AccountSummary } from '../../../preload/contract';
import { api, call } from './api';

class AccountsState {
  list = $state<AccountSummary[]>([]);
  loaded = $state(false);

  async load(): Promise<void> {
    this.list = await call(api().accounts.list());
    this.loaded = true;
  }

  listen(): () => void {
    return api().on('accounts:changed', (accounts) => {
      this.list = accounts;
    });
  }
}

export const accounts = new AccountsState();
