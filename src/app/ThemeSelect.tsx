import { useState } from 'react';
import { loadTheme, saveTheme, type Theme } from './theme';

export function ThemeSelect() {
  const [theme, setTheme] = useState<Theme>(loadTheme);
  return (
    <label className="theme-select">
      Theme{' '}
      <select value={theme} onChange={(e) => { const t = e.target.value as Theme; saveTheme(t); setTheme(t); }}>
        <option value="system">system</option>
        <option value="light">light</option>
        <option value="dark">dark</option>
      </select>
    </label>
  );
}
