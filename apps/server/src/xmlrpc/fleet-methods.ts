import type { Job } from '@supfleet/protocol';
import { conciliate } from '@supfleet/core';
import type { XmlRpcStruct } from '@supfleet/supervisor-client';
import {
  READABLE_STATES,
  STARTABLE_STATES,
  STOPPABLE_STATES,
  findInstance,
  findNamespec,
  requireState,
} from './fleet-lookups';
import { jobEnded } from './job-ended';
import { EXTRA_ARGS_WHY, notApplicable } from './plan-methods';
import { RpcFault } from './rpc-fault';
import { conflictingProcesses, supvisorsIdentifier } from './supvisors-payloads';
import {
  booleanParam,
  conciliationParam,
  strategyParam,
  stringParam,
  xmlrpcMethod,
  type MethodContext,
  type XmlRpcMethod,
} from './xmlrpc-method';

const waitParam = (what: string) => booleanParam('wait', `wait until ${what}`, true);
const confirmParam = (what: string) =>
  booleanParam('confirm', `supfleet asks for True: ${what} every supervisord of the fleet`, false);

/** The rest of Supvisors 0.19's `supvisors` namespace that a service outside supervisord can honour. */
export const fleetMethods: Record<string, XmlRpcMethod> = {
  'supvisors.get_master_identifier': xmlrpcMethod({
    role: 'viewer',
    description: 'Return the identifier of the Supvisors Master: supfleet itself, which runs every job.',
    returns: { type: 'string', description: 'the host:port this request reached supfleet on' },
    params: [],
    call: ({ identifier }) => identifier,
  }),

  'supvisors.get_strategies': xmlrpcMethod({
    role: 'viewer',
    description: 'Return the default strategies: auto-fencing, starting, conciliation (and auto_start).',
    returns: { type: 'struct', description: "'auto-fencing', 'starting', 'conciliation', 'auto_start'" },
    params: [],
    call: ({ settings }) => ({
      'auto-fencing': false,
      starting: settings.startingStrategy,
      conciliation: settings.conciliationStrategy,
      auto_start: settings.autoStart,
    }),
  }),

  'supvisors.get_local_process_info': xmlrpcMethod({
    role: 'viewer',
    description:
      "A process as one instance's supervisord sees it (Supvisors' local view), read from that supervisord now.",
    returns: { type: 'struct', description: 'group, name, state, start, stop, now, pid, description, ...' },
    params: [
      stringParam('namespec', 'the process namespec (group:name)'),
      stringParam(
        'identifier',
        'supfleet extension: the instance to ask (host:port or nick); empty: where it runs, else the first that defines it',
        '',
      ),
    ],
    call: async (context, namespec, identifier) => {
      requireState(context.store.state, READABLE_STATES);
      const process = findNamespec(context.store.state, namespec).processes[0]!;
      const id =
        identifier === ''
          ? (process.runningOn[0] ?? process.instance ?? process.definedOn[0]!)
          : findInstance(context.store.state, identifier).id;
      if (!process.definedOn.includes(id))
        throw new RpcFault('BAD_NAME', `${process.namespec} is not defined on ${identifier || id}`);
      return localInfo(context, process.namespec, id);
    },
  }),

  'supvisors.get_all_local_process_info': xmlrpcMethod({
    role: 'viewer',
    description: "Every process as one instance's supervisord sees it, read from that supervisord now.",
    returns: { type: 'array', description: 'structures as get_local_process_info' },
    params: [stringParam('identifier', 'the instance to ask (host:port or nick)')],
    call: async (context, identifier) => {
      const instance = findInstance(context.store.state, identifier);
      const namespecs = Object.keys(context.store.state.configs[instance.id] ?? {}).sort();
      return Promise.all(namespecs.map((namespec) => localInfo(context, namespec, instance.id)));
    },
  }),

  'supvisors.conciliate': xmlrpcMethod({
    role: 'operator',
    description:
      'Apply a conciliation strategy to the conflicts, in CONCILIATION state; USER does nothing and answers False.',
    returns: { type: 'boolean', description: 'True if conciliation was triggered' },
    params: [conciliationParam()],
    call: (context, strategy) => {
      requireState(context.store.state, ['CONCILIATION']);
      if (strategy === 'USER') return false;
      for (const process of conflictingProcesses(context.store.state)) {
        const decision = conciliate(process, strategy);
        const cause = `conflict of ${process.namespec} on ${process.runningOn.join(', ')} (${strategy} by request)`;
        const launched = decision.thenStart
          ? context.orchestrator.processAction('restart', process.namespec, { wait: false, cause })
          : decision.stop.length > 0
            ? context.orchestrator.stopProcessOn(process.namespec, decision.stop, { wait: false, cause })
            : null;
        // A refusal (a job runs there) leaves that conflict to the next request.
        launched?.catch(() => undefined);
      }
      return true;
    },
  }),

  'supvisors.restart_sequence': xmlrpcMethod({
    role: 'operator',
    description:
      'Run the whole start sequence again: start every managed application with a start_sequence above 0 (running processes are left alone).',
    returns: { type: 'boolean', description: 'always True unless error' },
    params: [waitParam('the start sequence has ended')],
    call: async (context, wait) => {
      requireState(context.store.state, STARTABLE_STATES);
      const job = await context.orchestrator.allAction('start', { wait: false, cause: 'restart_sequence' });
      return wait ? settle(context, job, 'NOT_RUNNING', 'restart_sequence') : true;
    },
  }),

  'supvisors.start_all': xmlrpcMethod({
    role: 'operator',
    description:
      'supfleet extension: start every managed application by start_sequence (as POST /start-all).',
    returns: { type: 'boolean', description: 'always True unless error' },
    params: [strategyParam(), waitParam('every application is started')],
    call: async (context, strategy, wait) => {
      requireState(context.store.state, STARTABLE_STATES);
      const job = await context.orchestrator.allAction('start', {
        wait: false,
        strategy,
        actor: context.principal.name,
      });
      return wait ? settle(context, job, 'NOT_RUNNING', 'start_all') : true;
    },
  }),

  'supvisors.stop_all': xmlrpcMethod({
    role: 'operator',
    description: 'supfleet extension: stop every managed application, greatest stop_sequence first.',
    returns: { type: 'boolean', description: 'always True unless error' },
    params: [waitParam('every application is stopped')],
    call: async (context, wait) => {
      requireState(context.store.state, STOPPABLE_STATES);
      const job = await context.orchestrator.allAction('stop', {
        wait: false,
        actor: context.principal.name,
      });
      return wait ? settle(context, job, 'STILL_RUNNING', 'stop_all') : true;
    },
  }),

  'supvisors.restart': xmlrpcMethod({
    role: 'admin',
    description:
      'Stop every managed application, then restart every supervisord of the fleet. Needs confirm=True.',
    returns: { type: 'boolean', description: 'always True unless error' },
    params: [confirmParam('it restarts')],
    call: (context, confirm) => restartOrShutdown(context, 'restart', confirm),
  }),

  'supvisors.shutdown': xmlrpcMethod({
    role: 'admin',
    description:
      'Stop every managed application, then shut down every supervisord of the fleet. Needs confirm=True.',
    returns: { type: 'boolean', description: 'always True unless error' },
    params: [confirmParam('it shuts down')],
    call: (context, confirm) => restartOrShutdown(context, 'shutdown', confirm),
  }),

  // What Supvisors does inside supervisord itself: answered with NOT_APPLICABLE and the reason.
  'supvisors.start_args': unsupported('start_args', EXTRA_ARGS_WHY, [
    'boolean',
    'string',
    'string',
    'boolean',
  ]),
  'supvisors.update_numprocs': unsupported(
    'update_numprocs',
    "it adds or removes processes in supervisord's own program definitions, which supfleet cannot rewrite",
    ['boolean', 'string', 'int', 'boolean'],
  ),
  'supvisors.lazy_update_numprocs': unsupported(
    'lazy_update_numprocs',
    "it adds or removes processes in supervisord's own program definitions, which supfleet cannot rewrite",
    ['boolean', 'string', 'int', 'boolean'],
  ),
  'supvisors.end_sync': unsupported(
    'end_sync',
    'supfleet has no synchronization phase to end: it polls every supervisord from its start',
    ['boolean', 'string'],
  ),
  'supvisors.change_log_level': unsupported(
    'change_log_level',
    "supvisord's logger lives inside supervisord; supfleet's log level is set where it is started",
    ['boolean', 'string'],
  ),
};

