import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application, Process } from '@supfleet/protocol';
import { freePort, startFleet, type Fleet } from '../../../../scripts/lib/fleet.mjs';
import { eventually } from './eventually';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../../../..');
const PLUGIN_DIR = join(REPO, 'integrations', 'supervisorctl');

/** The example tree in a temporary directory, its fixed ports replaced by free ones. */
async function exampleCopy(conf: string): Promise<{ root: string; conf: string; url: string }> {
  const root = mkdtempSync(join(tmpdir(), 'supfleet-scen1-'));
  cpSync(join(REPO, 'examples', 'scenario-1'), root, { recursive: true });
  const path = join(root, 'etc', conf);
  let text = readFileSync(path, 'utf8');
  for (const port of ['61000', '61001', '61002', '61003', '61100']) {
    if (text.includes(port)) text = text.replaceAll(port, String(await freePort()));
  }
  writeFileSync(path, text);
  const listen = /^listen = (\S+)$/m.exec(text)![1]!;
  return { root, conf: path, url: `http://${listen}` };
}

async function json<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  return eventually(() => probe().catch(() => undefined), what, { timeoutMs, intervalMs: 100 });
}

const appState = (url: string) =>
  waitFor('scen1', async () => (await json<Application>(`${url}/api/v1/applications/scen1`)).state);

describe("the seed's commands through Debian's supervisorctl and the plugin (supervisord_localhost.conf)", () => {
  let copy: Awaited<ReturnType<typeof exampleCopy>>;
  let fleet: Fleet;
  /** The seed's command line, verbatim but for the conf path (relative to the copy's root, as in the seed). */
  const supervisorctl = async (...args: string[]) => {
    try {
      const { stdout } = await run(
        '/usr/bin/supervisorctl',
        ['-c', 'etc/supervisord_localhost.conf', ...args],
        {
          cwd: copy.root,
          env: { ...process.env, PYTHONPATH: PLUGIN_DIR },
          timeout: 60_000,
        },
      );
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
    }
  };

  beforeAll(async () => {
    copy = await exampleCopy('supervisord_localhost.conf');
    const runRoot = join(copy.root, 'run');
    mkdirSync(runRoot);
    fleet = await startFleet({ conf: copy.conf, runRoot });
  });
  afterAll(async () => {
    await fleet?.stop();
    if (copy) rmSync(copy.root, { recursive: true, force: true });
  });

  it('auto_start = true: scen1 comes up by itself', async () => {
    await waitFor('scen1 RUNNING', async () => ((await appState(copy.url)) === 'RUNNING' ? true : undefined));
  });

  it('application_info scen1 answers as the seed shows', async () => {
    const { code, stdout } = await supervisorctl('application_info', 'scen1');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Application\s+State\s+Major\s+Minor$/);
    expect(lines[1]).toMatch(/^scen1\s+RUNNING\s+False\s+False$/);
  });

  it('restart_application CONFIG scen1 restarts it, and says so', async () => {
    const before = await json<Process>(`${copy.url}/api/v1/processes/scen1:scen1_hci`);
    const { code, stdout } = await supervisorctl('restart_application', 'CONFIG', 'scen1');
    expect([code, stdout]).toEqual([0, 'scen1 restarted\n']);
    const after = await json<Process>(`${copy.url}/api/v1/processes/scen1:scen1_hci`);
    expect(after.state).toBe('RUNNING');
    expect(after.instances[0]!.pid).not.toBe(before.instances[0]!.pid);
  });

  it('answers what Supvisors answers to a start of a running application, exit 1, nothing re-spawned', async () => {
    const before = await json<Process>(`${copy.url}/api/v1/processes/scen1:scen1_hci`);
    const { code, stdout } = await supervisorctl('start_application', 'CONFIG', 'scen1');
    expect([code, stdout]).toEqual([1, 'scen1: ERROR (ALREADY_STARTED: scen1)\n']);
    expect((await json<Process>(`${copy.url}/api/v1/processes/scen1:scen1_hci`)).instances[0]!.pid).toBe(
      before.instances[0]!.pid,
    );
  });

  it('gives the status commands, the dry run and a help per command', async () => {
    const sstatus = await supervisorctl('sstatus', 'scen1:scen1_hci');
    expect(sstatus.stdout).toMatch(
      /^Application\s+Process\s+State\s+Expected\s+Supervisor\nscen1\s+scen1_hci\s+RUNNING\s+n\/a\s+\['127\.0\.0\.1:\d+'\]\n$/,
    );
    const sstate = await supervisorctl('sstate');
    expect(sstate.stdout).toMatch(
      /^State\s+Discovery\s+Starting\s+Stopping\nOPERATION\s+False\s+\[\]\s+\[\]\n$/,
    );
    const rules = await supervisorctl('process_rules', 'scen1:scen1_hci');
    expect(rules.stdout).toMatch(/scen1\s+scen1_hci\s+2\s+2\s+True\s+False\s+2%/);
    const instances = await supervisorctl('instance_status');
    expect(instances.stdout).toMatch(/localhost\s+127\.0\.0\.1\s+\d+\s+RUNNING/);
    const plan = await supervisorctl('test_start_process', 'CONFIG', 'scen1:scen1_hci');
    expect([plan.code, plan.stdout]).toEqual([
      1,
      'scen1:scen1_hci: ERROR (ALREADY_STARTED: scen1:scen1_hci)\n',
    ]);
    const help = await supervisorctl('help', 'restart_application');
    expect(help.stdout).toMatch(
      /^restart_application <strategy> <appli>\s+Restart the managed application appli\.\n/,
    );
    const status = await supervisorctl('help', 'status');
    expect(status.stdout).not.toMatch(/No help/);
    expect(status.stdout).toMatch(/^status <name>/);
    const all = await supervisorctl('help');
    expect(all.stdout).toMatch(
      /supfleet commands \(type help <topic>\):[\s\S]*application_info[\s\S]*sstatus/,
    );
  });

  it('stop_application, then start_application with no name (= every managed application)', async () => {
    expect(await supervisorctl('stop_application', 'scen1')).toEqual({ code: 0, stdout: 'scen1 stopped\n' });
    expect(await supervisorctl('stop_application', 'scen1')).toEqual({
      code: 1,
      stdout: 'scen1: ERROR (NOT_RUNNING: failed to stop scen1)\n',
    });
    const plan = await supervisorctl('test_start_application', 'CONFIG', 'scen1');
    expect(plan.stdout).toMatch(
      /^Rank\s+Application\s+Process\s+Outcome\s+Supervisor\s+Reason\n2\s+scen1\s+scen1_config_manager\s+planned\s+localhost\s+CONFIG: the only instance/,
    );
    expect(await supervisorctl('start_application', 'CONFIG')).toEqual({
      code: 0,
      stdout: 'scen1 started\n',
    });
    expect(await appState(copy.url)).toBe('RUNNING');
  });

  it('says why extra_args cannot be honoured, and refuses a bad strategy with usage', async () => {
    const numprocs = await supervisorctl('update_numprocs', 'scen1_hci', '2');
    expect(numprocs.code).toBe(1);
    expect(numprocs.stdout).toMatch(
      /^update_numprocs: ERROR \(NOT_APPLICABLE: update_numprocs cannot be honoured from outside supervisord: /,
    );
    const bad = await supervisorctl('start_application', 'FASTEST', 'scen1');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/^ERROR: start_application needs a strategy first/);
  });
});

