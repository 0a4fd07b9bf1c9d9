import { describe, expect, it } from 'vitest';
import type { Role, SessionInfo } from '@supfleet/protocol';
import { roleRefusal } from '../role-refusal';

const as = (role: Role): SessionInfo => ({ username: 'someone', role, via: 'session', expiresAt: null });

describe('roleRefusal', () => {
  it.each([
    { name: 'a viewer may look', session: as('viewer'), need: 'viewer', expected: null },
    {
      name: 'a viewer may not act',
      session: as('viewer'),
      need: 'operator',
      expected: 'viewer: needs the operator role',
    },
    {
      name: 'a viewer may not administer',
      session: as('viewer'),
      need: 'admin',
      expected: 'viewer: needs the admin role',
    },
    { name: 'an operator may act', session: as('operator'), need: 'operator', expected: null },
    {
      name: 'an operator may not administer',
      session: as('operator'),
      need: 'admin',
      expected: 'operator: needs the admin role',
    },
    { name: 'an admin may act', session: as('admin'), need: 'operator', expected: null },
    { name: 'an admin may administer', session: as('admin'), need: 'admin', expected: null },
    {
      name: 'nobody logged in',
      session: null,
      need: 'viewer',
      expected: 'not logged in: needs the viewer role',
    },
    {
      name: 'session not known yet',
      session: undefined,
      need: 'operator',
      expected: 'not logged in: needs the operator role',
    },
  ] satisfies {
    name: string;
    session: SessionInfo | null | undefined;
    need: Role;
    expected: string | null;
  }[])('$name', ({ session, need, expected }) => {
    expect(roleRefusal(session, need)).toBe(expected);
  });

  it('treats the local access of the demo as the admin it is', () => {
    expect(
      roleRefusal({ username: 'local', role: 'admin', via: 'local', expiresAt: null }, 'admin'),
    ).toBeNull();
  });
});
