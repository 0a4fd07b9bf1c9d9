import {
  OPERATIONAL_STATUS_LABELS,
  applicationSchema,
  instanceSchema,
  jobSchema,
  processSchema,
  type Application,
  type Instance,
  type Job,
  apiPath,
} from '@supfleet/protocol';
import { z } from 'zod';
import type { Command } from './command';
import { fetchNamed } from './fetch-named';
import { fetchProcesses } from './fetch-processes';
import { printJson, printTable } from './print-result';

const sstate: Command = {
  name: 'sstate',
  args: '',
  summary: 'State of the fleet: instances up, applications starting or stopping.',
  details: [
    'State is OPERATION when every instance is RUNNING, DEGRADED when only some are, DOWN when none is.',
  ],
  minArgs: 0,
  maxArgs: 0,
  async run(context) {
    const [instances, jobs] = await Promise.all([
      context.client.get(apiPath('get /instances', {}), z.array(instanceSchema)),
      context.client.get(apiPath('get /jobs', {}), z.array(jobSchema)),
    ]);
    const summary = fleetSummary(instances.data, jobs.data);
    if (context.json) {
      printJson(context, summary);
      return 0;
    }
    printTable(
      context,
      summary,
      ['State', 'Instances', 'Starting', 'Stopping'],
      [
        [
          summary.state,
          `${summary.instancesRunning}/${summary.instances}`,
          summary.starting.join(','),
          summary.stopping.join(','),
        ],
      ],
    );
    return 0;
  },
};

export interface FleetSummary {
  state: 'OPERATION' | 'DEGRADED' | 'DOWN';
  instances: number;
  instancesRunning: number;
  /** Targets of the running start and restart jobs. */
  starting: string[];
  stopping: string[];
}

export function fleetSummary(instances: readonly Instance[], jobs: readonly Job[]): FleetSummary {
  const running = instances.filter((i) => i.state === 'RUNNING').length;
  const active = jobs.filter((job) => job.state === 'running');
  return {
    state: running === 0 ? 'DOWN' : running === instances.length ? 'OPERATION' : 'DEGRADED',
    instances: instances.length,
    instancesRunning: running,
    starting: active.filter((job) => job.kind !== 'stop').map((job) => job.target.name),
    stopping: active.filter((job) => job.kind === 'stop').map((job) => job.target.name),
  };
}

const instanceStatus: Command = {
  name: 'instance_status',
  args: '[ID…]',
  summary: 'Status of the supervisord instances (all by default).',
  minArgs: 0,
  maxArgs: Infinity,
  async run(context, { positionals }) {
    const { answers, failed } =
      positionals.length === 0
        ? await context.client
            .get(apiPath('get /instances', {}), z.array(instanceSchema))
            .then((a) => ({ answers: [a], failed: false }))
        : await fetchNamed(context, positionals, async (id) => {
            const { data, raw } = await context.client.get(
              apiPath('get /instances/:id', { id }),
              instanceSchema,
            );
            return { data: [data], raw: [raw] };
          });
    const instances = answers.flatMap((a) => a.data);
    printTable(
      context,
      answers.flatMap((a) => a.raw as unknown[]),
      ['Instance', 'Node', 'Port', 'State', 'Load', 'Last seen'],
      instances.map((i) => [
        i.id,
        i.node,
        i.port,
        i.state,
        `${i.loading}%`,
        i.lastSeen === null ? 'never' : clock(i.lastSeen),
      ]),
      failed,
    );
    return failed ? 1 : 0;
  },
};

/** Local time of day, as Supvisors shows it. */
export function clock(epochMs: number): string {
  const date = new Date(epochMs);
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
}

const applicationInfo: Command = {
  name: 'application_info',
  args: '[NAME…]',
  summary: 'State, failures and operational status of applications (all by default).',
  details: [
    'Major and Minor are the failures of SPEC section 3; Status is the LED: Operational, Degraded, Not Operational.',
  ],
  minArgs: 0,
  maxArgs: Infinity,
  async run(context, { positionals }) {
    let applications: Application[];
    let raw: unknown[];
    let failed = false;
    if (positionals.length === 0) {
      const answer = await context.client.get(apiPath('get /applications', {}), z.array(applicationSchema));
      const order = answer.data.map((application, i) => ({ application, raw: (answer.raw as unknown[])[i] }));
      order.sort((a, b) => a.application.name.localeCompare(b.application.name));
      applications = order.map((o) => o.application);
      raw = order.map((o) => o.raw);
    } else {
      const named = await fetchNamed(context, positionals, (name) =>
        context.client.get(apiPath('get /applications/:name', { name }), applicationSchema),
      );
      applications = named.answers.map((a) => a.data);
      raw = named.answers.map((a) => a.raw);
      failed = named.failed;
    }
    printTable(
      context,
      raw,
      ['Application', 'State', 'Major', 'Minor', 'Status'],
      applications.map((a) => [
        a.name,
        a.state,
        a.majorFailure,
        a.minorFailure,
        OPERATIONAL_STATUS_LABELS[a.status],
      ]),
      failed,
    );
    return failed ? 1 : 0;
  },
};

const processInfo: Command = {
  name: 'process_info',
  aliases: ['sstatus'],
  args: '[NAMESPEC…]',
  summary: 'State of processes over all instances (all by default; APP:* for one application).',
  details: [
    'The state is the synthetic one of SPEC section 2, over every instance that defines the process.',
    'Instance is where the process runs (several: a conflict), or where its last state came from.',
  ],
  minArgs: 0,
  maxArgs: Infinity,
  async run(context, { positionals }) {
    const { processes, raw, failed } = await fetchProcesses(context, positionals);
    printTable(
      context,
      raw,
      ['Process', 'State', 'Instance', 'Description'],
      processes.map((p) => [
        p.namespec,
        p.state,
        p.runningOn.length > 0 ? p.runningOn.join(',') : p.instance,
        p.description,
      ]),
      failed,
    );
    return failed ? 1 : 0;
  },
};

const conflictSchema = z.array(processSchema.pick({ namespec: true, state: true, runningOn: true }));

const conflicts: Command = {
  name: 'conflicts',
  args: '',
  summary: 'Processes running on more than one instance.',
  minArgs: 0,
  maxArgs: 0,
  async run(context) {
    const { data, raw } = await context.client.get(apiPath('get /conflicts', {}), conflictSchema);
    if (data.length === 0 && !context.json) {
      context.out('no conflict');
      return 0;
    }
    printTable(
      context,
      raw,
      ['Process', 'State', 'Instances'],
      data.map((p) => [p.namespec, p.state, p.runningOn.join(',')]),
    );
    return 0;
  },
};

export const statusCommands: readonly Command[] = [
  sstate,
  instanceStatus,
  applicationInfo,
  processInfo,
  conflicts,
];
