import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFleet, EMPTY_RULES } from '@supfleet/core';
import { FleetModel } from '../../fleet-model';
import { createServiceMetrics } from '../service-metrics';

const DASHBOARD = new URL('../../../../../examples/grafana/supfleet-dashboard.json', import.meta.url);
const OPERATIONS = new URL('../../../../../docs/operations.md', import.meta.url);

interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
}

/** Every supfleet_* name a query uses, without the histogram suffixes. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\bsupfleet_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, ''));
}

describe('the Grafana dashboard and the documented PromQL', () => {
  const metrics = createServiceMetrics(new FleetModel(createFleet([], EMPTY_RULES)));
  const exported = new Set(metrics.registry.getMetricsAsArray().map((m) => m.name));
  metrics.dispose();

  it('query only metrics the service exports', () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
    const docs = /```promql\n([\s\S]*?)```/.exec(readFileSync(OPERATIONS, 'utf8'))![1]!;
    const used = [...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)), docs].flatMap(
      metricNames,
    );
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
  });

  it('has a panel for each metric of the issue', () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
    const used = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricNames(t.expr))));
    for (const name of [
      'supfleet_instances',
      'supfleet_processes',
      'supfleet_application_status',
      'supfleet_jobs_ended_total',
      'supfleet_job_duration_seconds',
      'supfleet_poll_duration_seconds',
      'supfleet_poll_errors_total',
      'supfleet_agent_events_total',
      'supfleet_socketio_clients',
      'supfleet_http_requests_total',
    ])
      expect(used).toContain(name);
  });
});
