import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApplicationRulesAnswer,
  ErrorBody,
  Instance,
  Job,
  ReloadResult,
  ServiceStatus,
} from '@supfleet/protocol';
import { startSupervisord, type RunningSupervisord } from '@supfleet/supervisor-client/testing';
import { loadConfig } from '../../config/load-config';
import { createService, type Service } from '../../service';
import { createLogger } from '../../logging/logger';
import { get, post, program, until } from '../../__tests__/fleet-fixture';
import { startServiceProcess } from '../../__tests__/service-process';
import { eventually } from '../../__tests__/eventually';
import { updated } from '../../fleet-change';

const rules = (rank: number) => `<root>
  <application name="app"><start_sequence>1</start_sequence><programs>
    <program name="slow_wait"><start_sequence>${rank}</start_sequence><wait_exit>true</wait_exit></program>
  </programs></application>
</root>`;
/** Line 3 holds an element the format does not know. */
const BROKEN = `<root>
  <application name="app">
    <start_sequense>1</start_sequense>
  </application>
</root>`;

describe('reload: rules files and the [supfleet] section, live', () => {
  let dir: string;
  let n1: RunningSupervisord;
  let n2: RunningSupervisord;
  let service: Service;
  let url: string;
  const logs: string[] = [];
  const confFile = () => join(dir, 'supfleet.conf');
  const writeConf = (list: string, extra = '') =>
    writeFileSync(
      confFile(),
      `[supfleet]\nsupvisors_list = ${list}\nrules_files = rules.xml\nlisten = 127.0.0.1:0\n` +
        `data_dir = ${join(dir, 'data')}\npoll_period = 0.3\n${extra}`,
    );
  const api = (path: string) => `${url}/api/v1${path}`;
  const rank = async () =>
    (await get<ApplicationRulesAnswer>(api('/rules/applications/app'))).body.matchedBy?.line;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supfleet-reload-'));
    const programs = {
      'program:slow_wait': program({ command: '/bin/sh -c "sleep 2; exit 0"', exitcodes: '0' }),
      'group:app': { programs: 'slow_wait' },
    };
    n1 = await startSupervisord({ programs });
    n2 = await startSupervisord({ programs });
    writeFileSync(join(dir, 'rules.xml'), rules(1));
    writeConf(`<n1>127.0.0.1:${n1.port}`);
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => logs.push((JSON.parse(line) as { msg: string }).msg) },
    });
    service = await createService(loadConfig(confFile()), { logger });
    url = await service.start();
    await until(service, () => service.store.state.instances.n1?.state === 'RUNNING');
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await Promise.all([n1?.stop(), n2?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a broken rules file while a job runs: nothing changes, errors file:line:column everywhere', async () => {
    const { body } = await post<{ job: Job }>(api('/applications/app/start'));
    await until(
      service,
      () => service.store.job(body.job.id)?.ranks[0]?.processes[0]?.step === 'waiting-exit',
    );
    const before = service.store.state.applications.app;
    writeFileSync(join(dir, 'rules.xml'), BROKEN);
    const refused = await post<ErrorBody>(api('/rules/reload'));
    expect(refused.status).toBe(422);
    const errors = (refused.body.error.details as { errors: string[] }).errors;
    expect(errors[0]).toMatch(/rules\.xml:3:\d+: .*start_sequense/);
    expect(
      logs.some(
        (line) => line.startsWith('reload refused, nothing changed:') && line.includes('rules.xml:3:'),
      ),
    ).toBe(true);
    // The page's banner reads this until a reload succeeds.
    const status = (await get<ServiceStatus>(api('/service'))).body;
    expect(status.reload).toMatchObject({ ok: false, errors });
    expect(service.store.snapshot().service.reload.ok).toBe(false);
    // The rules in force, the application and the job are as they were.
    expect(service.store.state.applications.app?.rules).toEqual(before?.rules);
    expect(service.store.state.processes['app:slow_wait']?.rules.startSequence).toBe(1);
    await until(service, () => service.store.job(body.job.id)?.state !== 'running', 15_000, 'job end');
    expect(service.store.job(body.job.id)?.state).toBe('succeeded');
  }, 30_000);

  it('applies a valid file at once: the model and the REST rules routes read the new rules', async () => {
    const line = await rank();
    writeFileSync(join(dir, 'rules.xml'), `<!-- moved -->\n${rules(2)}`);
    const updates: string[] = [];
    service.store.on('change', (change) => {
      for (const process of updated(change, 'processes'))
        updates.push(`${process.namespec}:${process.rules.startSequence}`);
    });
    const applied = await post<ReloadResult>(api('/rules/reload'));
    expect(applied.status).toBe(200);
    expect(applied.body.status.reload).toMatchObject({ ok: true, errors: [] });
    expect(service.store.state.processes['app:slow_wait']?.rules.startSequence).toBe(2);
    expect(updates).toContain('app:slow_wait:2');
    expect(await rank()).toBe((line ?? 0) + 1);
    // A reload keeps the replica's part: on SQLite the one server leads, at epoch 1.
    expect((await get<ServiceStatus>(api('/service'))).body).toMatchObject({
      reload: { ok: true },
      leader: true,
      leaderName: service.store.service.replica,
      epoch: 1,
    });
  });

  it('starts the monitor of an added instance, stops a removed one, and names settings needing a restart', async () => {
    writeConf(`<n1>127.0.0.1:${n1.port}, <n2>127.0.0.1:${n2.port}`, 'fast_poll_period = 0.5\n');
    const added = await post<ReloadResult>(api('/rules/reload'));
    expect(added.body).toMatchObject({ instancesAdded: ['n2'], instancesRemoved: [] });
    expect(added.body.status.needsRestart).toEqual(['fast_poll_period']);
    await until(service, () => service.store.state.instances.n2?.state === 'RUNNING', 10_000, 'n2 synced');
    expect(service.store.state.processes['app:slow_wait']?.definedOn).toEqual(['n1', 'n2']);

    writeConf(`<n2>127.0.0.1:${n2.port}`);
    const removed = await post<ReloadResult>(api('/rules/reload'));
    expect(removed.body).toMatchObject({ instancesAdded: [], instancesRemoved: ['n1'] });
    expect(removed.body.status.needsRestart).toEqual([]);
    const instances = (await get<Instance[]>(api('/instances'))).body;
    expect(instances.map((i) => i.id)).toEqual(['n2']);
    expect([...service.monitors.keys()]).toEqual(['n2']);
    expect(service.store.state.processes['app:slow_wait']?.definedOn).toEqual(['n2']);
  });

  it('SIGHUP does the same in the real service', async () => {
    writeFileSync(join(dir, 'rules.xml'), BROKEN);
    const real = await startServiceProcess(confFile()).catch((error: unknown) => {
      // It refuses to start on a broken file: that is the start-up rule, not the reload one.
      expect(String(error)).toMatch(/rules\.xml:3:/);
      return null;
    });
    expect(real).toBeNull();
    writeFileSync(join(dir, 'rules.xml'), rules(1));
    const live = await startServiceProcess(confFile());
    try {
      writeFileSync(join(dir, 'rules.xml'), BROKEN);
      live.child.kill('SIGHUP');
      const status = await eventually(
        async () => {
          const { body } = await get<ServiceStatus>(`${live.url}/api/v1/service`);
          return body.reload.ok ? undefined : body;
        },
        'the reload refused',
        { timeoutMs: 10_000, intervalMs: 100 },
      );
      expect(status.reload.errors[0]).toMatch(/rules\.xml:3:\d+:/);
      // The log line reaches the pipe on its own schedule: the status may be read before it.
      const said = /reload refused, nothing changed: .*rules\.xml:3:/;
      await eventually(() => said.test(live.output()), 'the refusal in the log', { timeoutMs: 10_000 });
    } finally {
      live.child.kill('SIGTERM');
      await live.exited;
    }
  }, 60_000);
});
