import { useEffect, useState } from 'react';
import {
  applyTheme,
  effectiveTheme,
  readThemeChoice,
  saveThemeChoice,
  systemPrefersDark,
  type ThemeChoice,
} from '../lib/theme';

/** The colour scheme in force and the user's switch; the choice is remembered in this browser. */
export function useTheme(): { theme: 'light' | 'dark'; choose: (choice: ThemeChoice) => void } {
  const [choice, setChoice] = useState<ThemeChoice>(readThemeChoice);
  const [systemDark, setSystemDark] = useState(systemPrefersDark);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const query = matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setSystemDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  const theme = effectiveTheme(choice, systemDark);
  useEffect(() => applyTheme(theme), [theme]);
  return {
    theme,
    choose: (next) => {
      saveThemeChoice(next);
      setChoice(next);
    },
  };
}
