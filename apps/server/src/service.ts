import { readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createFleet, formatDiagnostic, loadRules, EMPTY_RULES, type Rules } from '@supfleet/core';
import type { ServiceConfig } from './config/load-config';
import { FleetStore } from './fleet-store';
import { InstanceMonitor } from './monitors/instance-monitor';
import { Orchestrator } from './orchestrator/orchestrator';
import { createApp } from './http/create-app';
import { attachRealtime } from './realtime/attach-realtime';
import { startSupervision } from './supervision/start-supervision';
import { openStore, type Store } from './store/store';
import { AgentRegistry } from './agent/agent-registry';
import { StatsHistory } from './stats/stats-history';
import { Authenticator } from './auth/authenticator';
import { Accounts } from './auth/accounts';
import { LoginLimiter } from './auth/failure-limiter';
import { defaultAllowedHosts, isLoopback } from './auth/request-guards';
import { AuditTrail } from './audit/audit-trail';
import { createLogger, type Logger } from './logging/logger';
import { logJobs } from './logging/log-jobs';

export class RulesError extends Error {}

/** The service would be reachable from the network with nobody to authenticate: it does not start. */
export class UnsafeListenError extends Error {}

const PURGE_EVERY_MS = 3600_000;

export interface Service {
  store: FleetStore;
  /** What is kept across restarts (users, audit, jobs, history), in `config.dataDir`. */
  database: Store;
  /** Users and tokens (the API and the CLI), and the audit log. */
  accounts: Accounts;
  audit: AuditTrail;
  orchestrator: Orchestrator;
  monitors: ReadonlyMap<string, InstanceMonitor>;
  /** The node agents' pushes and liveness. */
  agents: AgentRegistry;
  /** The agents' statistics, latest and recent. */
  stats: StatsHistory;
  httpServer: HttpServer | HttpsServer;
  logger: Logger;
  /** Listens and starts polling; resolves with the URL. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

function isLoopbackListen(host: string): boolean {
  return host === 'localhost' || isLoopback(host.replace(/^\[|\]$/g, ''));
}

/** Reads the rules files of the config; any error refuses them all (SPEC section 4). */
export function readRules(config: ServiceConfig): { rules: Rules; warnings: string[] } {
  if (config.rulesFiles.length === 0) return { rules: EMPTY_RULES, warnings: [] };
  const sources = config.rulesFiles.map((file) => {
    try {
      return { file, text: readFileSync(file, 'utf8') };
    } catch (error) {
      throw new RulesError(`${file}: cannot read: ${(error as Error).message}`);
    }
  });
  const result = loadRules(
    sources,
    config.instances.map((i) => i.id),
    { defaultStartingStrategy: config.startingStrategy },
  );
  if (!result.rules) throw new RulesError(result.errors.map(formatDiagnostic).join('\n'));
  return { rules: result.rules, warnings: result.warnings.map(formatDiagnostic) };
}

/** Wires config, rules, store, monitors, orchestrator, HTTP and socket.io together. */
export function createService(
  config: ServiceConfig,
  options: { webDist?: string; rules?: Rules; logger?: Logger } = {},
): Service {
  const rules = options.rules ?? readRules(config).rules;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const database = openStore(config.dataDir);
  const store = new FleetStore(createFleet(config.instances, rules));
  const monitors = new Map(
    config.instances.map((instance) => [
      instance.id,
      new InstanceMonitor(
        instance,
        store,
        {
          pollPeriodMs: config.pollPeriodMs,
          fastPollPeriodMs: config.fastPollPeriodMs,
          rpcTimeoutMs: config.rpcTimeoutMs,
          silentAfterMs: config.silentAfterMs,
          resyncPeriodMs: config.resyncPeriodMs,
          ...config.supervisor,
        },
        logger.child({ instance: instance.id }),
      ),
    ]),
  );
  const stats = new StatsHistory();
  const agents = new AgentRegistry(config.instances, store, monitors, stats);
  const orchestrator = new Orchestrator(store, monitors, {
    defaultStrategy: config.startingStrategy,
    localNode: config.localNode,
    pollPeriodMs: config.pollPeriodMs,
  });
  const supervision = startSupervision(store, orchestrator, {
    conciliationStrategy: config.conciliationStrategy,
    autoStart: config.autoStart,
    log: logger.child({ component: 'supervision' }),
  });
  const { security } = config;
  const authenticator = new Authenticator({
    database,
    configAdmin: config.api,
    sessionTtlMs: security.sessionTtlMs,
    limiter: new LoginLimiter(),
  });
  const accounts = new Accounts({
    database,
    configAdmin: config.api?.username ?? null,
    forget: (username) => authenticator.forget(username),
    protectLastAdmin: true,
  });
  const audit = new AuditTrail(database.audit, { log: logger.child({ component: 'audit' }) });
  const stopWatchingJobs = audit.watchJobs(store);
  const allowedHosts = security.allowedHosts ?? defaultAllowedHosts(config.listen.host);
  const tls = security.tlsCert !== undefined && security.tlsKey !== undefined;
  const trustProxy = security.trustProxy !== false && security.trustProxy !== 0;
  const unlogJobs = logJobs(store, logger);
  const app = createApp({
    store,
    orchestrator,
    rules,
    monitors,
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
  });
  const httpServer = tls
    ? createHttpsServer({ cert: readFileSync(security.tlsCert!), key: readFileSync(security.tlsKey!) }, app)
    : createServer(app);
  const io = attachRealtime(
    httpServer,
    store,
    { authenticator, allowedHosts, trustProxy },
    logger.child({ component: 'realtime' }),
    stats,
  );
  const purge = () => {
    try {
      audit.purge(security.auditRetentionDays);
      database.sessions.removeExpired(Date.now());
    } catch (error) {
      logger.error({ err: error }, 'audit retention failed');
    }
  };
  let purgeTimer: NodeJS.Timeout | undefined;

  return {
    store,
    database,
    accounts,
    audit,
    orchestrator,
    monitors,
    agents,
    stats,
    httpServer,
    logger,
    async start() {
      if (!isLoopbackListen(config.listen.host) && authenticator.localMode()) {
        throw new UnsafeListenError(
          `refusing to listen on ${config.listen.host}: no user and no api_username, so anyone who reaches it ` +
            `would act as admin. Add a user first (npx supfleet user add NAME --role admin -c ${config.file}), ` +
            'or listen on 127.0.0.1',
        );
      }
      purge();
      purgeTimer = setInterval(purge, PURGE_EVERY_MS);
      purgeTimer.unref();
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.listen.port, config.listen.host, () => resolve());
      });
      for (const monitor of monitors.values()) monitor.start();
      const { address, port } = httpServer.address() as AddressInfo;
      return `${tls ? 'https' : 'http'}://${address.includes(':') ? `[${address}]` : address}:${port}`;
    },
    async stop() {
      clearInterval(purgeTimer);
      stopWatchingJobs();
      supervision.stop();
      agents.stop();
      unlogJobs();
      await orchestrator.stop();
      await Promise.all([...monitors.values()].map((m) => m.stop()));
      await io.close();
      httpServer.closeAllConnections();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      database.close();
    },
  };
}
