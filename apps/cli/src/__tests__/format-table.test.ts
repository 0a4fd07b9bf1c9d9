import { describe, expect, it } from 'vitest';
import { formatCell, formatTable } from '../format-table';

describe('formatTable', () => {
  it('aligns every column on its widest cell, header included, two blanks apart', () => {
    expect(
      formatTable(
        ['Application', 'State', 'Major', 'Minor'],
        [
          ['scen1', 'RUNNING', false, true],
          ['a_much_longer_name', 'STOPPED', true, false],
        ],
      ),
    ).toEqual([
      'Application         State    Major  Minor',
      'scen1               RUNNING  False  True',
      'a_much_longer_name  STOPPED  True   False',
    ]);
  });

  it.each([
    { case: 'no row: the header alone', rows: [], expected: ['Process  State'] },
    {
      case: 'last column not padded: no trailing blanks',
      rows: [
        ['p', 'a long state'],
        ['longer', 'x'],
      ],
      expected: ['Process  State', 'p        a long state', 'longer   x'],
    },
    {
      case: 'missing and empty cells shown as -',
      rows: [[null, '']],
      expected: ['Process  State', '-        -'],
    },
    {
      case: 'accented names count one column per character',
      rows: [['métro', 'x']],
      expected: ['Process  State', 'métro    x'],
    },
    {
      case: 'a multi-line cell stays on its row',
      rows: [['p', 'line one\n  line two']],
      expected: ['Process  State', 'p        line one line two'],
    },
  ])('$case', ({ rows, expected }) => {
    expect(formatTable(['Process', 'State'], rows)).toEqual(expected);
  });
});

describe('formatCell', () => {
  it.each([
    { case: 'true as Supvisors prints it', cell: true, expected: 'True' },
    { case: 'false as Supvisors prints it', cell: false, expected: 'False' },
    { case: 'zero is a value, not a blank', cell: 0, expected: '0' },
    { case: 'null', cell: null, expected: '-' },
    { case: 'undefined', cell: undefined, expected: '-' },
  ])('$case', ({ cell, expected }) => {
    expect(formatCell(cell)).toBe(expected);
  });
});
