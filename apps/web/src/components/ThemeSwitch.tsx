import { useTheme } from '../hooks/useTheme';

/** Dark or light, whatever the system prefers; remembered in this browser. */
export function ThemeSwitch() {
  const { theme, choose } = useTheme();
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      className="button button--small theme-switch"
      aria-pressed={dark}
      title={dark ? 'Dark mode is on: switch to light' : 'Dark mode is off: switch to dark'}
      onClick={() => choose(dark ? 'light' : 'dark')}
    >
      <span aria-hidden="true">{dark ? '☾' : '☀'}</span>
      <span className="theme-switch__text">Dark mode</span>
    </button>
  );
}
