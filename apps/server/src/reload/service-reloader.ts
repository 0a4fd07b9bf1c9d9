import type { Rules } from '@supfleet/core';
import type { Clock } from '../clock/clock';
import type { ReloadResult, ServiceStatus } from '@supfleet/protocol';
import { ConfigError, loadConfig, type ServiceConfig } from '../config/load-config';
import type { FleetModel } from '../fleet-model';
import type { InstanceMonitor } from '../monitors/instance-monitor';
import { DomainError } from '../errors';
import { readRules, RulesError } from '../rules/read-rules';
import type { Logger } from '../logging/logger';

/** Settings a reload applies live; any other change waits for a restart (and is reported so). */
const LIVE_SETTINGS = new Set<keyof ServiceConfig>(['instances', 'rulesFiles', 'file']);

export interface ReloaderDeps {
  store: FleetModel;
  /** The service's monitors, one per instance; the reloader adds and removes entries. */
  monitors: Map<string, InstanceMonitor>;
  createMonitor(instance: ServiceConfig['instances'][number]): InstanceMonitor;
  log: Logger;
  clock: Clock;
  /** Re-reads the config file; tests give another reader. Default: the file the service started from. */
  readConfig?: () => ServiceConfig;
}

/**
 * Re-reads the rules files and the [supfleet] section (SIGHUP, POST /rules/reload, supfleetctl
 * reload_rules). Valid: applied at once (rules re-derived and pushed, monitors of added
 * instances started, of removed ones stopped). Invalid: nothing changes, and the errors stay in
 * the service status (a banner on the page) until a reload succeeds.
 */
export class ServiceReloader {
  #config: ServiceConfig;
  #rules: Rules;
  /** The settings as the service started with them: what a restart would change is judged against these. */
  readonly #started: ServiceConfig;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    config: ServiceConfig,
    rules: Rules,
    private readonly deps: ReloaderDeps,
  ) {
    this.#config = config;
    this.#started = config;
    this.#rules = rules;
  }

  /** The rules in force: the REST rules routes read them here, never a copy taken at start. */
  get rules(): Rules {
    return this.#rules;
  }

  /** One reload at a time: a second request waits for the first. */
  reload(): Promise<ReloadResult> {
    const next = this.#queue.then(() => this.#reload());
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #reload(): Promise<ReloadResult> {
    const { store } = this.deps;
    const log = (message: string) => this.deps.log.info(message);
    const at = this.deps.clock.now();
    let config: ServiceConfig;
    let rules: Rules;
    let warnings: string[];
    try {
      config = this.deps.readConfig ? this.deps.readConfig() : loadConfig(this.#config.file);
      ({ rules, warnings } = readRules(config));
    } catch (error) {
      if (!(error instanceof ConfigError || error instanceof RulesError)) throw error;
      const errors = error.message.split('\n');
      for (const line of errors) this.deps.log.warn(`reload refused, nothing changed: ${line}`);
      store.setService({ ...store.service, reload: { ok: false, errors, warnings: [], at } });
      throw new DomainError('REFUSED', `nothing reloaded: ${errors.join('; ')}`, { errors });
    }
    const before = new Map(this.#config.instances.map((i) => [i.id, i]));
    const after = new Map(config.instances.map((i) => [i.id, i]));
    const changed = (id: string) => JSON.stringify(before.get(id)) !== JSON.stringify(after.get(id));
    // An instance whose address changed is removed and added again: a new monitor, a full sync.
    const removed = [...before.keys()].filter((id) => !after.has(id) || changed(id));
    const added = [...after.keys()].filter((id) => !before.has(id) || changed(id));
    for (const id of removed) {
      await this.deps.monitors.get(id)?.stop();
      this.deps.monitors.delete(id);
      store.dispatch({ type: 'instance:removed', instance: id });
    }
    store.dispatch({ type: 'rules:changed', rules });
    for (const id of added) {
      const instance = after.get(id)!;
      store.dispatch({ type: 'instance:added', instance });
      const monitor = this.deps.createMonitor(instance);
      this.deps.monitors.set(id, monitor);
      monitor.start();
    }
    this.#config = config;
    this.#rules = rules;
    const needsRestart = settingsNeedingRestart(this.#started, config);
    const status: ServiceStatus = {
      ...store.service,
      reload: { ok: true, errors: [], warnings, at },
      needsRestart,
    };
    store.setService(status);
    for (const warning of warnings) log(`warning: ${warning}`);
    log(
      `reloaded ${config.rulesFiles.length} rules file(s)` +
        (added.length > 0 ? `; instances added: ${added.join(', ')}` : '') +
        (removed.length > 0 ? `; instances removed: ${removed.join(', ')}` : '') +
        (needsRestart.length > 0 ? `; needs a restart to apply: ${needsRestart.join(', ')}` : ''),
    );
    return { status, instancesAdded: added, instancesRemoved: removed };
  }
}

/** The [supfleet] settings that differ from those the service started with, by their name in the file. */
function settingsNeedingRestart(started: ServiceConfig, now: ServiceConfig): string[] {
  const names: Partial<Record<keyof ServiceConfig, string>> = {
    listen: 'listen',
    pollPeriodMs: 'poll_period',
    fastPollPeriodMs: 'fast_poll_period',
    rpcTimeoutMs: 'rpc_timeout',
    silentAfterMs: 'silent_after',
    lostAfterMs: 'lost_after',
    jobRetention: 'job_retention',
    shutdownGraceMs: 'shutdown_grace',
    startingStrategy: 'starting_strategy',
    conciliationStrategy: 'conciliation_strategy',
    autoStart: 'auto_start',
    supervisor: 'username / password',
    api: 'api_username / api_password',
    localNode: 'local_node',
    dataDir: 'data_dir',
    database: 'database_url / database_password_file',
    replicaName: 'replica_name',
    leaseTtlMs: 'lease_ttl',
  };
  return (Object.keys(now) as (keyof ServiceConfig)[])
    .filter((key) => !LIVE_SETTINGS.has(key))
    .filter((key) => JSON.stringify(started[key]) !== JSON.stringify(now[key]))
    .map((key) => names[key] ?? key);
}
