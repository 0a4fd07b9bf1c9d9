import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { applicationStateSchema, instanceStateSchema, operationalStatusSchema } from '@supfleet/protocol';
import { jobsCreated as createdIn, jobsEnded as endedIn, type FleetChange } from '../fleet-change';
import type { FleetModel } from '../fleet-model';
import type { PollOutcome } from '../monitors/instance-monitor';

/**
 * A supervisord instance is labelled `supervisor` (its nick), never `instance`: Prometheus gives
 * that name to the scrape target and would rename ours `exported_instance`.
 *
 * Prometheus metrics of one service, in a registry of its own (several services in one test
 * process do not mix). Gauges of the fleet are read from the store at scrape time; counters and
 * histograms are fed by the store's events, the monitors' polls and the HTTP middleware.
 */
export interface ServiceMetrics {
  registry: Registry;
  /** Tells of one poll of an instance (InstanceMonitor's onPoll). */
  recordPoll(poll: PollOutcome): void;
  /** Tells of one alert message that was delivered, or given up on. */
  recordAlert(alert: string, channel: string, delivered: boolean): void;
  /** Tells of one event an agent pushed (agent helpers call it). */
  recordAgentEvent(instance: string): void;
  /** Counts HTTP requests by route (the pattern, not the URL) and status. */
  httpMiddleware: RequestHandler;
  /** How many socket.io clients are connected, read at scrape time. */
  countSocketClients(count: () => number): void;
  /** Stops listening to the store. */
  dispose(): void;
}

export function createServiceMetrics(store: FleetModel): ServiceMetrics {
  const registry = new Registry();
  // The event loop's delay sampled each second, not every 10 ms (prom-client's default): that
  // timer alone woke the idle server 100 times a second, 0.22 CPU-s a minute (BENCHMARKS.md).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 1000 });
  let socketClients = () => 0;

  new Gauge({
    name: 'supfleet_instances',
    help: 'supervisord instances by state (UNKNOWN, CHECKING, RUNNING, SILENT)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      const counts = Object.fromEntries(instanceStateSchema.options.map((state) => [state, 0]));
      for (const instance of Object.values(store.state.instances)) counts[instance.state]! += 1;
      for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
    },
  });
  new Gauge({
    name: 'supfleet_instance_up',
    help: '1 when the instance is RUNNING (answered its last poll), else 0',
    labelNames: ['supervisor'],
    registers: [registry],
    collect() {
      this.reset();
      for (const instance of Object.values(store.state.instances))
        this.set({ supervisor: instance.id }, instance.state === 'RUNNING' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'supfleet_processes',
    help: 'processes by application, instance and state, as each supervisord reports them',
    labelNames: ['application', 'supervisor', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const process of Object.values(store.state.processes))
        for (const info of process.instances)
          this.inc({ application: process.application, supervisor: info.instance, state: info.state });
    },
  });
  new Gauge({
    name: 'supfleet_application_status',
    help: 'the LED of each managed application: 1 for its operational status (operational, degraded, not-operational, off), 0 for the others',
    labelNames: ['application', 'status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const application of Object.values(store.state.applications)) {
        if (!application.managed) continue;
        for (const status of operationalStatusSchema.options)
          this.set({ application: application.name, status }, application.status === status ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'supfleet_application_state',
    help: 'the state of each managed application: 1 for its state (STOPPED, STARTING, RUNNING, STOPPING), 0 for the others',
    labelNames: ['application', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const application of Object.values(store.state.applications)) {
        if (!application.managed) continue;
        for (const state of applicationStateSchema.options)
          this.set({ application: application.name, state }, application.state === state ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'supfleet_socketio_clients',
    help: 'socket.io clients connected (pages, event clients)',
    registers: [registry],
    collect() {
      this.set(socketClients());
    },
  });

  const jobsStarted = new Counter({
    name: 'supfleet_jobs_started_total',
    help: 'jobs started, by kind (start, stop, restart) and target type (application, process, all)',
    labelNames: ['kind', 'target'],
    registers: [registry],
  });
  const jobsEnded = new Counter({
    name: 'supfleet_jobs_ended_total',
    help: 'jobs ended, by kind, target type and result (succeeded, failed, cancelled)',
    labelNames: ['kind', 'target', 'result'],
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'supfleet_job_duration_seconds',
    help: 'duration of the jobs that ended, by kind and result',
    labelNames: ['kind', 'result'],
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  const pollDuration = new Histogram({
    name: 'supfleet_poll_duration_seconds',
    help: 'duration of one poll (one system.multicall) of an instance',
    labelNames: ['supervisor'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const pollErrors = new Counter({
    name: 'supfleet_poll_errors_total',
    help: 'polls of an instance that got no answer (refused, timeout, fault)',
    labelNames: ['supervisor'],
    registers: [registry],
  });
  const agentEvents = new Counter({
    name: 'supfleet_agent_events_total',
    help: 'events pushed by the supfleet agents (supervisord event listeners), by instance',
    labelNames: ['supervisor'],
    registers: [registry],
  });
  const alertsSent = new Counter({
    name: 'supfleet_alerts_total',
    help: 'alert messages (firing and resolved) by alert, channel and result (delivered, dropped)',
    labelNames: ['alert', 'channel', 'result'],
    registers: [registry],
  });
  const httpRequests = new Counter({
    name: 'supfleet_http_requests_total',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'supfleet_http_request_duration_seconds',
    help: 'HTTP request duration by method and route pattern',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  for (const instance of Object.keys(store.state.instances)) {
    pollErrors.inc({ supervisor: instance }, 0);
    agentEvents.inc({ supervisor: instance }, 0);
  }

  const onChange = (change: FleetChange) => {
    // The jobs this replica ran: a follower's mirror of the leader's would count them twice.
    if (change.mirrored) return;
    for (const job of createdIn(change)) jobsStarted.inc({ kind: job.kind, target: job.target.type });
    for (const job of endedIn(change)) {
      if (job.endedAt === null) continue;
      jobsEnded.inc({ kind: job.kind, target: job.target.type, result: job.state });
      jobDuration.observe({ kind: job.kind, result: job.state }, (job.endedAt - job.createdAt) / 1000);
    }
  };
  store.on('change', onChange);

  return {
    registry,
    recordPoll({ instance, durationMs, error }) {
      pollDuration.observe({ supervisor: instance }, durationMs / 1000);
      if (error !== null) pollErrors.inc({ supervisor: instance });
    },
    recordAlert(alert, channel, delivered) {
      alertsSent.inc({ alert, channel, result: delivered ? 'delivered' : 'dropped' });
    },
    recordAgentEvent(instance) {
      agentEvents.inc({ supervisor: instance });
    },
    httpMiddleware(req, res, next) {
      const started = performance.now();
      res.on('finish', () => {
        // The route's pattern (/api/v1/applications/:name), never the URL: bounded label values.
        const pattern = (req.route as { path?: unknown } | undefined)?.path;
        const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
        httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
        httpDuration.observe({ method: req.method, route }, (performance.now() - started) / 1000);
      });
      next();
    },
    countSocketClients(count) {
      socketClients = count;
    },
    dispose() {
      store.off('change', onChange);
    },
  };
}
