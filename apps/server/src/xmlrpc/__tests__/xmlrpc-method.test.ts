import { describe, expect, it } from 'vitest';
import type { XmlRpcValue } from '@supfleet/supervisor-client';
import { strategyParam } from '../xmlrpc-method';

describe('starting strategies, by name or by value', () => {
  const read = (value: XmlRpcValue) => strategyParam().read(value, 'strategy');
  it.each<{ case: string; value: XmlRpcValue; expected: string }>([
    { case: 'a name', value: 'LESS_LOADED', expected: 'LESS_LOADED' },
    { case: 'the value of CONFIG', value: 0, expected: 'CONFIG' },
    { case: 'the value of MOST_LOADED_NODE', value: 5, expected: 'MOST_LOADED_NODE' },
  ])('reads $case', ({ value, expected }) => {
    expect(read(value)).toBe(expected);
  });
  it.each<{ case: string; value: XmlRpcValue }>([
    { case: 'an unknown name', value: 'FASTEST' },
    { case: 'a lower-case name', value: 'config' },
    { case: 'a value past the last', value: 6 },
    { case: 'a negative value', value: -1 },
    { case: 'a fraction', value: 1.5 },
    { case: 'a boolean', value: true },
  ])('refuses $case with INCORRECT_PARAMETERS', ({ value }) => {
    expect(() => read(value)).toThrow(expect.objectContaining({ code: 2 }) as Error);
  });
});
