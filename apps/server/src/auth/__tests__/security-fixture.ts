import {
  program,
  startTestFleet,
  until,
  type TestFleet,
  type TestFleetOptions,
} from '../../__tests__/fleet-fixture';

export const RULES = `<root><application name="app"><start_sequence>1</start_sequence><programs><program pattern=""><start_sequence>1</start_sequence></program></programs></application></root>`;

export const PASSWORDS = {
  admin: 'admin-password-1',
  operator: 'operator-password-1',
  viewer: 'viewer-password-1',
};

/** One supervisord with app:p, the service over it, and the users admin, operator, viewer. */
export async function startSecuredFleet(options: TestFleetOptions = {}): Promise<TestFleet> {
  const fleet = await startTestFleet(
    { n1: { 'program:p': program(), 'group:app': { programs: 'p' } } },
    RULES,
    options,
  );
  for (const role of ['admin', 'operator', 'viewer'] as const) {
    await fleet.service.accounts.addUser(role, role, PASSWORDS[role]);
  }
  await until(fleet.service, () => fleet.service.store.state.processes['app:p'] !== undefined);
  return fleet;
}

export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export function as(role: keyof typeof PASSWORDS): Record<string, string> {
  return { authorization: basic(role, PASSWORDS[role]) };
}

export const json = { 'content-type': 'application/json' };

/** The session cookie (name=value) of a Set-Cookie answer. */
export function cookieOf(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  return header.split(';')[0]!;
}