/** supervisord's own view of one process, in the shape of Supvisors' local process info. */
async function localInfo(context: MethodContext, namespec: string, instance: string): Promise<XmlRpcStruct> {
  const monitor = context.monitors.get(instance);
  if (!monitor || context.store.state.instances[instance]?.state !== 'RUNNING')
    throw new RpcFault(
      'FAILED',
      `${instance} is ${context.store.state.instances[instance]?.state ?? 'unknown'}`,
    );
  const info = await monitor.client.getProcessInfo(namespec);
  const config = context.store.state.configs[instance]?.[namespec];
  const process = context.store.state.processes[namespec];
  const where = context.store.state.instances[instance];
  return {
    group: info.group,
    name: info.name,
    identifier: where ? supvisorsIdentifier(where) : instance,
    nick_identifier: instance,
    state: info.state,
    statename: info.statename,
    start: info.start,
    stop: info.stop,
    now: info.now,
    pid: info.pid,
    description: info.description,
    expected: config ? config.exitcodes.includes(info.exitstatus) : true,
    spawnerr: info.spawnerr,
    startsecs: typeof config?.startsecs === 'number' ? config.startsecs : 0,
    stopwaitsecs: typeof config?.stopwaitsecs === 'number' ? config.stopwaitsecs : 0,
    extra_args: '',
    disabled: process?.disabledOn?.includes(instance) ?? false,
    program_name: info.name,
    process_index: 0,
  };
}

