import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, Application, ErrorBody, Process, Snapshot } from '@supfleet/protocol';
import { connect, get, post, program, startTestFleet, until, type TestFleet } from './fleet-fixture';

const RULES = `<?xml version="1.0"?>
<root>
  <model name="app_model">
    <start_sequence>2</start_sequence>
    <required>true</required>
    <expected_loading>2</expected_loading>
  </model>
  <application name="app">
    <start_sequence>1</start_sequence>
    <starting_failure_strategy>CONTINUE</starting_failure_strategy>
    <programs>
      <program pattern=""><reference>app_model</reference></program>
      <program pattern="wait_mount">
        <reference>app_model</reference>
        <start_sequence>1</start_sequence>
        <wait_exit>true</wait_exit>
      </program>
    </programs>
  </application>
</root>`;

const waitMount = program({ command: '/bin/sh -c "sleep 0.6; exit 0"', exitcodes: '0' });

describe('application jobs on three real supervisord', () => {
  let fleet: TestFleet;
  const api = (path: string) => `${fleet.url}/api/v1${path}`;
  const processes = () => fleet.service.store.state.processes;

  beforeAll(async () => {
    fleet = await startTestFleet(
      {
        n1: {
          'program:wait_mount_1': waitMount,
          'program:front': program(),
          'group:app': { programs: 'wait_mount_1,front' },
        },
        n2: {
          'program:wait_mount_2': waitMount,
          'program:back': program(),
          'group:app': { programs: 'wait_mount_2,back' },
        },
        n3: { 'program:db': program(), 'group:app': { programs: 'db' } },
      },
      RULES,
    );
    await until(fleet.service, () => Object.keys(processes()).length === 5, 10_000, 'five processes known');
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('lists the three instances RUNNING and the application STOPPED with its LED off', async () => {
    const instances = await get<{ id: string; state: string }[]>(api('/instances'));
    expect(instances.body.map((i) => [i.id, i.state])).toEqual([
      ['n1', 'RUNNING'],
      ['n2', 'RUNNING'],
      ['n3', 'RUNNING'],
    ]);
    const app = await get<Application>(api('/applications/app'));
    expect(app.body).toMatchObject({ name: 'app', managed: true, state: 'STOPPED', status: 'off' });
  });

  it('starts rank 1 and waits for its exits before rank 2, then the LED is green', async () => {
    const started = await post<ActionResult>(api('/applications/app/start'), { wait: true });
    expect(started.status).toBe(200);
    expect(started.body.job.state).toBe('succeeded');
    expect(started.body.job.ranks.map((r) => [r.phase, r.rank])).toEqual([
      ['start', 1],
      ['start', 2],
    ]);

    const infos = await Promise.all(
      Object.entries(fleet.nodes).map(async ([, node]) => node.client.getAllProcessInfo()),
    );
    const all = infos.flat();
    const waits = all.filter((p) => p.name.startsWith('wait_mount'));
    const others = all.filter((p) => !p.name.startsWith('wait_mount'));
    expect(waits.map((p) => p.statename)).toEqual(['EXITED', 'EXITED']);
    expect(others.map((p) => p.statename)).toEqual(['RUNNING', 'RUNNING', 'RUNNING']);
    const lastExit = Math.max(...waits.map((p) => p.stop));
    const firstStart = Math.min(...others.map((p) => p.start));
    expect(firstStart).toBeGreaterThanOrEqual(lastExit);

    await until(fleet.service, () => fleet.service.store.state.applications.app?.status === 'operational');
    expect(processes()['app:wait_mount_1']).toMatchObject({ state: 'EXITED', expectedExit: true });
  });

  it('refuses to start a process on an instance that does not define it (Req 4), and starts nothing', async () => {
    await post(api('/processes/app%3Afront/stop'), { wait: true });
    const refused = await post<ErrorBody>(api('/processes/app%3Afront/start'), {
      instance: 'n2',
      wait: true,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/not defined on n2/);
    const onN2 = await fleet.nodes.n2!.client.getAllProcessInfo();
    expect(onN2.map((p) => p.name).sort()).toEqual(['back', 'wait_mount_2']);
    expect(processes()['app:front']?.state).toBe('STOPPED');
  });

  it('turns the LED red when a required process is stopped behind its back, live over socket.io', async () => {
    await post(api('/processes/app%3Afront/start'), { wait: true });
    await until(fleet.service, () => fleet.service.store.state.applications.app?.status === 'operational');

    const socket = connect(fleet.url);
    try {
      const snapshot = await new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
      expect(snapshot.applications.find((a) => a.name === 'app')?.status).toBe('operational');
      const red = new Promise<Application>((resolve) =>
        socket.on('application:updated', (app) => {
          if (app.name === 'app' && app.status === 'not-operational') resolve(app);
        }),
      );
      await fleet.nodes.n3!.client.stopProcess('app:db', true);
      const app = await red;
      expect(app.majorFailure).toBe(true);
      expect(app.reasons.join(' ')).toMatch(/db/);
    } finally {
      socket.close();
    }
  });

  it('answers 404, 400 and 409 with the one error shape', async () => {
    const unknown = await post<ErrorBody>(api('/applications/nope/start'));
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const unknownWithStrategy = await post<ErrorBody>(api('/applications/nope/restart'), {
      strategy: 'CONFIG',
    });
    expect([unknownWithStrategy.status, unknownWithStrategy.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const bad = await post<ErrorBody>(api('/applications/app/start'), { wait: 'yes' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'BAD_REQUEST']);
    const first = await post<ActionResult>(api('/applications/app/restart'), { wait: false });
    expect(first.status).toBe(202);
    const second = await post<ErrorBody>(api('/applications/app/restart'), { wait: false });
    expect([second.status, second.body.error.code]).toEqual([409, 'CONFLICT']);
    await until(
      fleet.service,
      () => fleet.service.store.job(first.body.job.id)?.state !== 'running',
      20_000,
      'restart end',
    );
    expect(fleet.service.store.job(first.body.job.id)?.state).toBe('succeeded');
  });

  it('marks an instance SILENT within a second of its supervisord dying, and its processes FATAL', async () => {
    const before = Date.now();
    await fleet.nodes.n3!.kill();
    await until(
      fleet.service,
      () => fleet.service.store.state.instances.n3?.state === 'SILENT',
      5_000,
      'n3 SILENT',
    );
    expect(Date.now() - before).toBeLessThan(1500);
    const db: Process | undefined = processes()['app:db'];
    expect(db?.state).toBe('FATAL');
    expect(db?.description).toMatch(/n3 lost/);
  });
});
