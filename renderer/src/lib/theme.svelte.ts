/** Light, dark or the system's: `data-theme` on <html>, remembered in local storage when there is one. */
export type Theme = 'system' | 'light' | 'dark';
const KEY = 'tokendesk:theme';

function load(): Theme {
  try {
    const saved = localStorage.getItem(KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}

export const theme = $state<{ value: Theme }>({ value: load() });

export function applyTheme(value: Theme): void {
  if (value === 'system') delete document.documentElement.dataset['theme'];
  else document.documentElement.dataset['theme'] = value;
  try {
    localStorage.setItem(KEY, value);
  } catch {
    // No storage (a custom protocol without it): the choice lasts for this session.
  }
}