describe('auto_start over three nodes (supervisord_demo.conf): a node killed and brought back', () => {
  let copy: Awaited<ReturnType<typeof exampleCopy>>;
  let fleet: Fleet;
  let revived: ChildProcess | undefined;
  const processes = () => json<Process[]>(`${copy.url}/api/v1/applications/scen1/processes`);

  beforeAll(async () => {
    copy = await exampleCopy('supervisord_demo.conf');
    const runRoot = join(copy.root, 'run');
    mkdirSync(runRoot);
    fleet = await startFleet({ conf: copy.conf, runRoot, nfsPath: join(runRoot, 'nfs'), nfsDelayMs: 0 });
  });
  afterAll(async () => {
    revived?.kill('SIGTERM');
    if (revived && revived.exitCode === null) await new Promise((done) => revived!.once('exit', done));
    await fleet?.stop();
    if (copy) rmSync(copy.root, { recursive: true, force: true });
  });

  it('has its scen1 processes started again once it answers', async () => {
    await waitFor('scen1 RUNNING', async () => ((await appState(copy.url)) === 'RUNNING' ? true : undefined));
    const rocky52 = fleet.instances.find((i) => i.id === 'rocky52')!;
    const onRocky52 = (await processes())
      .filter((p) => p.definedOn.includes('rocky52'))
      .map((p) => p.namespec);
    expect(onRocky52.length).toBeGreaterThan(1);

    // The node goes down: supervisord and its processes.
    process.kill(rocky52.pid!, 'SIGTERM');
    await waitFor('rocky52 SILENT', async () =>
      (await json<{ state: string }>(`${copy.url}/api/v1/instances/rocky52`)).state === 'SILENT'
        ? true
        : undefined,
    );
    // Gone for good before it comes back: a supervisord still stopping its programs holds its port,
    // and the new one would exit at once on a loaded machine.
    await waitFor('rocky52 exited', () => {
      try {
        process.kill(rocky52.pid!, 0);
        return Promise.resolve(undefined);
      } catch {
        return Promise.resolve(true);
      }
    });
    // It comes back, as on a reboot: its programs have autostart=false.
    revived = spawn('/usr/bin/supervisord', ['-n', '-c', copy.conf], {
      env: {
        ...process.env,
        SUPFLEET_NODE: 'rocky52',
        SUPFLEET_PORT: String(rocky52.port),
        SUPFLEET_RUN_DIR: rocky52.runDir,
        SCEN1_NFS_PATH: join(copy.root, 'run', 'nfs'),
      },
      stdio: 'ignore',
    });
    const answered = await waitFor('rocky52 RUNNING', async () =>
      (await json<{ state: string }>(`${copy.url}/api/v1/instances/rocky52`)).state === 'RUNNING'
        ? Date.now()
        : undefined,
    );
    let spawned: number | undefined;
    const restarted = await waitFor('rocky52 processes running again', async () => {
      const back = (await processes()).filter((p) => onRocky52.includes(p.namespec));
      if (spawned === undefined && back.some((p) => p.state !== 'STOPPED')) spawned = Date.now();
      const done = back.every((p) => (p.rules.waitExit ? p.state === 'EXITED' : p.state === 'RUNNING'));
      return done ? Date.now() : undefined;
    });
    // A measurement, not a test of speed (the machine is shared): printed for the report.
    console.log(
      `auto_start: rocky52 answered; its first scen1 process spawned after ${(spawned ?? restarted) - answered} ms, ` +
        `all ${onRocky52.length} running (startsecs=1 included) after ${restarted - answered} ms`,
    );
    const jobs = await json<{ cause?: string; state: string }[]>(`${copy.url}/api/v1/jobs`);
    expect(jobs.some((j) => j.cause === 'auto_start: rocky52 joined')).toBe(true);
    expect(await appState(copy.url)).toBe('RUNNING');
    // Each wait has 60 s of its own: a slow step fails by its name, not on the test's timeout.
  }, 200_000);
});
