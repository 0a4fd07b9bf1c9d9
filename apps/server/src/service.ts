import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { autoStartIntent, createFleet, type Rules } from '@supfleet/core';
import type { ReloadResult } from '@supfleet/protocol';
import { systemClock, type Clock, type TimerHandle } from './clock/clock';
import { readRules } from './rules/read-rules';
import { ServiceReloader } from './reload/service-reloader';
import type { ServiceConfig } from './config/load-config';
import { FleetModel } from './fleet-model';
import { InstanceMonitor } from './monitors/instance-monitor';
import { PollBatch } from './monitors/poll-batch';
import { Orchestrator } from './orchestrator/orchestrator';
import { createApp } from './http/create-app';
import { attachRealtime } from './realtime/attach-realtime';
import { startSupervision, type Supervision } from './supervision/start-supervision';
import { Leadership } from './leader/leadership';
import type { Fence } from './leader/supervisor-changes';
import { recordLeaderChange, shareAcrossReplicas } from './leader/replica-signals';
import { endLeftJobs } from './leader/take-over';
import { ActionForwarding } from './leader/action-forwarding';
import { openStore, storeLocation, type Store } from './store/store';
import { JobWriter } from './store/job-writer';
import { readsAfter } from './store/write-queue';
import { ProgramSwitch } from './supervision/program-switch';
import { AgentRegistry } from './agent/agent-registry';
import { StatsHistory } from './stats/stats-history';
import { Authenticator } from './auth/authenticator';
import { Accounts } from './auth/accounts';
import { LoginLimiter } from './auth/failure-limiter';
import { defaultAllowedHosts, isLoopback } from './auth/request-guards';
import { AuditTrail } from './audit/audit-trail';
import { createLogger, type Logger } from './logging/logger';
import { logJobs } from './logging/log-jobs';
import { createServiceMetrics, type ServiceMetrics } from './metrics/service-metrics';
import { HistoryRecorder } from './history/history-recorder';
import { AlertEngine } from './alerts/alert-engine';

export { readRules, RulesError } from './rules/read-rules';

/** The service would be reachable from the network with nobody to authenticate: it does not start. */
export class UnsafeListenError extends Error {}

const PURGE_EVERY_MS = 3600_000;
/** Answered forwarded actions are kept this long (a follower reads its answer within seconds). */
const FORWARDED_KEPT_MS = 86_400_000;
/** How long an idle HTTP connection is kept: longer than a node agent's heartbeat period. */
const AGENT_KEEP_ALIVE_MS = 65_000;

export interface Service {
  store: FleetModel;
  /** What is kept across restarts (users, audit, jobs, history): SQLite in `config.dataDir`, or PostgreSQL. */
  database: Store;
  /** Resolves once the writes handed to the database so far (jobs, audit, history) are done. */
  flushWrites(): Promise<void>;
  /** Users and tokens (the API and the CLI), and the audit log. */
  accounts: Accounts;
  audit: AuditTrail;
  orchestrator: Orchestrator;
  monitors: ReadonlyMap<string, InstanceMonitor>;
  /** enable / disable of programs on instances, kept in the database. */
  programs: ProgramSwitch;
  /** The node agents' pushes and liveness. */
  agents: AgentRegistry;
  /** The agents' statistics, latest and recent. */
  stats: StatsHistory;
  httpServer: HttpServer | HttpsServer;
  logger: Logger;
  /** Prometheus metrics (/metrics); `recordAgentEvent` counts agent pushes. */
  metrics: ServiceMetrics;
  /** Keeps the changes that matter in `database.history`; its `entry` events go to socket.io. */
  history: HistoryRecorder;
  /** Whether this replica leads (the lease on PostgreSQL; always on SQLite), and the fence. */
  leadership: Leadership;
  /** Re-reads the rules files and the [supfleet] section (SIGHUP, POST /rules/reload). */
  reload(): Promise<ReloadResult>;
  /** Listens and starts polling; resolves with the URL. */
  start(): Promise<string>;
  /**
   * SIGTERM: refuses new actions at once, lets running jobs go on for shutdown_grace, marks
   * what is left interrupted, then stops everything.
   */
  shutdown(graceMs?: number): Promise<void>;
  /**
   * Stops at once: running jobs are interrupted, and a leader gives the lease back
   * (`releaseLease: false` leaves it to run out, as a crash would: tests of failover).
   */
  stop(options?: { releaseLease?: boolean }): Promise<void>;
}

