/**
 * Light or dark: the system's choice until the user picks one, which this app (not a tracked site)
 * remembers in localStorage. public/theme.js applies it before the first paint.
 */
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'vigil-theme';
export const THEME_EVENT = 'vigil-theme-change';

export function currentTheme(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

export function setTheme(theme: Theme): void {
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
  window.dispatchEvent(new Event(THEME_EVENT));
}
