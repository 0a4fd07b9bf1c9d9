import { describe, expect, it } from 'vitest';
import { AUDIT_PAGE_LIMIT, auditFilterFrom, EMPTY_AUDIT_FORM } from '../audit-filter';

const local = (...parts: [number, number, number, number, number, number?, number?]) =>
  new Date(...parts).getTime();

describe('auditFilterFrom', () => {
  it.each([
    { name: 'an empty form filters nothing', form: EMPTY_AUDIT_FORM, expected: { limit: AUDIT_PAGE_LIMIT } },
    {
      name: 'actor and target, trimmed',
      form: { ...EMPTY_AUDIT_FORM, actor: ' viewer ', target: 'scen1' },
      expected: { limit: AUDIT_PAGE_LIMIT, actor: 'viewer', target: 'scen1' },
    },
    {
      name: 'blanks are no filter',
      form: { ...EMPTY_AUDIT_FORM, actor: '   ', target: '' },
      expected: { limit: AUDIT_PAGE_LIMIT },
    },
    {
      name: 'since from the start of its minute, until to the end of its minute',
      form: { ...EMPTY_AUDIT_FORM, since: '2026-12-01T16:28', until: '2026-12-01T17:05' },
      expected: {
        limit: AUDIT_PAGE_LIMIT,
        since: local(2026, 11, 1, 16, 28),
        until: local(2026, 11, 1, 17, 5, 59, 999),
      },
    },
    {
      name: 'until with seconds is taken as is',
      form: { ...EMPTY_AUDIT_FORM, until: '2026-12-01T17:05:30' },
      expected: { limit: AUDIT_PAGE_LIMIT, until: local(2026, 11, 1, 17, 5, 30) },
    },
    {
      name: 'a half-typed date is no filter',
      form: { ...EMPTY_AUDIT_FORM, since: '2026-12-' },
      expected: { limit: AUDIT_PAGE_LIMIT },
    },
  ])('$name', ({ form, expected }) => {
    expect(auditFilterFrom(form)).toEqual(expected);
  });
});
