import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Instance, InstanceState } from '@supfleet/protocol';
import { program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';
import { updated } from '../../fleet-change';

const RULES = `<root><application name="app"><programs>
  <program pattern=""><start_sequence>1</start_sequence><required>true</required></program>
  <program name="svc"><start_sequence>1</start_sequence><required>true</required>
    <running_failure_strategy>RESTART_PROCESS</running_failure_strategy></program>
</programs></application></root>`;

/** The shipped liveness settings: not answering after 1.5 s, lost after 10 s. */
const SHIPPED = { silentAfterMs: 1500, lostAfterMs: 10_000 };

const node = (names: string[], fillers: string[] = []) => {
  const programs: Record<string, Record<string, string | number | boolean>> = {};
  for (const name of names) programs[`program:${name}`] = program();
  // Idle fillers: a few hundred shell loops would load the machine more than supervisord itself.
  for (const name of fillers) programs[`program:${name}`] = program({ command: '/bin/sleep 100000' });
  names = [...names, ...fillers];
  programs['group:app'] = { programs: names.join(',') };
  return programs;
};

function record(fleet: TestFleet, id: string): Instance[] {
  const seen: Instance[] = [];
  fleet.service.store.on('change', (change) => {
    for (const instance of updated(change, 'instances')) if (instance.id === id) seen.push(instance);
  });
  return seen;
}

describe('liveness: a hung supervisord is shown at once but declared lost only after lost_after', () => {
  let fleet: TestFleet;
  const stateOf = (id: string): InstanceState | undefined => fleet.service.store.state.instances[id]?.state;
  const entryOn = (namespec: string, id: string) =>
    fleet.service.store.state.processes[namespec]?.instances.find((entry) => entry.instance === id);

  beforeAll(async () => {
    fleet = await startTestFleet({ n1: node(['a', 'svc']), n2: node(['b', 'svc']) }, RULES, {
      ...SHIPPED,
      pollPeriodMs: 1000,
      rpcTimeoutMs: 2500,
    });
    await until(fleet.service, () => stateOf('n1') === 'RUNNING' && stateOf('n2') === 'RUNNING');
    await fleet.nodes.n1!.client.startProcess('app:a', true);
    await fleet.nodes.n1!.client.startProcess('app:svc', true);
    await fleet.nodes.n2!.client.startProcess('app:b', true);
    await until(fleet.service, () => fleet.service.store.state.applications.app?.status === 'operational');
  });
  afterEach(() => {
    fleet.nodes.n1?.resume();
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('SIGSTOP then SIGCONT within lost_after: stale meanwhile, then CHECKING, RUNNING, nothing restarted', async () => {
    const pid = entryOn('app:svc', 'n1')!.pid;
    const seen = record(fleet, 'n1');
    fleet.nodes.n1!.pause();
    const paused = Date.now();
    await until(fleet.service, () => stateOf('n1') === 'SILENT', 5000, 'n1 not answering');
    const silentAfter = Date.now() - paused;
    const instance = fleet.service.store.state.instances.n1!;
    expect(instance).toMatchObject({ lost: false, error: 'not answering' });
    expect(instance.silentSince).toBeGreaterThanOrEqual(paused - 1500);
    // Last known state, marked stale; not FATAL; the LED is no longer green.
    expect(entryOn('app:svc', 'n1')).toMatchObject({
      state: 'RUNNING',
      pid,
      staleSince: instance.silentSince,
    });
    expect(fleet.service.store.state.applications.app).toMatchObject({
      state: 'RUNNING',
      status: 'degraded',
    });
    fleet.nodes.n1!.resume();
    await until(fleet.service, () => stateOf('n1') === 'RUNNING', 5000, 'n1 back');
    expect(seen.map((i) => i.state)).toEqual(['SILENT', 'CHECKING', 'RUNNING']);
    expect(seen.every((i) => !i.lost)).toBe(true);
    expect(entryOn('app:svc', 'n1')).toMatchObject({ state: 'RUNNING', pid });
    expect(entryOn('app:svc', 'n1')?.staleSince).toBeUndefined();
    expect(entryOn('app:svc', 'n2')?.state).toBe('STOPPED');
    expect(fleet.service.store.jobs()).toEqual([]);
    expect(fleet.service.store.state.applications.app?.status).toBe('operational');
    // Within the 3 s the issue asks for, with margin for a loaded machine.
    expect(silentAfter).toBeLessThan(6000);
  });

  it('SIGSTOP past lost_after: lost, FATAL, and RESTART_PROCESS elsewhere; back, it resyncs', async () => {
    fleet.nodes.n1!.pause();
    const paused = Date.now();
    await until(
      fleet.service,
      () => fleet.service.store.state.instances.n1?.lost === true,
      20_000,
      'n1 lost',
    );
    expect(Date.now() - paused).toBeGreaterThanOrEqual(SHIPPED.lostAfterMs - 1000);
    expect(fleet.service.store.state.instances.n1?.error).toMatch(/^no answer for \d+ s/);
    expect(entryOn('app:a', 'n1')).toMatchObject({ state: 'FATAL', description: 'instance n1 lost' });
    await until(fleet.service, () => entryOn('app:svc', 'n2')?.state === 'RUNNING', 15_000, 'svc restarted');
    fleet.nodes.n1!.resume();
    await until(fleet.service, () => stateOf('n1') === 'RUNNING', 5000, 'n1 back');
    expect(fleet.service.store.state.instances.n1).toMatchObject({
      lost: false,
      silentSince: null,
      error: null,
    });
    // svc kept running on n1 while it was hung: now it runs twice, a conflict shown as such.
    await until(fleet.service, () => fleet.service.store.state.processes['app:svc']?.conflict === true);
    await fleet.nodes.n2!.client.stopProcess('app:svc', true);
  });

  it('SIGKILL: a refused connection is lost at the next poll, with no confirmation', async () => {
    const killed = Date.now();
    await fleet.nodes.n2!.kill();
    await until(fleet.service, () => fleet.service.store.state.instances.n2?.lost === true, 5000, 'n2 lost');
    expect(Date.now() - killed).toBeLessThan(3000);
    expect(stateOf('n2')).toBe('SILENT');
    expect(entryOn('app:b', 'n2')).toMatchObject({ state: 'FATAL', description: 'instance n2 lost' });
  });
});

describe('liveness: a supervisord spawning a few hundred processes is busy, not dead', () => {
  let fleet: TestFleet;
  const FILLERS = Array.from({ length: 600 }, (_, i) => `f${i}`);

  beforeAll(async () => {
    // 600 spawns: long enough on an idle machine (400 took under 2.5 s, silent_after plus one poll
    // period, and were never seen busy) and past 10 s on a loaded one (five test runs on two
    // cores): lost_after is raised here so that the test asserts the rule, not the machine.
    fleet = await startTestFleet({ n1: node(['svc'], FILLERS), n2: node(['svc']) }, RULES, {
      ...SHIPPED,
      lostAfterMs: 60_000,
      pollPeriodMs: 1000,
      rpcTimeoutMs: 2500,
    });
    const state = () => fleet.service.store.state;
    await until(
      fleet.service,
      () => state().instances.n1?.state === 'RUNNING' && state().instances.n2?.state === 'RUNNING',
    );
    await fleet.nodes.n1!.client.startProcess('app:svc', true);
    await until(fleet.service, () => state().processes['app:svc']?.state === 'RUNNING');
  }, 60_000);
  afterAll(async () => {
    await fleet?.stop();
  });

  it('spawning 600 processes: never lost, back through a resync if it went silent, nothing started elsewhere', async () => {
    const seen = record(fleet, 'n1');
    const svcOnN2: string[] = [];
    fleet.service.store.on('change', (change) => {
      for (const process of updated(change, 'processes')) {
        const entry = process.instances.find((e) => e.instance === 'n2');
        if (process.namespec === 'app:svc' && entry) svcOnN2.push(entry.state);
      }
    });
    // As `supervisorctl start all` would: supervisord spawns them all before it answers anything.
    const started = fleet.nodes.n1!.client.call('supervisor.startAllProcesses', [false], {
      timeoutMs: 120_000,
    });
    await started;
    await until(
      fleet.service,
      () =>
        fleet.service.store.state.instances.n1?.state === 'RUNNING' &&
        FILLERS.every((f) => fleet.service.store.state.processes[`app:${f}`]?.state === 'RUNNING'),
      30_000,
      'every filler seen RUNNING',
    );
    // How long supervisord stays silent depends on the machine (an idle one spawns 600 in a
    // couple of seconds; a loaded one takes over 10 s): busy or not, it is never declared lost,
    // and when it was seen not answering it came back through a resync.
    expect(seen.some((instance) => instance.lost)).toBe(false);
    const states = seen.map((instance) => instance.state);
    expect([[], ['SILENT', 'CHECKING', 'RUNNING']]).toContainEqual(states);
    expect(svcOnN2.filter((state) => state !== 'STOPPED')).toEqual([]);
    expect(fleet.service.store.jobs()).toEqual([]);
    expect(fleet.service.store.state.processes['app:svc']).toMatchObject({
      state: 'RUNNING',
      conflict: false,
    });
  }, 120_000);
});
