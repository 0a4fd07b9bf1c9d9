import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFleet, jobReducer, type Rules } from '@supfleet/core';
import type { ReloadResult } from '@supfleet/protocol';
import { readRules } from './rules/read-rules';
import { ServiceReloader } from './reload/service-reloader';
import type { ServiceConfig } from './config/load-config';
import { FleetStore } from './fleet-store';
import { InstanceMonitor } from './monitors/instance-monitor';
import { INTERRUPTED_REASON, Orchestrator } from './orchestrator/orchestrator';
import { createApp } from './http/create-app';
import { attachRealtime } from './realtime/attach-realtime';
import { startSupervision } from './supervision/start-supervision';
import { openStore, type Store } from './store/store';

export { readRules, RulesError } from './rules/read-rules';

export interface Service {
  store: FleetStore;
  /** What is kept across restarts (users, audit, jobs, history), in `config.dataDir`. */
  database: Store;
  orchestrator: Orchestrator;
  monitors: ReadonlyMap<string, InstanceMonitor>;
  httpServer: HttpServer;
  /** Re-reads the rules files and the [supfleet] section (SIGHUP, POST /rules/reload). */
  reload(): Promise<ReloadResult>;
  /** Listens and starts polling; resolves with the URL. */
  start(): Promise<string>;
  /**
   * SIGTERM: refuses new actions at once, lets running jobs go on for shutdown_grace, marks
   * what is left interrupted, then stops everything.
   */
  shutdown(graceMs?: number): Promise<void>;
  /** Stops at once: running jobs are interrupted. */
  stop(): Promise<void>;
}

/** Wires config, rules, store, monitors, orchestrator, HTTP and socket.io together. */
export function createService(
  config: ServiceConfig,
  options: {
    webDist?: string;
    rules?: Rules;
    log?: (message: string) => void;
    /** What a reload reads; by default the config file again. */
    readConfig?: () => ServiceConfig;
  } = {},
): Service {
  const rules = options.rules ?? readRules(config).rules;
  const database = openStore(config.dataDir);
  const store = new FleetStore(createFleet(config.instances, rules), {
    save: (job) => database.jobs.save(job),
    ended: () => database.jobs.prune(config.jobRetention),
  });
  // A job the previous service left running is over: say so, never run it again.
  for (const job of database.jobs.running()) {
    database.jobs.save(
      jobReducer(job, {
        type: 'job:ended',
        id: job.id,
        at: Date.now(),
        state: 'interrupted',
        failures: [INTERRUPTED_REASON],
      }),
    );
  }
  store.restoreJobs(database.jobs.list({ limit: 100 }).reverse());
  const createMonitor = (instance: ServiceConfig['instances'][number]) =>
    new InstanceMonitor(instance, store, {
      pollPeriodMs: config.pollPeriodMs,
      fastPollPeriodMs: config.fastPollPeriodMs,
      rpcTimeoutMs: config.rpcTimeoutMs,
      silentAfterMs: config.silentAfterMs,
      lostAfterMs: config.lostAfterMs,
      ...config.supervisor,
    });
  const monitors = new Map(config.instances.map((instance) => [instance.id, createMonitor(instance)]));
  const log = options.log ?? ((message: string) => console.log(message));
  const reloader = new ServiceReloader(config, rules, {
    store,
    monitors,
    createMonitor,
    log,
    readConfig: options.readConfig,
  });
  const orchestrator = new Orchestrator(store, monitors, {
    defaultStrategy: config.startingStrategy,
    localNode: config.localNode,
    pollPeriodMs: config.pollPeriodMs,
    lastJobNumber: database.jobs.lastNumber(),
  });
  const supervision = startSupervision(store, orchestrator, {
    conciliationStrategy: config.conciliationStrategy,
    autoStart: config.autoStart,
    log,
  });
  const app = createApp({
    store,
    database,
    orchestrator,
    rules: () => reloader.rules,
    reload: () => reloader.reload(),
    monitors,
    webDist: options.webDist,
    credentials: config.api,
  });
  const httpServer = createServer(app);
  const io = attachRealtime(httpServer, store, config.api);

  return {
    store,
    database,
    orchestrator,
    monitors,
    httpServer,
    reload: () => reloader.reload(),
    async start() {
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.listen.port, config.listen.host, () => resolve());
      });
      for (const monitor of monitors.values()) monitor.start();
      const { address, port } = httpServer.address() as AddressInfo;
      return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
    },
    async shutdown(graceMs = config.shutdownGraceMs) {
      await orchestrator.drain(graceMs);
      await this.stop();
    },
    async stop() {
      supervision.stop();
      await orchestrator.stop();
      await Promise.all([...monitors.values()].map((m) => m.stop()));
      await io.close();
      httpServer.closeAllConnections();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      database.close();
    },
  };
}
