import type { ActionResult, AuditEntry, DisabledProgramsAnswer, HistoryEntry, Job } from '@supfleet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, post, program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';
import { startPostgres, type PostgresServer } from './postgres-server';

const RULES = `<root>
  <application name="app">
    <start_sequence>1</start_sequence>
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
</root>`;
const ADMIN = { username: 'root', password: 'the config password' };
const BASIC = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;

describe('the service on PostgreSQL', () => {
  let postgres: PostgresServer;
  let fleet: TestFleet;
  const api = (path: string) => `${fleet.url}/api/v1${path}`;
  const read = async <T>(path: string) =>
    (await fetch(api(path), { headers: { authorization: BASIC } }).then((r) => r.json())) as T;
  const act = async <T>(path: string, body: unknown = {}) => {
    const response = await fetch(api(path), {
      method: 'POST',
      headers: { authorization: BASIC, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    postgres = await startPostgres();
    const url = await postgres.createDatabase('service');
    fleet = await startTestFleet(
      { n1: { 'program:a': program(), 'program:b': program(), 'group:app': { programs: 'a,b' } } },
      RULES,
      { api: ADMIN },
      { database: { url, password: undefined } },
    );
    await until(fleet.service, () => fleet.service.store.state.instances.n1?.state === 'RUNNING');
  });
  afterAll(async () => {
    await fleet?.stop();
    await postgres?.stop();
  });

  it('keeps jobs, history, audit, users and disabled programs in PostgreSQL, across a restart of the service', async () => {
    expect(fleet.service.database.engine).toBe('postgresql');
    const { body } = await act<ActionResult>('/applications/app/start', { wait: true });
    expect(body.job.state).toBe('succeeded');
    expect((await act<unknown>('/processes/app:b/disable', { instance: 'n1' })).status).toBe(200);
    await fleet.service.accounts.addUser('alice', 'operator', 'a long enough password');

    await fleet.restartService({ api: ADMIN });
    await until(fleet.service, () => fleet.service.store.state.instances.n1?.state === 'RUNNING');
    expect((await read<Job[]>('/jobs')).map((job) => [job.id, job.state])).toContainEqual([
      body.job.id,
      'succeeded',
    ]);
    expect((await read<HistoryEntry[]>('/history?application=app')).map((e) => e.message)).toContain(
      'app:a RUNNING on n1',
    );
    const audit = await read<{ entries: AuditEntry[] }>('/audit?actor=root');
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['application.start', 'process.disable']),
    );
    expect(await read<DisabledProgramsAnswer>('/disabled')).toMatchObject([
      { namespec: 'app:b', instance: 'n1', by: 'root' },
    ]);
    // A user of the database logs in (a session kept there) and is served.
    const login = await post<{ username: string }>(`${fleet.url}/api/v1/session`, {
      username: 'alice',
      password: 'a long enough password',
    });
    expect(login).toMatchObject({ status: 200, body: { username: 'alice' } });
    expect((await get<unknown>(`${fleet.url}/api/v1/service`)).status).toBe(401);
  });
});
