import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRules } from '@supfleet/core';
import { fileURLToPath } from 'node:url';
import { freePort, startSupervisord, type RunningSupervisord } from '@supfleet/supervisor-client/testing';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@supfleet/protocol';
import type { DatabaseLocation, ServiceConfig } from '../config/load-config';
import { DEFAULT_SECURITY } from '../config/parse-service-config';
import { createService, type Service } from '../service';
import { createLogger } from '../logging/logger';
import { sleep, systemClock, type Clock } from '../clock/clock';
import type { FakeClock } from '../clock/fake-clock';

type Programs = Record<string, Record<string, string | number | boolean>>;

export interface TestFleet {
  nodes: Record<string, RunningSupervisord>;
  service: Service;
  url: string;
  /** The rules file the service reads (a reload reads it again). */
  rulesFile: string;
  /** What the service said it did by itself (running failures, conflicts, auto_start). */
  logs: string[];
  /** The database directory, kept across restartService. */
  dataDir: string;
  /** Every log line at warn level or above, as written (JSON): a test can check no stack trace was logged. */
  problems: string[];
  /**
   * Replaces the service by a new one with other options, over the same supervisord (cheaper than
   * a new fleet); on another clock if given (a fake one), else on the fleet's.
   */
  restartService(options: TestFleetOptions, clock?: Clock): Promise<void>;
  /**
   * One more service over the same supervisord and database (a replica; give it its own
   * `replicaName`). The caller stops it.
   */
  startReplica(options: TestFleetOptions, clock?: Clock): Promise<{ service: Service; url: string }>;
  stop(): Promise<void>;
}

export interface TestFleetOptions extends Partial<
  Pick<
    ServiceConfig,
    | 'conciliationStrategy'
    | 'autoStart'
    | 'startingStrategy'
    | 'api'
    | 'silentAfterMs'
    | 'lostAfterMs'
    | 'pollPeriodMs'
    | 'rpcTimeoutMs'
    | 'shutdownGraceMs'
    | 'jobRetention'
    | 'rulesFiles'
    | 'alerts'
    | 'smtp'
    | 'resyncPeriodMs'
    | 'replicaName'
    | 'leaseTtlMs'
  >
> {
  /** Security settings over the defaults (session_ttl, allowed_hosts, TLS…). */
  security?: Partial<ServiceConfig['security']>;
  /** Nodes whose supervisord is paused (SIGSTOP) before the service starts: they answer nothing until resumed. */
  paused?: string[];
}

export interface TestFleetSetup {
  /**
   * Give each supervisord the node agent ([eventlistener:supfleet]) pushing to the service,
   * which then listens on a port chosen beforehand (kept across restartService).
   */
  agents?: { period?: number; extraArgs?: string };
  /** The service's clock (a fake one drives its timers from the test: `runClock`). */
  clock?: Clock;
  /** The store on PostgreSQL (database_url) instead of SQLite in the fleet's data directory. */
  database?: DatabaseLocation;
  /** Told of each call that changes a supervisord, with the replica's name (every service of the fleet). */
  onSupervisorChange?: (replica: string, what: string) => void;
}

export const AGENT_SCRIPT = fileURLToPath(
  new URL('../../../../integrations/agent/supfleet_agent.py', import.meta.url),
);

/** The [eventlistener:supfleet] section the docs recommend, for a test instance. */
export function agentSection(
  url: string,
  instance: string,
  args = '',
): Record<string, string | number | boolean> {
  return {
    command: `/usr/bin/python3 ${AGENT_SCRIPT} --url ${url} --instance ${instance} ${args}`.trim(),
    events: 'PROCESS_STATE,PROCESS_GROUP',
    priority: 1000,
    buffer_size: 1024,
    autorestart: true,
    startsecs: 0,
  };
}

/** A program section for the fixture: a long-running shell loop by default. */
export function program(overrides: Record<string, string | number | boolean> = {}) {
  return {
    command: '/bin/sh -c "trap \'exit 0\' TERM; while true; do sleep 0.2; done"',
    autostart: false,
    autorestart: false,
    startsecs: 0,
    stopwaitsecs: 2,
    ...overrides,
  };
}

