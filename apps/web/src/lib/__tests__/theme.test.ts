import { describe, expect, it } from 'vitest';
import { effectiveTheme, readThemeChoice, saveThemeChoice } from '../theme';

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

describe('theme', () => {
  it.each([
    ['system', false, 'light'],
    ['system', true, 'dark'],
    ['light', true, 'light'],
    ['dark', false, 'dark'],
  ] as const)('choice %s with a dark system %s is %s', (choice, dark, expected) => {
    expect(effectiveTheme(choice, dark)).toBe(expected);
  });

  it('remembers a choice, and forgets it when back to the system', () => {
    const storage = memoryStorage();
    expect(readThemeChoice(storage)).toBe('system');
    saveThemeChoice('dark', storage);
    expect(readThemeChoice(storage)).toBe('dark');
    saveThemeChoice('system', storage);
    expect(readThemeChoice(storage)).toBe('system');
  });
});
