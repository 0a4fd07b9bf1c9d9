import { describe, expect, it } from 'vitest';
import { applicationNames } from '../application-names';

describe('applicationNames of a rules file', () => {
  it.each([
    {
      case: 'names in file order',
      xml: '<root><application name="b"/><application name="a"></application></root>',
      expected: ['b', 'a'],
    },
    {
      case: 'pattern applications have no name',
      xml: '<root><application pattern="^x"/><application name="y"/></root>',
      expected: ['y'],
    },
    {
      case: 'commented-out applications are not there',
      xml: '<root><!-- <application name="old"/> --><application name="new"/></root>',
      expected: ['new'],
    },
    {
      case: 'single quotes and other attributes first',
      xml: "<root><application  id='1' name='q'/></root>",
      expected: ['q'],
    },
    { case: 'entities decoded', xml: '<root><application name="a&amp;b&#x21;"/></root>', expected: ['a&b!'] },
    {
      case: 'not fooled by <applications> or a program name',
      xml: '<root><applications name="no"/><program name="no"/></root>',
      expected: [],
    },
  ])('$case', ({ xml, expected }) => {
    expect(applicationNames(xml)).toEqual(expected);
  });
});
