/** The first-run suggestion to set an app lock: shown until set up or dismissed ("Not now", remembered). */
const KEY = 'tokendesk:lock-suggestion-dismissed';

function dismissed(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

class LockSuggestion {
  show = $state(!dismissed());

  dismiss(): void {
    this.show = false;
    try {
      localStorage.setItem(KEY, '1');
    } catch {
      // No storage: dismissed for this session.
    }
  }
}

export const lockSuggestion = new LockSuggestion();