/** Starts one real supervisord per node, then the service on port 0 over them. */
export async function startTestFleet(
  nodes: Record<string, Programs>,
  rulesXml: string,
  options: TestFleetOptions = {},
  setup: TestFleetSetup = {},
): Promise<TestFleet> {
  const running: Record<string, RunningSupervisord> = {};
  const listenPort = setup.agents ? await freePort() : 0;
  const agentArgs = `--period ${setup.agents?.period ?? 1} ${setup.agents?.extraArgs ?? ''}`;
  try {
    for (const [id, programs] of Object.entries(nodes)) {
      const agent: Programs = setup.agents
        ? { 'eventlistener:supfleet': agentSection(`http://127.0.0.1:${listenPort}`, id, agentArgs) }
        : {};
      running[id] = await startSupervisord({ programs: { ...programs, ...agent } });
    }
  } catch (error) {
    await Promise.all(Object.values(running).map((node) => node.stop()));
    throw error;
  }
  const ids = Object.keys(nodes);
  // One database for the fleet's life: a restarted service finds what the previous one kept.
  const dataDir = mkdtempSync(join(tmpdir(), 'supfleet-data-'));
  // A real rules file, so that a reload re-reads it as the service would.
  const rulesFile = join(dataDir, 'rules.xml');
  writeFileSync(rulesFile, rulesXml);
  const configWith = (options: TestFleetOptions): ServiceConfig =>
    testServiceConfig(
      ids.map((id) => ({ id, host: '127.0.0.1', port: running[id]!.port, node: id })),
      { ...options, rulesFiles: options.rulesFiles ?? [rulesFile] },
      { port: listenPort, dataDir, database: setup.database ?? null },
    );
  const loaded = loadRules([{ file: 'rules.xml', text: rulesXml }], ids);
  if (!loaded.rules) throw new Error(`bad test rules: ${JSON.stringify(loaded.errors)}`);
  for (const id of options.paused ?? []) running[id]!.pause();
  const logs: string[] = [];
  const problems: string[] = [];
  const rules = loaded.rules;
  const launch = async (options: TestFleetOptions, clock = setup.clock) => {
    // What the supervision and the reloads log (their `component`), as plain messages for the assertions.
    const logger = createLogger({
      level: 'info',
      destination: {
        write(line: string) {
          const entry = JSON.parse(line) as { msg: string; component?: string; level?: number };
          if (entry.component === 'supervision' || entry.component === 'reload') logs.push(entry.msg);
          if ((entry.level ?? 0) >= 40) problems.push(line);
        },
      },
    });
    const config = configWith(options);
    const onChange = setup.onSupervisorChange;
    const service = await createService(config, {
      rules,
      logger,
      readConfig: () => config,
      clock,
      ...(onChange ? { onSupervisorChange: (what: string) => onChange(config.replicaName, what) } : {}),
    });
    return { service, url: await service.start() };
  };
  const fleet: TestFleet = {
    nodes: running,
    rulesFile,
    ...(await launch(options)),
    logs,
    dataDir,
    problems,
    async restartService(next, clock) {
      await fleet.service.stop();
      Object.assign(fleet, await launch(next, clock));
    },
    startReplica: (options, clock) =>
      launch({ ...options, rulesFiles: options.rulesFiles ?? [rulesFile] }, clock),
    async stop() {
      await fleet.service.stop();
      await Promise.all(Object.values(running).map((node) => node.stop()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return fleet;
}

/** Resolves once the predicate holds on the service's state; rejects after the timeout. */
export function until(
  service: Service,
  predicate: () => boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!predicate()) return;
      cleanup();
      resolve();
    };
    const timer = systemClock.schedule(() => {
      cleanup();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const cleanup = () => {
      systemClock.cancel(timer);
      service.store.off('change', check);
    };
    service.store.on('change', check);
    check();
  });
}

/**
 * Moves a fake clock on, `stepMs` at a time, until the predicate holds; rejects past `limitMs`
 * of the fake clock. Each step also lets real time pass (a quarter of the step, at least 2 ms),
 * so that real I/O (supervisord's answers) keeps pace: the fake clock runs at most 4× real time.
 */
export async function runClock(
  clock: FakeClock,
  predicate: () => boolean,
  { stepMs = 20, limitMs = 600_000, what = 'condition' } = {},
): Promise<number> {
  const began = clock.now();
  const pause = Math.max(2, Math.round(stepMs / 4));
  while (!predicate()) {
    if (clock.now() - began > limitMs) throw new Error(`fake clock: no ${what} within ${limitMs} ms`);
    await clock.advance(stepMs);
    await sleep(systemClock, pause);
  }
  return clock.now() - began;
}

/** Moves a fake clock on (as runClock does) until `promise` settles: a call that waits for a job. */
export async function settleOnClock<T>(clock: FakeClock, promise: Promise<T>, what = 'the call'): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => (settled = true));
  // Awaited below: a rejection meanwhile is not an unhandled one.
  watched.catch(() => undefined);
  await runClock(clock, () => settled, { what, limitMs: 60_000 });
  return watched;
}

