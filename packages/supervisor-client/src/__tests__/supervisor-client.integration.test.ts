import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionRefusedError, HttpError, SupervisorFault, TimeoutError } from '../errors.js';
import { SupervisorClient } from '../supervisor-client.js';
import type { ConfSection, RunningSupervisord } from '../testing/supervisord.js';
import { freePort, startSupervisord, stopAllSupervisords } from '../testing/supervisord.js';

const FILLERS = 30;

const programs: Record<string, ConfSection> = {
  'program:sleeper': {
    command: 'sleep 1000',
    autostart: false,
    startsecs: 0,
    exitcodes: '0,2',
    stopwaitsecs: 3,
  },
  'program:talker': {
    command: `sh -c 'echo hello stdout; echo hello stderr >&2; exec sleep 1000'`,
    startsecs: 0,
  },
  'program:missing': { command: '/nonexistent/bin/server', autostart: false },
  // A file that exists but is not executable: the generated conf itself (%(here)s is its dir).
  'program:notexec': { command: '%(here)s/supervisord.conf', autostart: false },
  'program:crasher': { command: `sh -c 'exit 3'`, autostart: false, startsecs: 1, startretries: 0 },
  'program:member': { command: 'sleep 1000', autostart: false },
  'group:grp': { programs: 'member' },
};
for (let i = 0; i < FILLERS; i++)
  programs[`program:filler_${i}`] = { command: 'sleep 1000', autostart: false };

let main: RunningSupervisord;
let secured: RunningSupervisord;

beforeAll(async () => {
  [main, secured] = await Promise.all([
    startSupervisord({ programs, name: 'rocky51' }),
    startSupervisord({ username: 'admin', password: 's3cret' }),
  ]);
});

afterAll(stopAllSupervisords);

/** The rejection of a promise that must reject. */
async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the call to fail, it succeeded');
  return outcome;
}

