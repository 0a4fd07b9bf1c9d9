import { describe, expect, it } from 'vitest';
import { naturalCompare } from '../natural-compare';

describe('naturalCompare', () => {
  it('orders digit runs by value and letters ignoring case', () => {
    const names = [
      'prg_10',
      'prg_2',
      'Beta',
      'alpha',
      'prg_1_b',
      'prg_1',
      'prg_01',
      'x9y10',
      'x9y9',
      'alpha2',
    ];
    expect([...names].sort(naturalCompare)).toEqual([
      'alpha',
      'alpha2',
      'Beta',
      'prg_1',
      'prg_01',
      'prg_1_b',
      'prg_2',
      'prg_10',
      'x9y9',
      'x9y10',
    ]);
  });

  it('agrees with a numeric Intl.Collator on program names', () => {
    const collator = new Intl.Collator('en', { numeric: true });
    const names = Array.from(
      { length: 300 },
      (_, i) => `scen${i % 7}_proc_${(i * 37) % 101}_${i % 3 ? 'a' : 'B'}`,
    );
    const sign = (n: number) => Math.sign(n);
    for (let i = 1; i < names.length; i += 1) {
      expect(sign(naturalCompare(names[i - 1]!, names[i]!)), `${names[i - 1]} vs ${names[i]}`).toBe(
        sign(collator.compare(names[i - 1]!, names[i]!)),
      );
    }
  });

  it('is zero only for equal names, and lower case comes first among case variants', () => {
    expect(naturalCompare('abc', 'abc')).toBe(0);
    expect(naturalCompare('abc', 'Abc')).toBeLessThan(0);
    expect(naturalCompare('Abc', 'abc')).toBeGreaterThan(0);
    expect(naturalCompare('ab', 'abc')).toBeLessThan(0);
  });
});