/**
 * Moves a fake clock on until each of these instances has answered two polls sent after this
 * call: the second one was read by supervisord after the first came back, so the service has
 * seen what supervisord is now; and the supervision decides on each change at once, so what it
 * would do about it, it has done. The way to say "nothing happened" without a window of real time.
 */
export async function pollsAnswered(fleet: TestFleet, clock: FakeClock, ids: string[]): Promise<void> {
  for (let round = 0; round < 2; round++) {
    const since = clock.now();
    await runClock(
      clock,
      () => ids.every((id) => (fleet.service.monitors.get(id)?.facts.lastAnswerAt ?? since) > since),
      { what: `polls of ${ids.join(', ')} answered`, limitMs: 20_000 },
    );
  }
}

export async function post<T>(url: string, body: unknown = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export async function get<T>(url: string): Promise<{ status: number; body: T }> {
  // A GET is idempotent: asked again once when a kept-alive connection was reset as it was reused.
  const response = await fetch(url).catch((error: unknown) => {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw error;
    return fetch(url);
  });
  return { status: response.status, body: (await response.json()) as T };
}

export function connect(
  url: string,
  query?: Record<string, string>,
): Socket<ServerToClientEvents, ClientToServerEvents> {
  return io(url, { transports: ['websocket'], forceNew: true, query });
}

/** The service config of the test fleets: short periods, no rules files, listening on loopback. */
export function testServiceConfig(
  instances: ServiceConfig['instances'],
  options: TestFleetOptions,
  where: { port: number; dataDir: string; database?: DatabaseLocation | null },
): ServiceConfig {
  const { dataDir } = where;
  const ids = instances.map((i) => i.id);
  return {
    file: 'test.conf',
    instances,
    rulesFiles: options.rulesFiles ?? [],
    listen: { host: '127.0.0.1', port: where.port },
    pollPeriodMs: options.pollPeriodMs ?? 300,
    fastPollPeriodMs: 100,
    resyncPeriodMs: options.resyncPeriodMs ?? 10_000,
    rpcTimeoutMs: options.rpcTimeoutMs ?? 1000,
    // A hung supervisord is lost at the first unanswered second: most tests want a dead node now.
    silentAfterMs: options.silentAfterMs ?? 1000,
    lostAfterMs: options.lostAfterMs ?? 1000,
    jobRetention: options.jobRetention ?? 1000,
    shutdownGraceMs: options.shutdownGraceMs ?? 2000,
    startingStrategy: options.startingStrategy ?? 'CONFIG',
    conciliationStrategy: options.conciliationStrategy ?? 'USER',
    autoStart: options.autoStart ?? false,
    supervisor: {},
    api: options.api ?? null,
    localNode: ids[0]!,
    dataDir,
    database: where.database ?? null,
    security: { ...DEFAULT_SECURITY, ...options.security },
    logLevel: 'info',
    historyRetentionMs: 86_400_000,
    alerts: options.alerts ?? [],
    smtp: options.smtp ?? null,
    replicaName: options.replicaName ?? 'test-replica',
    leaseTtlMs: options.leaseTtlMs ?? 6000,
  };
}