describe('SupervisorClient against supervisord 4.2.5', () => {
  it('reads the state and identification', async () => {
    await expect(main.client.getState()).resolves.toEqual({ statecode: 1, statename: 'RUNNING' });
    await expect(main.client.getIdentification()).resolves.toBe('supervisor');
  });

  it('reads the configuration: exitcodes, startsecs, groups, and "none" as null', async () => {
    const configs = await main.client.getAllConfigInfo();
    const sleeper = configs.find((config) => config.name === 'sleeper');
    expect(sleeper).toMatchObject({
      group: 'sleeper',
      command: 'sleep 1000',
      autostart: false,
      exitcodes: [0, 2],
      startsecs: 0,
      stopwaitsecs: 3,
      priority: 999,
      directory: null,
      uid: null,
    });
    expect(configs.find((config) => config.name === 'member')?.group).toBe('grp');
    expect(configs).toHaveLength(Object.keys(programs).length - 1 /* the group section */);
  });

  it('starts and stops a process, and refuses to start it twice or stop it twice', async () => {
    await expect(main.client.startProcess('sleeper', true)).resolves.toBe(true);
    expect(await main.client.getProcessInfo('sleeper')).toMatchObject({ statename: 'RUNNING', state: 20 });

    const twice = await rejectionOf(main.client.startProcess('sleeper'));
    expect(twice).toBeInstanceOf(SupervisorFault);
    expect(twice).toMatchObject({ code: 60, faultName: 'ALREADY_STARTED' });

    await expect(main.client.stopProcess('sleeper', true)).resolves.toBe(true);
    expect(await main.client.getProcessInfo('sleeper')).toMatchObject({ statename: 'STOPPED', state: 0 });
    expect(await rejectionOf(main.client.stopProcess('sleeper'))).toMatchObject({
      code: 70,
      faultName: 'NOT_RUNNING',
    });
  });

  it('starts a process of a group by its namespec', async () => {
    await expect(main.client.startProcess('grp:member', true)).resolves.toBe(true);
    expect(await main.client.getProcessInfo('grp:member')).toMatchObject({
      group: 'grp',
      statename: 'RUNNING',
    });
    await main.client.stopProcess('grp:member', true);
  });

  it('reports an unknown name as BAD_NAME, naming the instance', async () => {
    const error = await rejectionOf(main.client.startProcess('no_such_program'));
    expect(error).toBeInstanceOf(SupervisorFault);
    expect(error).toMatchObject({ code: 10, faultName: 'BAD_NAME' });
    expect(error.message).toBe(
      `rocky51 at ${main.url}: supervisor.startProcess: BAD_NAME (10): no_such_program`,
    );
  });

  it.each([
    { name: 'a command that does not exist', program: 'missing', code: 20, faultName: 'NO_FILE' },
    { name: 'a command that is not executable', program: 'notexec', code: 21, faultName: 'NOT_EXECUTABLE' },
  ])('refuses to start $name ($faultName)', async ({ program, code, faultName }) => {
    expect(await rejectionOf(main.client.startProcess(program))).toMatchObject({ code, faultName });
  });

  it('reports a process that dies while starting, when waiting for it', async () => {
    const error = await rejectionOf(main.client.startProcess('crasher', true));
    expect(error).toBeInstanceOf(SupervisorFault);
    // SPAWN_ERROR when it is already dead as startProcess returns, else ABNORMAL_TERMINATION.
    expect(['SPAWN_ERROR', 'ABNORMAL_TERMINATION']).toContain((error as SupervisorFault).faultName);
    // supervisord answers the fault before its main loop records the death: read until it has.
    const info = await waitFor(
      () => main.client.getProcessInfo('crasher'),
      (p) => p.statename !== 'STARTING',
    );
    expect(info.statename).toMatch(/BACKOFF|FATAL|EXITED/);
  });

  it('answers a wrong argument type with an HTML 500, reported as HttpError', async () => {
    const error = await rejectionOf(main.client.call('supervisor.getProcessInfo', [42]));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 500 });
  });

  it('multicall returns a fault in its slot instead of failing the others', async () => {
    const [state, fault, info] = await main.client.multicall([
      { methodName: 'supervisor.getState', params: [] },
      { methodName: 'supervisor.startProcess', params: ['nope', false] },
      { methodName: 'supervisor.getProcessInfo', params: ['talker'] },
    ]);
    expect(state).toEqual({ statecode: 1, statename: 'RUNNING' });
    expect(fault).toBeInstanceOf(SupervisorFault);
    expect(fault).toMatchObject({ code: 10, method: 'supervisor.startProcess' });
    expect(info).toMatchObject({ name: 'talker', statename: 'RUNNING' });
  });

  it('pollState gets the state, the pid and every process in one call', async () => {
    const polled = await main.client.pollState();
    expect(polled.state.statename).toBe('RUNNING');
    expect(polled.pid).toBe(main.pid);
    expect(polled.processes).toHaveLength(6 + FILLERS);
    expect(polled.processes.find((process) => process.name === 'talker')).toMatchObject({
      group: 'talker',
      statename: 'RUNNING',
      pid: expect.any(Number) as number,
    });
  });

  it('tails stdout and stderr, flags overflow, and clears the logs', async () => {
    const stdout = await waitFor(
      () => main.client.tailProcessStdoutLog('talker', 0, 1000),
      (t) => t.bytes !== '',
    );
    expect(stdout).toEqual({ bytes: 'hello stdout\n', offset: 13, overflow: false });
    const stderr = await waitFor(
      () => main.client.tailProcessStderrLog('talker', 0, 1000),
      (t) => t.bytes !== '',
    );
    expect(stderr.bytes).toBe('hello stderr\n');

    expect(await main.client.tailProcessStdoutLog('talker', 0, 4)).toEqual({
      bytes: 'out\n',
      offset: 13,
      overflow: true,
    });

    await expect(main.client.clearProcessLogs('talker')).resolves.toBe(true);
    expect((await main.client.tailProcessStdoutLog('talker', 0, 1000)).bytes).toBe('');
  });

  it('does not reuse connections, so a 30-process answer takes a few ms, not ~44 ms', async () => {
    const durations: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await main.client.getAllProcessInfo();
      durations.push(performance.now() - started);
    }
    durations.sort((a, b) => a - b);
    // With keep-alive every answer over ~4 KB waits ~44 ms for a delayed ACK.
    expect(durations[10]).toBeLessThan(25);
  });
});