async function settle(
  context: MethodContext,
  job: Job,
  failure: 'NOT_RUNNING' | 'STILL_RUNNING',
  what: string,
) {
  const ended = await jobEnded(context.store, job.id);
  if (ended.state !== 'succeeded') throw new RpcFault(failure, `${what} - ${ended.error ?? ended.state}`);
  return true;
}

/** Supvisors' restart / shutdown: applications stopped first, then every supervisord answers the call. */
async function restartOrShutdown(
  context: MethodContext,
  what: 'restart' | 'shutdown',
  confirm: boolean,
): Promise<boolean> {
  requireState(context.store.state, READABLE_STATES);
  if (!confirm) {
    throw new RpcFault(
      'INCORRECT_PARAMETERS',
      `${what} stops every application and ${what === 'restart' ? 'restarts' : 'shuts down'} every supervisord: call ${what}(True) to confirm`,
    );
  }
  const job = await context.orchestrator.allAction('stop', {
    wait: true,
    cause: `${what} by ${context.principal.name}`,
  });
  if (job.state !== 'succeeded') throw new RpcFault('STILL_RUNNING', `${what} - ${job.error ?? job.state}`);
  const running = Object.values(context.store.state.instances).filter((i) => i.state === 'RUNNING');
  const failures: string[] = [];
  await Promise.all(
    running.map(async (instance) => {
      try {
        await context.monitors.get(instance.id)!.changes.supervisord(what);
      } catch (error) {
        failures.push(`${instance.id}: ${(error as Error).message}`);
      }
    }),
  );
  if (failures.length > 0) throw new RpcFault('FAILED', `${what} - ${failures.join('; ')}`);
  return true;
}

/** A method Supvisors serves from inside supervisord: declared, so that it answers why, whatever its parameters. */
function unsupported(name: string, why: string, signature: string[]): XmlRpcMethod {
  return {
    role: 'operator',
    help: `Not served: ${name} cannot be honoured from outside supervisord (${why}). Answers NOT_APPLICABLE (104).`,
    signature,
    invoke: () => Promise.reject(notApplicable(name, why)),
  };
}
