import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { program, startTestFleet, until, type TestFleet } from '../../../server/src/__tests__/fleet-fixture';

const BIN = fileURLToPath(new URL('../../bin/supfleetctl.mjs', import.meta.url));

const RULES = `<?xml version="1.0"?>
<root>
  <application name="app">
    <start_sequence>1</start_sequence>
    <programs>
      <program pattern="">
        <start_sequence>1</start_sequence>
        <required>true</required>
      </program>
    </programs>
  </application>
</root>`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function supfleetctl(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const options = { timeout: 60_000, env: { ...process.env, SUPFLEET_URL: '', ...env } };
    execFile(process.execPath, [BIN, ...args], options, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Table rows as lists of cells (cells hold no blanks in these tests). */
function rows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(/\s{2,}/));
}

describe('supfleetctl against a real server over two real supervisord', () => {
  let fleet: TestFleet;
  const ctl = (...args: string[]) => supfleetctl(['-s', fleet.url, ...args]);
  const pids = async () => {
    const infos = await Promise.all(
      Object.values(fleet.nodes).map((node) => node.client.getAllProcessInfo()),
    );
    return Object.fromEntries(
      infos.flat().map((p) => [`${p.group}:${p.name}`, { pid: p.pid, state: p.statename }]),
    );
  };

  beforeAll(async () => {
    fleet = await startTestFleet(
      {
        n1: {
          'program:front': program({
            command: `/bin/sh -c "echo front says hello; trap 'exit 0' TERM; while true; do sleep 0.2; done"`,
          }),
          'group:app': { programs: 'front' },
        },
        n2: { 'program:back': program(), 'group:app': { programs: 'back' } },
      },
      RULES,
    );
    await until(
      fleet.service,
      () => Object.keys(fleet.service.store.state.processes).length === 2,
      10_000,
      'two processes known',
    );
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('instance_status lists both instances RUNNING', async () => {
    const run = await ctl('instance_status');
    expect(run.code).toBe(0);
    const table = rows(run.stdout);
    expect(table[0]).toEqual(['Instance', 'Node', 'Port', 'State', 'Load', 'Last seen']);
    expect(table.slice(1).map(([id, , port, state]) => [id, port, state])).toEqual([
      ['n1', String(fleet.nodes.n1!.port), 'RUNNING'],
      ['n2', String(fleet.nodes.n2!.port), 'RUNNING'],
    ]);
  });

  it('application_info shows the stopped application as a table, LED off', async () => {
    const run = await ctl('application_info');
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(rows(run.stdout)).toEqual([
      ['Application', 'State', 'Major', 'Minor', 'Status'],
      ['app', 'STOPPED', 'False', 'False', 'none'],
    ]);
  });

  it('restart_application CONFIG restarts every process and says so', async () => {
    const started = await ctl('start_application', 'CONFIG', 'app');
    expect([started.code, started.stdout, started.stderr]).toEqual([0, 'app started\n', '']);
    const before = await pids();
    expect(Object.values(before).map((p) => p.state)).toEqual(['RUNNING', 'RUNNING']);

    const restarted = await ctl('restart_application', 'CONFIG', 'app');
    expect([restarted.code, restarted.stdout, restarted.stderr]).toEqual([0, 'app restarted\n', '']);
    const after = await pids();
    for (const namespec of ['app:front', 'app:back']) {
      expect(after[namespec]?.state).toBe('RUNNING');
      expect(after[namespec]?.pid).not.toBe(before[namespec]?.pid);
    }
    await until(fleet.service, () => fleet.service.store.state.applications.app?.status === 'operational');
    expect(rows((await ctl('application_info', 'app')).stdout)[1]).toEqual([
      'app',
      'RUNNING',
      'False',
      'False',
      'Operational',
    ]);
  });

  it('process_info shows where each process runs', async () => {
    const run = await ctl('process_info', 'app:*');
    expect(run.code).toBe(0);
    const table = rows(run.stdout);
    expect(table[0]).toEqual(['Process', 'State', 'Instance', 'Description']);
    expect(table.slice(1).map(([namespec, state, instance]) => [namespec, state, instance])).toEqual([
      ['app:back', 'RUNNING', 'n2'],
      ['app:front', 'RUNNING', 'n1'],
    ]);
    expect(table[1]?.[3]).toMatch(/^pid \d+/);
  });

  it("an unknown application: exit 1, the server's reason on stderr, nothing on stdout", async () => {
    const info = await ctl('application_info', 'nope');
    expect([info.code, info.stdout]).toEqual([1, '']);
    expect(info.stderr).toBe('supfleetctl: unknown application nope\n');

    const restart = await ctl('restart_application', 'CONFIG', 'nope');
    expect([restart.code, restart.stdout]).toEqual([1, '']);
    expect(restart.stderr).toMatch(/^supfleetctl: .*nope/);
  });

  it('a start refused by the rules of placement: exit 1 and why', async () => {
    await ctl('stop_process', 'app:front');
    const run = await ctl('start_process', 'CONFIG', 'app:front', '--instance', 'n2');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not defined on n2/);
    expect((await pids())['app:front']?.state).not.toBe('RUNNING');
    expect((await ctl('start_process', 'CONFIG', 'app:front')).stdout).toBe('app:front started\n');
  });

  it("--json prints the server's own JSON", async () => {
    const run = await ctl('--json', 'application_info');
    expect(run.code).toBe(0);
    const applications = JSON.parse(run.stdout) as { name: string; status: string; managed: boolean }[];
    expect(applications).toMatchObject([{ name: 'app', managed: true, status: 'operational' }]);

    const job = await ctl('stop_application', 'app', '--json');
    expect(JSON.parse(job.stdout)).toMatchObject({
      kind: 'stop',
      state: 'succeeded',
      target: { type: 'application', name: 'app' },
    });
  });

  it('application_rules and process_rules show the resolved rules and the rule behind them', async () => {
    const app = await ctl('application_rules', 'app');
    expect(rows(app.stdout)[1]).toEqual([
      'app',
      'True',
      'ALL_INSTANCES',
      '*',
      '1',
      '1',
      'CONFIG',
      'ABORT',
      'CONTINUE',
      'rules.xml:3',
    ]);
    const proc = await ctl('process_rules', 'app:front');
    expect(rows(proc.stdout)[1]).toEqual([
      'app:front',
      '1',
      '1',
      'True',
      'False',
      '0%',
      'CONTINUE',
      '*',
      'rules.xml:6',
      '-',
    ]);
  });

  it('reload_rules: a broken file changes nothing and prints file:line:column; a valid one is applied', async () => {
    writeFileSync(fleet.rulesFile, RULES.replace('<required>true</required>', '<required>maybe</required>'));
    const refused = await ctl('reload_rules');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      /^nothing reloaded; the rules in force are unchanged:\n.*rules\.xml:\d+:\d+: /,
    );
    writeFileSync(fleet.rulesFile, RULES);
    const applied = await ctl('reload_rules');
    expect([applied.code, applied.stdout]).toEqual([0, 'rules reloaded\n']);
  });

  it('tail prints the end of a process log', async () => {
    const run = await ctl('tail', 'app:front');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('front says hello\n');
  });

  it('says which server it cannot reach', async () => {
    const port = await closedPort();
    const run = await supfleetctl(['application_info'], { SUPFLEET_URL: `http://127.0.0.1:${port}` });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^supfleetctl: cannot reach the supfleet server at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`,
      ),
    );
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
