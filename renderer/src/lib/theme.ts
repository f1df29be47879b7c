/** Light, dark or the system's: `data-theme` on <html>, remembered in local storage when there is one. */
export type Theme = 'system' | 'light' | 'dark';
const KEY = 'tokendesk:theme';

export function loadTheme(): Theme {
  try {
    const saved = localStorage.getItem(KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset['theme'];
  else document.documentElement.dataset['theme'] = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // No storage (a custom protocol without it): the choice lasts for this session.
  }
}
