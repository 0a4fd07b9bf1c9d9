/** The colour scheme: the system's (prefers-color-scheme) unless the user chose one. */
export type ThemeChoice = 'light' | 'dark' | 'system';

const KEY = 'supfleet.theme';

export function readThemeChoice(storage: Pick<Storage, 'getItem'> | undefined = safeStorage()): ThemeChoice {
  const value = storage?.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function saveThemeChoice(
  choice: ThemeChoice,
  storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined = safeStorage(),
): void {
  if (choice === 'system') storage?.removeItem(KEY);
  else storage?.setItem(KEY, choice);
}

/** The scheme in force: the choice, or the system's when the user made none. */
export function effectiveTheme(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/** Sets it on <html data-theme>, which the stylesheet's colour variables follow. */
export function applyTheme(theme: 'light' | 'dark', root: HTMLElement = document.documentElement): void {
  root.dataset.theme = theme;
}

export function systemPrefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