describe('the liveness probe', () => {
  it('keeps one connection for all its calls, and replaces one that was closed', async () => {
    // A TCP relay in front of supervisord counts the connections the client opens.
    const relayed = new Set<net.Socket>();
    let connections = 0;
    const relay = net.createServer((socket) => {
      connections += 1;
      const upstream = net.connect(main.port, '127.0.0.1');
      relayed.add(socket);
      socket.on('close', () => relayed.delete(socket));
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
      upstream.on('close', () => socket.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const { port } = relay.address() as net.AddressInfo;
    let closes = 0;
    const client = new SupervisorClient({
      url: `http://127.0.0.1:${port}`,
      name: 'rocky51',
      onKeptConnectionClosed: () => (closes += 1),
    });
    // Each call on the kept socket must leave no listener behind (Node warns past 10).
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < 15; i++) {
        await expect(client.probe()).resolves.toEqual({
          state: { statecode: 1, statename: 'RUNNING' },
          pid: main.pid,
        });
      }
      expect(connections).toBe(1);
      await sleep(10);
      expect(warnings.map((warning) => warning.message)).toEqual([]);
      // Every other call still has a connection of its own.
      await client.getState();
      expect(connections).toBe(2);

      expect(closes).toBe(0);
      for (const socket of relayed) socket.destroy();
      await sleep(50);
      // The peer closed the kept connection: told once (the fresh getState's was never kept).
      expect(closes).toBe(1);
      await expect(client.probe()).resolves.toMatchObject({ pid: main.pid });
      expect(connections).toBe(3);

      client.close();
      await waitFor(
        () => Promise.resolve(relayed.size),
        (size) => size === 0,
      );
      expect(relayed.size).toBe(0);
      // Closed by the client itself: no signal.
      expect(closes).toBe(1);
    } finally {
      process.off('warning', onWarning);
      client.close();
      await new Promise((resolve) => relay.close(resolve));
    }
  });
});

describe('closing the client', () => {
  it('abandons the calls in flight at once, and stays usable', async () => {
    const hung = new Set<net.Socket>();
    const server = net.createServer((socket) => hung.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const client = new SupervisorClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 60_000 });
    try {
      const pending = rejectionOf(client.getState());
      const kept = rejectionOf(client.probe());
      await waitFor(
        () => Promise.resolve(hung.size),
        (size) => size === 2,
      );
      const closedAt = performance.now();
      client.close();
      for (const error of await Promise.all([pending, kept])) {
        expect(error).toBeInstanceOf(ConnectionRefusedError);
        expect((error as ConnectionRefusedError).reason).toBe('the client was closed');
      }
      expect(performance.now() - closedAt).toBeLessThan(1000);
      // A call after the close goes out again.
      const again = rejectionOf(client.getState());
      await waitFor(
        () => Promise.resolve(hung.size),
        (size) => size === 3,
      );
      client.close();
      expect(await again).toBeInstanceOf(ConnectionRefusedError);
    } finally {
      for (const socket of hung) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('failures a monitor must tell apart', () => {
  it('basic auth: right credentials work, a wrong password is HttpError 401', async () => {
    await expect(secured.client.getState()).resolves.toMatchObject({ statename: 'RUNNING' });

    const wrong = new SupervisorClient({ url: secured.url, username: 'admin', password: 'nope' });
    const error = await rejectionOf(wrong.getState());
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 401 });
    expect(error.message).toMatch(/check the username and password/);

    const anonymous = new SupervisorClient({ url: secured.url });
    expect(await rejectionOf(anonymous.getState())).toMatchObject({ status: 401 });
  });

  it('a closed port is ConnectionRefusedError', async () => {
    const port = await freePort();
    const client = new SupervisorClient({ url: `http://127.0.0.1:${port}`, name: 'rocky52' });
    const error = await rejectionOf(client.getState());
    expect(error).toBeInstanceOf(ConnectionRefusedError);
    expect(error.message).toBe(`rocky52 at http://127.0.0.1:${port}: connection refused`);
  });

  it('a frozen supervisord is a TimeoutError, and answers again once resumed', async () => {
    const frozen = await startSupervisord();
    const client = new SupervisorClient({ url: frozen.url, timeoutMs: 300 });
    frozen.pause();
    try {
      const started = Date.now();
      const error = await rejectionOf(client.getState());
      expect(error).toBeInstanceOf(TimeoutError);
      // The kernel still accepts the connection: a busy supervisord, not a dead host.
      expect(error).toMatchObject({ connected: true });
      expect(error.message).toMatch(/no answer within 300 ms/);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      frozen.resume();
    }
    await expect(client.getState()).resolves.toMatchObject({ statename: 'RUNNING' });
    await frozen.stop();
  });
});

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(50);
  }
}
