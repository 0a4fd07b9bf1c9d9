import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceStats } from '@supfleet/protocol';
import { freePort } from '@supfleet/supervisor-client/testing';
import {
  get,
  program,
  startTestFleet,
  testServiceConfig,
  until,
  type TestFleet,
} from '../../__tests__/fleet-fixture';
import { createService, type Service } from '../../service';
import { silentLogger } from '../../logging/logger';
import { loadRules } from '@supfleet/core';
import { eventually } from '../../__tests__/eventually';

const RULES = '<root/>';
const LISTENER = 'supfleet';

function nodePrograms(prefix: string, count: number) {
  const programs: Record<string, Record<string, string | number | boolean>> = {};
  const names: string[] = [];
  for (let i = 0; i < count; i += 1) {
    programs[`program:${prefix}${i}`] = program();
    names.push(`${prefix}${i}`);
  }
  programs['group:app'] = { programs: names.join(',') };
  return programs;
}

const state = (service: Service, namespec: string) => service.store.state.processes[namespec]?.state;

describe('the node agent against real supervisord', () => {
  let fleet: TestFleet | undefined;
  afterEach(async () => {
    const current = fleet;
    fleet = undefined;
    if (!current) return;
    await current.stop();
  });

  it('pushes changes the server takes at once, though its full poll is a minute away', async () => {
    fleet = await startTestFleet(
      { n1: nodePrograms('p', 3) },
      RULES,
      { resyncPeriodMs: 60_000 },
      { agents: {} },
    );
    const { service } = fleet;
    await until(service, () => service.store.state.instances.n1?.agent === true, 20_000, 'the agent');
    await until(service, () => state(service, 'app:p0') === 'STOPPED');
    const client = fleet.nodes.n1!.client;
    await client.startProcess('app:p0', true);
    await until(service, () => state(service, 'app:p0') === 'RUNNING', 10_000, 'p0 RUNNING by push');
    await client.startProcess('app:p1', true);
    await client.stopProcess('app:p0', true);
    await until(
      service,
      () => state(service, 'app:p0') === 'STOPPED' && state(service, 'app:p1') === 'RUNNING',
      10_000,
      'p0 STOPPED and p1 RUNNING by push',
    );
    // Routine pushes do not fill the audit log.
    const audited = (await service.audit.query({ limit: 1000 })).filter((entry) =>
      entry.action.startsWith('agent.'),
    );
    expect(audited).toEqual([]);
  });

  it('still sees a hung supervisord within seconds while its agent pushes, and takes it back', async () => {
    fleet = await startTestFleet(
      { n1: nodePrograms('p', 2) },
      RULES,
      { pollPeriodMs: 500, silentAfterMs: 1500, lostAfterMs: 30_000, resyncPeriodMs: 60_000 },
      { agents: {} },
    );
    const { service } = fleet;
    const instance = () => service.store.state.instances.n1;
    await until(
      service,
      () => instance()?.agent === true && instance()?.state === 'RUNNING',
      20_000,
      'the agent',
    );
    const node = fleet.nodes.n1!;
    // The agent keeps running while its supervisord is stopped: only the probe can tell.
    node.pause();
    const paused = Date.now();
    try {
      await until(service, () => instance()?.state === 'SILENT', 6000, 'n1 not answering');
      expect(Date.now() - paused).toBeLessThan(4000);
      expect(instance()?.lost).toBe(false);
    } finally {
      node.resume();
    }
    await until(service, () => instance()?.state === 'RUNNING', 10_000, 'n1 back');
    await node.client.startProcess('app:p0', true);
    await until(
      service,
      () => state(service, 'app:p0') === 'RUNNING',
      10_000,
      'p0 RUNNING by push after the hang',
    );
  });

  it('sends the statistics of each process, its children included, and of the node', async () => {
    const programs = {
      // A parent shell whose child holds ~40 MB: the memory must be counted for the program.
      'program:big': program({
        command: `/bin/sh -c "/usr/bin/python3 -c 'x = bytearray(40_000_000); import time; time.sleep(1000)'"`,
        autostart: true,
      }),
      // About 1 % of a core.
      'program:busy': program({
        command:
          '/usr/bin/python3 -c "import time; [sum(range(30000)) or time.sleep(0.05) for _ in iter(int, 1)]"',
        autostart: true,
      }),
      'group:app': { programs: 'big,busy' },
    };
    fleet = await startTestFleet({ n1: programs }, RULES, {}, { agents: {} });
    const { url } = fleet;
    let latest: InstanceStats | undefined;
    await eventually(
      async () => {
        const answer = await get<InstanceStats[]>(`${url}/api/v1/stats`);
        latest = answer.body.find((s) => s.instance === 'n1');
        const big = latest?.processes['app:big'];
        const busy = latest?.processes['app:busy'];
        return big !== undefined && big.rss > 40_000_000 && busy !== undefined && busy.cpu > 0;
      },
      'the statistics of big and busy',
      { timeoutMs: 30_000, intervalMs: 500 },
    ).catch(() => undefined);
    expect(latest?.processes['app:big']?.rss).toBeGreaterThan(40_000_000);
    expect(latest?.processes['app:busy']?.cpu).toBeGreaterThan(0);
    expect(latest?.processes[`${LISTENER}:${LISTENER}`]).toBeUndefined();
    expect(latest?.node.memoryTotal).toBeGreaterThan(latest!.node.memoryUsed);
    expect(latest?.node.load).toHaveLength(3);
    // Beyond the totals: each core, the file systems, and (from the second sample) the rates.
    expect(latest?.node.cores?.length).toBeGreaterThan(0);
    expect(latest?.node.disks?.[0]).toMatchObject({ path: '/' });
    expect(latest?.node.disks?.[0]?.total).toBeGreaterThan(latest!.node.disks![0]!.used);
    expect(Array.isArray(latest?.node.network)).toBe(true);
    expect(Array.isArray(latest?.node.diskIo)).toBe(true);

    const history = await get<{ at: number; cpu: number; rss: number }[]>(
      `${url}/api/v1/stats/history?instance=n1&process=${encodeURIComponent('app:big')}`,
    );
    expect(history.status).toBe(200);
    expect(history.body.length).toBeGreaterThan(0);
    const missing = await get<{ error: { message: string } }>(
      `${url}/api/v1/stats/history?instance=n1&process=app:nope`,
    );
    expect(missing.status).toBe(404);
  });

  it('never holds supervisord up while the server hangs, and finds a restarted server again', async () => {
    fleet = await startTestFleet(
      { n1: nodePrograms('p', 4) },
      RULES,
      { resyncPeriodMs: 60_000 },
      { agents: { extraArgs: '--timeout 1 --queue 20' } },
    );
    await until(
      fleet.service,
      () => fleet!.service.store.state.instances.n1?.agent === true,
      20_000,
      'the agent',
    );
    const port = Number(new URL(fleet.url).port);
    const client = fleet.nodes.n1!.client;
    const listenerPid = (await client.getProcessInfo(`${LISTENER}:${LISTENER}`)).pid;

    // The server goes at once (its calls in flight abandoned, the agent's kept connection
    // closed), and something takes its port that accepts and never answers.
    const stopping = Date.now();
    await fleet.service.stop();
    expect(Date.now() - stopping).toBeLessThan(2000);
    const hung = new Set<net.Socket>();
    const hang = net.createServer((socket) => hung.add(socket));
    await new Promise<void>((resolve) => hang.listen(port, '127.0.0.1', resolve));
    try {
      // 60 state changes, far more than the agent's queue of 20: supervisord must not wait for it.
      const started = Date.now();
      for (let round = 0; round < 5; round += 1) {
        for (let i = 0; i < 4; i += 1) await client.startProcess(`app:p${i}`, true);
        for (let i = 0; i < 4; i += 1) await client.stopProcess(`app:p${i}`, true);
      }
      const elapsed = Date.now() - started;
      // Each call waits for supervisord's own transitions only (startsecs 0); a listener that
      // blocked it would cost a POST timeout (1 s) per event.
      expect(elapsed).toBeLessThan(20_000);
      const listener = await client.getProcessInfo(`${LISTENER}:${LISTENER}`);
      expect([listener.statename, listener.pid]).toEqual(['RUNNING', listenerPid]);
    } finally {
      for (const socket of hung) socket.destroy();
      await new Promise((resolve) => hang.close(resolve));
    }

    await fleet.restartService({ resyncPeriodMs: 60_000 });
    const { service } = fleet;
    await until(service, () => service.store.state.instances.n1?.agent === true, 20_000, 'the agent again');
    await until(service, () => state(service, 'app:p3') === 'STOPPED');
    await client.startProcess('app:p3', true);
    await until(service, () => state(service, 'app:p3') === 'RUNNING', 10_000, 'p3 RUNNING by push');
  });

  it('needs a token once the server has users, and is taken again with one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supfleet-token-'));
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, '');
    try {
      fleet = await startTestFleet(
        { n1: nodePrograms('p', 1) },
        RULES,
        {},
        { agents: { extraArgs: `--token-file ${tokenFile}` } },
      );
      const { service } = fleet;
      const agent = () => service.store.state.instances.n1?.agent;
      await until(service, () => agent() === true, 20_000, 'the agent, no users yet');
      await service.accounts.addUser('ops', 'admin', 'a long enough password 1');
      // Its pushes are refused now (401): three periods later it is gone.
      await until(service, () => agent() === false, 20_000, 'the agent refused');
      writeFileSync(tokenFile, (await service.accounts.createToken('agent-n1', 'operator')).token);
      const client = fleet.nodes.n1!.client;
      await client.stopProcess(`${LISTENER}:${LISTENER}`, true);
      await client.startProcess(`${LISTENER}:${LISTENER}`, true);
      await until(service, () => agent() === true, 20_000, 'the agent with its token');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pushes to every server it is given (replicas), one of them down holding none of the others', async () => {
    const downPort = await freePort(); // nothing listens there
    const secondPort = await freePort();
    fleet = await startTestFleet(
      { n1: nodePrograms('p', 2) },
      RULES,
      { resyncPeriodMs: 60_000 },
      { agents: { extraArgs: `--url http://127.0.0.1:${downPort},http://127.0.0.1:${secondPort}` } },
    );
    const dataDir = mkdtempSync(join(tmpdir(), 'supfleet-data-'));
    const second = await createService(
      testServiceConfig(
        [{ id: 'n1', host: '127.0.0.1', port: fleet.nodes.n1!.port, node: 'n1' }],
        { resyncPeriodMs: 60_000 },
        { port: secondPort, dataDir },
      ),
      { rules: loadRules([{ file: 'r.xml', text: RULES }], ['n1']).rules!, logger: silentLogger() },
    );
    await second.start();
    try {
      const services = [fleet.service, second];
      for (const service of services)
        await until(service, () => service.store.state.instances.n1?.agent === true, 20_000, 'the agent');
      // Full reads a minute apart: only a push can tell either server within seconds.
      await fleet.nodes.n1!.client.startProcess('app:p1', true);
      for (const service of services)
        await until(service, () => state(service, 'app:p1') === 'RUNNING', 10_000, 'p1 RUNNING by push');
    } finally {
      await second.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('gives the same state with and without agents on the same fleet', async () => {
    fleet = await startTestFleet(
      { n1: nodePrograms('a', 4), n2: nodePrograms('b', 4) },
      RULES,
      { resyncPeriodMs: 60_000 },
      { agents: {} },
    );
    const withAgents = fleet.service;
    const ids = ['n1', 'n2'];
    const dataDir = mkdtempSync(join(tmpdir(), 'supfleet-data-'));
    const config = testServiceConfig(
      ids.map((id) => ({ id, host: '127.0.0.1', port: fleet!.nodes[id]!.port, node: id })),
      {},
      { port: 0, dataDir },
    );
    const polling = await createService(config, {
      rules: loadRules([{ file: 'r.xml', text: RULES }], ids).rules!,
      logger: silentLogger(),
    });
    await polling.start();
    try {
      await until(
        withAgents,
        () => ids.every((id) => withAgents.store.state.instances[id]?.agent === true),
        20_000,
      );
      const n1 = fleet.nodes.n1!.client;
      const n2 = fleet.nodes.n2!.client;
      await Promise.all([
        n1.startProcess('app:a0', true),
        n1.startProcess('app:a1', true),
        n2.startProcess('app:b2', true),
      ]);
      await n1.stopProcess('app:a1', true);
      await n2.startProcess('app:b3', true);
      const view = (service: Service) =>
        Object.values(service.store.state.processes)
          .map(
            (p) =>
              `${p.namespec} ${p.state} ${p.instances.map((i) => `${i.instance}:${i.state}:${i.pid}`).join(',')}`,
          )
          .sort()
          .join('\n');
      const expected = ['app:a0 RUNNING', 'app:a1 STOPPED', 'app:b2 RUNNING', 'app:b3 RUNNING'];
      const settled = (service: Service) =>
        expected.every((line) => {
          const [namespec, want] = line.split(' ') as [string, string];
          return state(service, namespec) === want;
        });
      await until(withAgents, () => settled(withAgents), 10_000, 'the agents');
      await until(polling, () => settled(polling), 10_000, 'the polls');
      expect(view(withAgents)).toBe(view(polling));
      expect(polling.store.state.instances.n1?.agent).toBe(false);
    } finally {
      await polling.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