function isLoopbackListen(host: string): boolean {
  return host === 'localhost' || isLoopback(host.replace(/^\[|\]$/g, ''));
}

/**
 * Wires config, rules, store, monitors, orchestrator, HTTP and socket.io together; opens the
 * store first (a StoreOpenError when it cannot).
 */
export async function createService(
  config: ServiceConfig,
  options: {
    webDist?: string;
    rules?: Rules;
    logger?: Logger;
    /** What a reload reads; by default the config file again. */
    readConfig?: () => ServiceConfig;
    /** Every timer of the service; a test passes a fake one. */
    clock?: Clock;
    /** Told of each call that changes a supervisord, as the fence lets it through (tests count them). */
    onSupervisorChange?: (what: string) => void;
  } = {},
): Promise<Service> {
  const clock = options.clock ?? systemClock;
  const rules = options.rules ?? readRules(config).rules;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const databaseLog = logger.child({ component: 'database' });
  const opened = await openStore(storeLocation(config), {
    onUnavailable: (error) =>
      databaseLog.error(
        { reason: (error as Error).message },
        'database unavailable: the call fails with 503',
      ),
  });
  // FleetModel saves a job on each transition, synchronously: the writer queues them (see JobWriter).
  const jobWriter = new JobWriter(
    opened.jobs,
    config.jobRetention,
    (error, what) => databaseLog.error({ err: error }, `jobs: ${what}`),
    (job) => forwarding?.jobSaved(job),
  );
  const store = new FleetModel(createFleet(config.instances, rules), {
    save: (job) => jobWriter.save(job),
    ended: () => jobWriter.ended(),
  });
  const leadership = opened.leaderLease
    ? Leadership.lease(config.replicaName, opened.leaderLease, clock, {
        ttlMs: config.leaseTtlMs,
        log: logger.child({ component: 'leader' }),
        onSend: options.onSupervisorChange,
      })
    : Leadership.sole(config.replicaName, clock, { onSend: options.onSupervisorChange });
  store.setReplica(leadership.status());
  /** The last other replica seen leading: named when this one takes over. */
  let previousLeader: string | null = null;
  leadership.on('status', () => {
    const status = leadership.status();
    store.setReplica(status);
    if (!status.leader && status.leaderName !== null) previousLeader = status.leaderName;
  });
  store.restoreJobs((await opened.jobs.list({ limit: 100 })).reverse());
  const metrics = createServiceMetrics(store);
  const history = new HistoryRecorder(store, opened.history, {
    retentionMs: config.historyRetentionMs,
    mayPrune: () => leadership.isLeader,
    // Every replica sees the same changes: only the leader writes them, once.
    mayRecordChanges: () => leadership.isLeader,
    logger: logger.child({ component: 'history' }),
    clock,
  });
  // Jobs and history entries are written in the background: a read waits for what came before it.
  const database: Store = {
    ...opened,
    jobs: readsAfter(opened.jobs, () => jobWriter.flush(), ['get', 'list', 'running', 'lastNumber']),
    history: readsAfter(opened.history, () => history.settled(), ['list']),
  };
  // Alerts and supervision (auto_start, failure strategies, conciliation) run on the leader only.
  let alerts: AlertEngine | null = null;
  const startAlerts = () =>
    new AlertEngine(store, config.alerts, config.smtp, {
      logger: logger.child({ component: 'alerts' }),
      history,
      clock,
      onDelivery: (alert, channel, delivered) => metrics.recordAlert(alert, channel, delivered),
    });
  const rereads = new PollBatch(store);
  // A follower hands the calls it may not send (clear a log, restart a supervisord) to the leader.
  const fence: Fence = {
    fence: (what) => leadership.fence(what),
    handOver: (instance, call) => forwarding?.handOver(instance, call) ?? null,
  };
  const createMonitor = (instance: ServiceConfig['instances'][number]) =>
    new InstanceMonitor(
      instance,
      store,
      {
        pollPeriodMs: config.pollPeriodMs,
        fastPollPeriodMs: config.fastPollPeriodMs,
        rpcTimeoutMs: config.rpcTimeoutMs,
        silentAfterMs: config.silentAfterMs,
        lostAfterMs: config.lostAfterMs,
        resyncPeriodMs: config.resyncPeriodMs,
        ...config.supervisor,
        onPoll: (poll) => metrics.recordPoll(poll),
        rereads,
        clock,
        fence,
      },
      logger.child({ instance: instance.id }),
    );
  const monitors = new Map(config.instances.map((instance) => [instance.id, createMonitor(instance)]));
  const reloader = new ServiceReloader(config, rules, {
    store,
    monitors,
    createMonitor,
    log: logger.child({ component: 'reload' }),
    clock,
    readConfig: options.readConfig,
  });
  const stats = new StatsHistory();
  const agents = new AgentRegistry(store, monitors, stats, clock);
  // Replicas (PostgreSQL) only: one server never follows.
  const forwarding: ActionForwarding | null = opened.leaderLease
    ? new ActionForwarding(store, database, leadership, () => ({ orchestrator, monitors, programs }), {
        leaseTtlMs: config.leaseTtlMs,
        clock,
        log: logger.child({ component: 'leader' }),
      })
    : null;
  const orchestrator: Orchestrator = new Orchestrator(store, monitors, {
    defaultStrategy: config.startingStrategy,
    localNode: config.localNode,
    pollPeriodMs: config.pollPeriodMs,
    fastPollPeriodMs: config.fastPollPeriodMs,
    clock,
    lastJobNumber: await database.jobs.lastNumber(),
    refusal: () => leadership.refusal(),
    forward: forwarding ? (action, options) => forwarding.forward(action, options) : undefined,
  });
  const programs: ProgramSwitch = new ProgramSwitch(store, database.disabled, orchestrator, clock, {
    forward: forwarding?.switchPrograms,
    changed: () => {
      if (forwarding && leadership.isLeader) void database.signals.notify('supfleet_programs', '');
    },
  });
  await programs.load();
  let supervision: Supervision | null = null;
  const takeOver = async (epoch: number) => {
    await endLeftJobs({
      jobs: database.jobs,
      orchestrator,
      store,
      clock,
      saved: (job) => forwarding?.jobSaved(job),
    });
    if (forwarding) {
      const previous = previousLeader === config.replicaName ? null : previousLeader;
      recordLeaderChange(history, audit, { replica: config.replicaName, previous, epoch });
      await forwarding.takeOver(epoch);
    }
  };
  let takenOver: Promise<void> = Promise.resolve();
  leadership.on('lead', (epoch) => {
    takenOver = takeOver(epoch)
      .then(async () => {
        // auto_start goes on from what the saved jobs say: it never undoes a stop a person made.
        const managed = Object.values(store.state.applications)
          .filter((application) => application.managed)
          .map((application) => application.name);
        const intent = autoStartIntent(await database.jobs.list({ limit: 1000 }), managed);
        if (!leadership.isLeader) return;
        supervision ??= startSupervision(store, orchestrator, {
          conciliationStrategy: config.conciliationStrategy,
          autoStart: config.autoStart,
          log: logger.child({ component: 'supervision' }),
          intent,
        });
      })
      .catch((error: unknown) => logger.error({ err: error }, 'cannot take over from the previous leader'));
    alerts ??= startAlerts();
  });
  leadership.on('follow', (reason) => {
    supervision?.stop();
    supervision = null;
    alerts?.dispose();
    alerts = null;
    void orchestrator.interruptAll(`this replica (${config.replicaName}) stopped leading: ${reason}`);
  });
  const { security } = config;
  const authenticator = new Authenticator({
    database,
    configAdmin: config.api,
    sessionTtlMs: security.sessionTtlMs,
    limiter: new LoginLimiter(database.loginFailures, clock),
    now: () => clock.now(),
  });
  const accounts = new Accounts({
    database,
    configAdmin: config.api?.username ?? null,
    forget: (username) => authenticator.forget(username),
    protectLastAdmin: true,
  });
  const audit = new AuditTrail(database.audit, { log: logger.child({ component: 'audit' }) });
  // supfleet's own jobs are audited by the leader, once.
  const stopWatchingJobs = audit.watchJobs(store, () => leadership.isLeader);
  const allowedHosts = security.allowedHosts ?? defaultAllowedHosts(config.listen.host);
  const tls = security.tlsCert !== undefined && security.tlsKey !== undefined;
  const trustProxy = security.trustProxy !== false && security.trustProxy !== 0;
  const unlogJobs = logJobs(store, logger, clock);
  const app = createApp({
    store,
    database,
    orchestrator,
    rules: () => reloader.rules,
    reload: () => reloader.reload(),
    monitors,
    programs,
    settings: {
      startingStrategy: config.startingStrategy,
      conciliationStrategy: config.conciliationStrategy,
      autoStart: config.autoStart,
    },
    agents,
    stats,
    webDist: options.webDist,
    security: {
      authenticator,
      accounts,
      trail: audit,
      allowedHosts,
      trustProxy,
      tls,
      trustProxySetting: security.trustProxy,
    },
    logger,
    metrics,
    history,
  });
  const httpServer = tls
    ? createHttpsServer({ cert: readFileSync(security.tlsCert!), key: readFileSync(security.tlsKey!) }, app)
    : createServer(app);
  // Node's 5 s default closes a node agent's kept connection just before its next heartbeat
  // (every 5 s by default): each heartbeat would open a new one, sometimes on a closing socket.
  httpServer.keepAliveTimeout = AGENT_KEEP_ALIVE_MS;
  const connections = new Set<Socket>();
  httpServer.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  const io = attachRealtime(
    httpServer,
    store,
    { authenticator, allowedHosts, trustProxy, clock },
    logger.child({ component: 'realtime' }),
    stats,
  );
  metrics.countSocketClients(() => io.engine.clientsCount);
  history.on('entry', (entry) => io.emit('history:entry', entry));
  if (forwarding)
    shareAcrossReplicas({
      signals: database.signals,
      replica: config.replicaName,
      isLeader: () => leadership.isLeader,
      programs,
      history,
      announce: (entry) => io.emit('history:entry', entry),
      log: databaseLog,
    });
  const purge = async () => {
    if (!leadership.isLeader) return;
    try {
      await audit.purge(security.auditRetentionDays);
      await database.sessions.removeExpired(clock.now());
      await database.actions.prune(clock.now() - FORWARDED_KEPT_MS);
    } catch (error) {
      logger.error({ err: error }, 'audit retention failed');
    }
  };
  const flushWrites = async () => {
    await jobWriter.flush();
    await Promise.all([audit.settled(), history.settled()]);
  };
  let purgeTimer: TimerHandle | undefined;

  const service: Service = {
    store,
    database,
    flushWrites,
    accounts,
    audit,
    orchestrator,
    monitors,
    programs,
    agents,
    stats,
    httpServer,
    logger,
    metrics,
    history,
    leadership,
    reload: () => reloader.reload(),
    async start() {
      if (!isLoopbackListen(config.listen.host) && (await authenticator.localMode())) {
        throw new UnsafeListenError(
          `refusing to listen on ${config.listen.host}: no user and no api_username, so anyone who reaches it ` +
            `would act as admin. Add a user first (npx supfleet user add NAME --role admin -c ${config.file}), ` +
            'or listen on 127.0.0.1',
        );
      }
      purgeTimer = clock.repeat(() => void purge(), PURGE_EVERY_MS).unref();
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.listen.port, config.listen.host, () => resolve());
      });
      const { address, port } = httpServer.address() as AddressInfo;
      const scheme = tls ? 'https' : 'http';
      const url = `${scheme}://${address.includes(':') ? `[${address}]` : address}:${port}`;
      // A wildcard address is no place to send a caller: followers name the host instead.
      const reachable = address === '0.0.0.0' || address === '::' ? `${scheme}://${hostname()}:${port}` : url;
      forwarding?.start();
      await leadership.start(reachable);
      await takenOver;
      await purge();
      for (const monitor of monitors.values()) monitor.start();
      return url;
    },
    async shutdown(graceMs = config.shutdownGraceMs) {
      await orchestrator.drain(graceMs);
      await service.stop();
    },
    async stop({ releaseLease = true } = {}) {
      clock.cancel(purgeTimer);
      forwarding?.stop();
      stopWatchingJobs();
      supervision?.stop();
      supervision = null;
      agents.stop();
      unlogJobs();
      metrics.dispose();
      alerts?.dispose();
      alerts = null;
      history.dispose();
      await orchestrator.stop();
      await leadership.stop({ release: releaseLease });
      await Promise.all([...monitors.values()].map((m) => m.stop()));
      // No new connection, and the open ones closed now: socket.io's close waits for the HTTP
      // server's, which waits for every connection (a node agent's kept one could hold the stop).
      const serverClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeAllConnections();
      const ioClosed = io.close();
      // closeAllConnections leaves the upgraded ones (websockets): once socket.io has written its
      // goodbyes they go too, or a client that never answers the close would hold the stop 30 s.
      await new Promise((resolve) => setImmediate(resolve));
      for (const socket of connections) socket.destroy();
      await ioClosed;
      await serverClosed;
      await flushWrites();
      await database.close();
    },
  };
  return service;
}
