import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionResult, Job, ServiceAnswer } from '@supfleet/protocol';
import { startSupervisord, type RunningSupervisord } from '@supfleet/supervisor-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, post, program } from '../../__tests__/fleet-fixture';
import {
  startServiceProcess,
  stopServiceProcess,
  writeServiceConfig,
  type ServiceProcess,
} from '../../__tests__/service-process';
import { startPostgres, type PostgresServer } from '../../store/__tests__/postgres-server';
import { eventually } from '../../__tests__/eventually';
import { sleep, systemClock } from '../../clock/clock';
import { REPLICA_RULES as RULES } from './replica-fleet';

const TTL_S = 2;
const CHANGING =
  /<methodName>(supervisor\.(?:start|stop|signal|clear|restart|shutdown|send)\w*)<\/methodName>/g;

/** A TCP relay in front of supervisord that notes every state-changing call going through it. */
interface Relay {
  port: number;
  calls: { at: number; method: string }[];
  close(): Promise<void>;
}

function startRelay(target: number): Promise<Relay> {
  const calls: Relay['calls'] = [];
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: target });
    let seen = '';
    client.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      for (const match of seen.matchAll(CHANGING)) calls.push({ at: Date.now(), method: match[1]! });
      // Keep only what a method name split across two chunks may need.
      seen = seen.replace(CHANGING, '').slice(-200);
    });
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as { port: number }).port,
        calls,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

async function within<T>(limitMs: number, what: string, probe: () => Promise<T | undefined>): Promise<T> {
  return eventually(probe, what, { timeoutMs: limitMs });
}

const serviceOf = async (replica: ServiceProcess) =>
  (await get<ServiceAnswer>(`${replica.url}/api/v1/service`)).body;

/**
 * End to end, with real processes: on waking, the leader's overdue lease timer (it steps down)
 * and the fence both keep it from sending; its timers run before any answer it was waiting for,
 * so this passes even without the fence. The fence alone is proven where the replica still
 * believes it leads (replicas.integration.test.ts, pauseRenewals; leadership.test.ts).
 */
describe('a replica stopped by SIGSTOP past its term, in a process of its own', () => {
  let postgres: PostgresServer;
  let node: RunningSupervisord;
  let dir: string;
  const relays: Record<string, Relay> = {};
  const replicas: Record<string, ServiceProcess> = {};

  beforeAll(async () => {
    postgres = await startPostgres();
    const database = await postgres.createDatabase('sigstop');
    node = await startSupervisord({
      programs: {
        'program:slow': program({ startsecs: 3 }),
        'program:b': program(),
        'group:app': { programs: 'slow,b' },
        'program:c': program(),
        'group:other': { programs: 'c' },
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'supfleet-replicas-'));
    writeFileSync(join(dir, 'rules.xml'), RULES);
    for (const name of ['a', 'b']) {
      relays[name] = await startRelay(node.port);
      const home = mkdtempSync(join(dir, `${name}-`));
      const config = writeServiceConfig(home, {
        supvisors_list: `<n1>127.0.0.1:${relays[name].port}`,
        rules_files: join(dir, 'rules.xml'),
        database_url: database,
        replica_name: name,
        lease_ttl: TTL_S,
        poll_period: 0.3,
      });
      replicas[name] = await startServiceProcess(config);
      if (name === 'a')
        await within(5000, 'a leads', async () => ((await serviceOf(replicas.a!)).leader ? true : undefined));
    }
  }, 60_000);
  afterAll(async () => {
    for (const replica of Object.values(replicas)) {
      replica.child.kill('SIGCONT');
      await stopServiceProcess(replica, 3000).catch(() => undefined);
    }
    await Promise.all(Object.values(relays).map((relay) => relay.close()));
    await node?.stop();
    await postgres?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends nothing through its relay after the other took over, and its job ends with the reason', async () => {
    const a = replicas.a!;
    const b = replicas.b!;
    expect(await serviceOf(b)).toMatchObject({ replica: 'b', leader: false, leaderName: 'a' });
    await within(5000, 'fleet seen', async () =>
      (await serviceOf(a)) && (await get<unknown[]>(`${a.url}/api/v1/applications`)).body.length === 2
        ? true
        : undefined,
    );
    const started = await post<ActionResult>(`${a.url}/api/v1/applications/app/restart`, {});
    expect(started.status).toBe(202);
    await within(5000, 'slow started', () =>
      Promise.resolve(relays.a!.calls.some((c) => c.method === 'supervisor.startProcess') || undefined),
    );
    a.child.kill('SIGSTOP');
    const stopped = Date.now();
    const takeover = await within(TTL_S * 3000, 'b leads', async () =>
      (await serviceOf(b)).leader ? Date.now() : undefined,
    );
    // b acts while a sleeps.
    const acted = await post<ActionResult>(`${b.url}/api/v1/processes/other:c/start`, { wait: true });
    expect(acted.body.job.state).toBe('succeeded');
    expect(relays.b!.calls.map((c) => c.method)).toContain('supervisor.startProcess');
    // a wakes past slow's startsecs: its job would go on with b's start.
    await sleep(systemClock, Math.max(0, stopped + 3500 - Date.now()));
    a.child.kill('SIGCONT');
    const job = await within(8000, 'a job ended', async () => {
      const answer = await get<Job>(`${a.url}/api/v1/jobs/${started.body.job.id}`);
      return answer.body.state === 'running' ? undefined : answer.body;
    });
    expect(['interrupted', 'failed']).toContain(job.state);
    expect(job.error).toMatch(/stopped leading|no longer leads/);
    await within(3000, 'a follows', async () => ((await serviceOf(a)).leaderName === 'b' ? true : undefined));
    expect(await serviceOf(a)).toMatchObject({ leader: false, leaderName: 'b' });
    expect(relays.a!.calls.filter((c) => c.at >= takeover)).toEqual([]);
    console.log(
      `SIGSTOP failover with lease_ttl ${TTL_S} s: b led ${takeover - stopped} ms after a was stopped`,
    );
  }, 30_000);
});
