import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Application, Instance, Job, Process } from '@supfleet/protocol';
import { startSupervisord, type RunningSupervisord } from '@supfleet/supervisor-client/testing';
import { get, post, program } from './fleet-fixture';
import { startServiceProcess, writeServiceConfig, type ServiceProcess } from './service-process';
import { eventually } from './eventually';

const RULES = `<root><application name="app"><start_sequence>1</start_sequence><programs>
  <program name="slow_wait"><start_sequence>1</start_sequence><wait_exit>true</wait_exit></program>
  <program name="srv"><start_sequence>2</start_sequence><required>true</required></program>
</programs></application></root>`;

async function waitFor<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs = 15_000,
) {
  const found = await eventually(
    async () => {
      const value = await read();
      return ok(value) ? { value } : undefined;
    },
    what,
    { timeoutMs, intervalMs: 100 },
  );
  return found.value;
}

describe('jobs survive the service: kill -9 mid-job, restart, SIGTERM', () => {
  let dir: string;
  let n1: RunningSupervisord;
  let n2: RunningSupervisord;
  let config: string;
  const services: ServiceProcess[] = [];

  const launch = async () => {
    const service = await startServiceProcess(config);
    services.push(service);
    return service;
  };
  const application = (url: string) => get<Application>(`${url}/api/v1/applications/app`).then((r) => r.body);
  const jobs = (url: string) => get<Job[]>(`${url}/api/v1/jobs`).then((r) => r.body);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supfleet-survive-'));
    n1 = await startSupervisord({
      programs: {
        'program:slow_wait': program({ command: '/bin/sh -c "sleep 4; exit 0"', exitcodes: '0' }),
        'group:app': { programs: 'slow_wait' },
      },
    });
    n2 = await startSupervisord({ programs: { 'program:srv': program(), 'group:app': { programs: 'srv' } } });
    writeFileSync(join(dir, 'rules.xml'), RULES);
    config = writeServiceConfig(dir, {
      supvisors_list: `<n1>127.0.0.1:${n1.port},<n2>127.0.0.1:${n2.port}`,
      rules_files: 'rules.xml',
      data_dir: join(dir, 'data'),
      poll_period: 0.3,
      shutdown_grace: 1,
    });
  }, 60_000);
  afterEach(() => {
    for (const service of services) if (service.child.exitCode === null) service.child.kill('SIGKILL');
  });
  afterAll(async () => {
    await Promise.all([n1?.stop(), n2?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a job running when the service was killed as interrupted, with how far it got, and runs nothing again', async () => {
    const first = await launch();
    await waitFor(
      () => application(first.url),
      (a) => a?.state === 'STOPPED',
      'app known',
    );
    const started = await post<{ job: Job }>(`${first.url}/api/v1/applications/app/start`);
    expect(started.status).toBe(202);
    const id = started.body.job.id;
    // Rank 1 waits for slow_wait's exit: meanwhile the application is STARTING, its LED "starting".
    const during = await waitFor(
      () => get<Job>(`${first.url}/api/v1/jobs/${id}`).then((r) => r.body),
      (job) => job.ranks[0]?.processes[0]?.step === 'waiting-exit',
      'rank 1 waiting',
    );
    expect(during.state).toBe('running');
    expect(await application(first.url)).toMatchObject({ state: 'STARTING', status: 'starting', jobId: id });

    first.child.kill('SIGKILL');
    await first.exited;
    const second = await launch();
    const restartedAt = Date.now();
    const instances = await waitFor(
      () => get<Instance[]>(`${second.url}/api/v1/instances`).then((r) => r.body),
      (list) => list.every((i) => i.state === 'RUNNING'),
      'state rebuilt',
    );
    expect(instances.map((i) => i.id)).toEqual(['n1', 'n2']);
    expect(Date.now() - restartedAt).toBeLessThan(10_000);

    const [job] = await jobs(second.url);
    expect(job).toMatchObject({ id, state: 'interrupted', error: 'the service stopped while the job ran' });
    expect(job?.endedAt).toBeGreaterThan(job!.createdAt);
    expect(job?.ranks[0]?.processes[0]).toMatchObject({ namespec: 'app:slow_wait', step: 'waiting-exit' });
    expect(job?.ranks[1]?.processes[0]).toMatchObject({ namespec: 'app:srv', step: 'skipped' });
    // slow_wait ends by itself; nobody runs rank 2 on the dead job's behalf.
    await waitFor(
      () => n1.client.getProcessInfo('app:slow_wait'),
      (p) => p.statename === 'EXITED',
      'exit',
      10_000,
    );
    // The service saw it exit, then n2 answered two polls sent since: a rank 2 run on the dead
    // job's behalf would have started srv by then (no window of time: the polls say when).
    await waitFor(
      () => get<Process>(`${second.url}/api/v1/processes/app:slow_wait`).then((r) => r.body),
      (p) => p.state === 'EXITED',
      'the exit seen',
    );
    for (let round = 0; round < 2; round++) {
      const since = Date.now();
      await waitFor(
        () => get<Instance[]>(`${second.url}/api/v1/instances`).then((r) => r.body),
        (list) => (list.find((i) => i.id === 'n2')?.lastSeen ?? since) > since,
        'n2 polled',
      );
    }
    expect((await n2.client.getProcessInfo('app:srv')).statename).toBe('STOPPED');
    expect((await application(second.url)).jobId).toBeNull();
    // A new job gets a new id: the history is not overwritten.
    const next = await post<{ job: Job }>(`${second.url}/api/v1/processes/app:srv/start`, { wait: true });
    expect(next.body.job.id).not.toBe(id);
    expect((await jobs(second.url)).map((j) => j.id).slice(0, 2)).toEqual([next.body.job.id, id]);
    await post(`${second.url}/api/v1/processes/app:srv/stop`, { wait: true });
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  }, 90_000);

  it('on SIGTERM refuses new actions, gives running jobs shutdown_grace, marks the rest interrupted, exits 0', async () => {
    const service = await launch();
    await waitFor(
      () => application(service.url),
      (a) => a?.state === 'STOPPED',
      'app known',
    );
    const { body } = await post<{ job: Job }>(`${service.url}/api/v1/applications/app/start`);
    await waitFor(
      () => get<Job>(`${service.url}/api/v1/jobs/${body.job.id}`).then((r) => r.body),
      (job) => job.ranks[0]?.processes[0]?.step === 'waiting-exit',
      'rank 1 waiting',
    );
    service.child.kill('SIGTERM');
    const refused = await waitFor(
      () =>
        post<{ error: { code: string; message: string } }>(`${service.url}/api/v1/processes/app:srv/start`),
      (r) => r.status === 503,
      '503 while draining',
      5000,
    );
    expect(refused.body.error.message).toMatch(/shutting down/);
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.output()).toMatch(/SIGTERM: no new action accepted/);

    const after = await launch();
    const job = (await jobs(after.url)).find((j) => j.id === body.job.id);
    expect(job).toMatchObject({ state: 'interrupted' });
    after.child.kill('SIGTERM');
    await after.exited;
  }, 90_000);
});
