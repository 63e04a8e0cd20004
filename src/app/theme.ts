// Light, dark, or what the system asks for: kept in this browser and applied to <html data-theme> before the
// first render (styles.css holds both palettes as CSS variables).
export type Theme = 'system' | 'light' | 'dark';
const KEY = 'safeguard.theme';

export function loadTheme(): Theme {
  const saved = localStorage.getItem(KEY);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

export function applyTheme(theme: Theme) {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export function saveTheme(theme: Theme) {
  if (theme === 'system') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, theme);
  applyTheme(theme);
}
