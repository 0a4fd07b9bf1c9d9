import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { program, startTestFleet, until, type TestFleet } from '../../../server/src/__tests__/fleet-fixture';

const BIN = fileURLToPath(new URL('../../bin/supfleetctl.mjs', import.meta.url));

const RULES = `<root>
  <application name="app">
    <start_sequence>1</start_sequence>
    <programs>
      <program pattern=""><start_sequence>2</start_sequence><required>true</required></program>
      <program name="setup"><start_sequence>1</start_sequence><wait_exit>true</wait_exit></program>
    </programs>
  </application>
</root>`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('supfleetctl with supvisorsctl’s names, several names or none, idempotent actions', () => {
  let fleet: TestFleet;
  const ctl = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [BIN, '-s', fleet.url, ...args],
        { timeout: 60_000, env: { ...process.env, SUPFLEET_URL: '' } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  const info = async (node: string, namespec: string) => fleet.nodes[node]!.client.getProcessInfo(namespec);

  beforeAll(async () => {
    fleet = await startTestFleet(
      {
        n1: {
          'program:front': program(),
          'program:setup': program({ command: '/bin/sh -c "sleep 0.2; exit 0"', exitcodes: '0' }),
          'group:app': { programs: 'front,setup' },
          'program:tool': program(),
          'group:misc': { programs: 'tool' },
        },
        n2: { 'program:back': program(), 'group:app': { programs: 'back' } },
      },
      RULES,
    );
    await until(fleet.service, () => Object.keys(fleet.service.store.state.processes).length === 4);
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('sstatus is process_info under supvisorsctl’s name, with its help', async () => {
    const run = await ctl('sstatus', 'app:*');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^Process\s+State\s+Instance\s+Description$/);
    expect((await ctl('help', 'sstatus')).stdout).toMatch(
      /usage: supfleetctl \[GLOBAL OPTIONS\] process_info[\s\S]*Also: sstatus\./,
    );
  });

  it('start_application with no name starts every managed application; again, ALREADY_STARTED and nothing re-spawned', async () => {
    const started = await ctl('start_application', 'CONFIG');
    expect([started.code, started.stdout, started.stderr]).toEqual([0, 'app started\n', '']);
    const setup = await info('n1', 'app:setup');
    expect(setup.statename).toBe('EXITED');
    const front = await info('n1', 'app:front');

    const again = await ctl('start_application', 'CONFIG', 'app');
    expect([again.code, again.stdout]).toEqual([3, '']);
    expect(again.stderr).toBe('supfleetctl: app: ALREADY_STARTED: app is RUNNING, nothing done\n');
    expect((await info('n1', 'app:setup')).start).toBe(setup.start);
    expect((await info('n1', 'app:front')).pid).toBe(front.pid);
  });

  it('stop_process takes several names; with nothing running, NOT_RUNNING and exit 3', async () => {
    const stopped = await ctl('stop_process', 'app:front', 'app:back');
    expect([stopped.code, stopped.stdout]).toEqual([0, 'app:front stopped\napp:back stopped\n']);
    const again = await ctl('stop_process', 'app:front', 'app:back');
    expect(again.code).toBe(3);
    expect(again.stderr).toBe(
      'supfleetctl: app:front: NOT_RUNNING: app:front is STOPPED, nothing done\n' +
        'supfleetctl: app:back: NOT_RUNNING: app:back is STOPPED, nothing done\n',
    );
  });

  it('test_start_application (and plan) show the ranks and the instance of each process, starting nothing', async () => {
    await ctl('stop_application', 'app');
    const run = await ctl('test_start_application', 'CONFIG', 'app');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Rank\s+Process\s+Outcome\s+Instance\s+Reason\s+Refused$/);
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/).slice(0, 4))).toEqual([
      ['1', 'app:setup', 'planned', 'n1'],
      ['2', 'app:back', 'planned', 'n2'],
      ['2', 'app:front', 'planned', 'n1'],
    ]);
    expect(lines[3]).toMatch(/n2 \(not-defined\)$/);
    expect((await ctl('plan', 'CONFIG', 'app')).stdout).toBe(run.stdout);
    expect((await info('n1', 'app:front')).statename).toBe('STOPPED');
  });

  it('disable / enable a program on an instance: the plan and the start refuse it, then accept it', async () => {
    expect(await ctl('disable', 'app:front', 'n1')).toMatchObject({
      code: 0,
      stdout: 'app:front disabled on n1\n',
    });
    expect((await ctl('disable', 'app:front', 'n1')).stdout).toBe('app:front already disabled on n1\n');
    const plan = await ctl('test_start_process', 'CONFIG', 'app:front');
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(
      /app:front\s+refused\s+-\s+no instance can start app:front: app:front is disabled on n1.*n1 \(disabled\)/,
    );
    const start = await ctl('start_process', 'CONFIG', 'app:front');
    expect(start.code).toBe(1);
    expect(start.stderr).toMatch(/^supfleetctl: app:front: .*disabled on n1/);
    expect((await ctl('disabled')).stdout).toMatch(/^Process\s+Instance\s+By\s+Since\napp:front\s+n1\s+\S+/);
    expect((await ctl('enable', 'app:front')).stdout).toBe('app:front enabled on n1\n');
    expect((await ctl('disabled')).stdout).toBe('nothing disabled\n');
  });

  it('an unmanaged application is never orchestrated, its processes are started and stopped one by one', async () => {
    const app = await ctl('start_application', 'CONFIG', 'misc');
    expect(app.code).toBe(1);
    expect(app.stderr).toMatch(/^supfleetctl: misc: misc is not managed/);
    expect(await ctl('start_process', 'CONFIG', 'misc:tool')).toMatchObject({
      code: 0,
      stdout: 'misc:tool started\n',
    });
    expect((await info('n1', 'misc:tool')).statename).toBe('RUNNING');
    expect(await ctl('stop_process', 'misc:*')).toMatchObject({ code: 0, stdout: 'misc:tool stopped\n' });
  });

  it('start_all / stop_all / restart_sequence run one job over the managed applications', async () => {
    expect(await ctl('start_all')).toMatchObject({ code: 0, stdout: 'all started\n' });
    expect((await info('n2', 'app:back')).statename).toBe('RUNNING');
    expect((await info('n1', 'misc:tool')).statename).toBe('STOPPED');
    expect(await ctl('stop_all')).toMatchObject({ code: 0, stdout: 'all stopped\n' });
    expect((await info('n2', 'app:back')).statename).toBe('STOPPED');
    const sequence = await ctl('--json', 'restart_sequence', 'CONFIG');
    expect(JSON.parse(sequence.stdout)).toMatchObject([
      { name: 'all', outcome: 'started', job: { kind: 'start', target: { type: 'all' } } },
    ]);
  });
});
