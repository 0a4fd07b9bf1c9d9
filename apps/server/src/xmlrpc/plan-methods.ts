import type { PlannedProcess, StartPlan } from '@supfleet/protocol';
import { isRunningLike } from '@supfleet/protocol';
import type { XmlRpcStruct } from '@supfleet/supervisor-client';
import { STARTABLE_STATES, findApplication, findNamespec, requireState } from './fleet-lookups';
import { jobEnded } from './job-ended';
import { RpcFault } from './rpc-fault';
import { sortedProcesses, supvisorsIdentifier } from './supvisors-payloads';
import {
  booleanParam,
  strategyParam,
  stringParam,
  xmlrpcMethod,
  type MethodContext,
  type XmlRpcMethod,
} from './xmlrpc-method';

const applicationParam = stringParam('application_name', 'the name of the application');
const namespecParam = stringParam('namespec', 'the process namespec (name, group:name, or group:*)');
const programParam = stringParam(
  'program_name',
  'the program: a process name (every group that has it) or a namespec group:name',
);
const identifierParam = stringParam(
  'identifier',
  'supfleet extension: the instance (host:port or nick); empty for every instance that defines the program',
  '',
);

/** Dry runs (Supvisors' test_start_*), start_any_process and enable / disable. */
export const planMethods: Record<string, XmlRpcMethod> = {
  'supvisors.test_start_application': xmlrpcMethod({
    role: 'viewer',
    description:
      'Dry run of start_application: the plan the start would follow (rank, instance chosen and why, refusals), nothing started.',
    returns: { type: 'array', description: 'one structure per process of the start sequence, by rank' },
    params: [strategyParam(), applicationParam],
    call: (context, strategy, name) => {
      requireState(context.store.state, STARTABLE_STATES);
      const application = findApplication(context.store.state, name);
      if (!application.managed) throw new RpcFault('NOT_MANAGED', name);
      if (application.state !== 'STOPPED') throw new RpcFault('ALREADY_STARTED', name);
      return planPayload(context, context.orchestrator.preview({ type: 'application', name }, { strategy }));
    },
  }),

  'supvisors.test_start_process': xmlrpcMethod({
    role: 'viewer',
    description: 'Dry run of start_process (group:* for every process of the group), nothing started.',
    returns: { type: 'array', description: 'one structure per process' },
    params: [strategyParam(), namespecParam],
    call: (context, strategy, namespec) => {
      requireState(context.store.state, STARTABLE_STATES);
      const { application, processes } = findNamespec(context.store.state, namespec);
      const running = processes.find((p) => isRunningLike(p.state));
      if (running) throw new RpcFault('ALREADY_STARTED', running.namespec);
      const whole = processes.length > 1 || namespec.endsWith(':*') || namespec.endsWith(':');
      const target = whole ? `${application.name}:*` : processes[0]!.namespec;
      return planPayload(
        context,
        context.orchestrator.preview({ type: 'process', name: target }, { strategy }),
      );
    },
  }),

  'supvisors.start_any_process': xmlrpcMethod({
    role: 'operator',
    description:
      'Start one stopped process whose namespec matches the regular expression, the first that some instance can take.',
    returns: { type: 'string', description: 'the namespec of the process started' },
    params: [
      strategyParam(),
      stringParam('regex', 'a regular expression matched against group:name'),
      stringParam('extra_args', 'extra arguments for the command line: supfleet accepts none', ''),
      booleanParam('wait', 'wait until the process is started', true),
    ],
    call: async (context, strategy, regex, extraArgs, wait) => {
      requireState(context.store.state, STARTABLE_STATES);
      if (extraArgs !== '') throw notApplicable('extra_args', EXTRA_ARGS_WHY);
      let pattern: RegExp;
      try {
        pattern = new RegExp(regex);
      } catch (error) {
        throw new RpcFault('INCORRECT_PARAMETERS', `invalid regex ${regex}: ${(error as Error).message}`);
      }
      const state = context.store.state;
      const found = sortedProcesses(state).find(
        (p) =>
          pattern.test(p.namespec) &&
          !isRunningLike(p.state) &&
          context.orchestrator.preview({ type: 'process', name: p.namespec }, { strategy }).feasible,
      );
      if (!found) throw new RpcFault('FAILED', `no candidate process matching "${regex}"`);
      const job = await context.orchestrator.processAction('start', found.namespec, {
        wait: false,
        strategy,
        actor: context.principal.name,
      });
      if (wait) {
        const ended = await jobEnded(context.store, job.id);
        if (ended.state !== 'succeeded')
          throw new RpcFault('NOT_RUNNING', `${found.namespec} - ${ended.error ?? ended.state}`);
      }
      return found.namespec;
    },
  }),

  'supvisors.enable': xmlrpcMethod({
    role: 'operator',
    description:
      'Enable the program again (on one instance, or on every instance): starts may go there again. Kept by supfleet across restarts.',
    returns: { type: 'boolean', description: 'always True unless error' },
    params: [
      programParam,
      booleanParam('wait', 'kept for compatibility: enabling is immediate', true),
      identifierParam,
    ],
    call: async (context, program, _wait, identifier) => {
      requireState(context.store.state, STARTABLE_STATES);
      for (const namespec of programNamespecs(context, program))
        await context.programs.enable(namespec, instancesOf(context, namespec, identifier));
      return true;
    },
  }),

  'supvisors.disable': xmlrpcMethod({
    role: 'operator',
    description:
      'Disable the program (on one instance, or on every instance): it is stopped there if it runs, and no start goes there. Kept by supfleet across restarts.',
    returns: { type: 'boolean', description: 'always True unless error' },
    params: [
      programParam,
      booleanParam('wait', 'wait until the processes are stopped', true),
      identifierParam,
    ],
    call: async (context, program, wait, identifier) => {
      requireState(context.store.state, STARTABLE_STATES);
      const still: string[] = [];
      for (const namespec of programNamespecs(context, program)) {
        const { job } = await context.programs.disable(
          namespec,
          instancesOf(context, namespec, identifier),
          context.principal.name,
          { wait },
        );
        if (wait && job && job.state !== 'succeeded') still.push(namespec);
      }
      if (still.length > 0) throw new RpcFault('ABNORMAL_TERMINATION', still.join(' '));
      return true;
    },
  }),
};

export const EXTRA_ARGS_WHY =
  "it rewrites the program's command line inside supervisord, which supfleet calls from outside and cannot change";

export function notApplicable(what: string, why: string): RpcFault {
  return new RpcFault('NOT_APPLICABLE', `${what} cannot be honoured from outside supervisord: ${why}`);
}

/** Supvisors names a program by its section; supfleet by its process name in any group, or its namespec. */
function programNamespecs(context: MethodContext, program: string): string[] {
  const processes = sortedProcesses(context.store.state).filter(
    (p) => p.namespec === program || p.name === program,
  );
  if (processes.length === 0) throw new RpcFault('BAD_NAME', `program ${program} unknown to Supvisors`);
  return processes.map((p) => p.namespec);
}

function instancesOf(context: MethodContext, namespec: string, identifier: string): string[] | undefined {
  if (identifier === '') return undefined;
  const state = context.store.state;
  const instance =
    state.instances[identifier] ??
    Object.values(state.instances).find((i) => supvisorsIdentifier(i) === identifier);
  if (!instance) throw new RpcFault('BAD_NAME', `identifier=${identifier} is unknown to Supvisors`);
  if (!state.processes[namespec]?.definedOn.includes(instance.id))
    throw new RpcFault('BAD_NAME', `${namespec} is not defined on ${identifier}`);
  return [instance.id];
}

/** The plan, one structure per process, in rank order; instances named as Supvisors names them. */
function planPayload(context: MethodContext, plan: StartPlan): XmlRpcStruct[] {
  const state = context.store.state;
  const identifierOf = (id: string | null) => {
    const instance = id === null ? undefined : state.instances[id];
    return instance ? supvisorsIdentifier(instance) : '';
  };
  return plan.ranks.flatMap((rank) =>
    rank.processes.map((p: PlannedProcess): XmlRpcStruct => ({
      application_name: p.application,
      process_name: p.name,
      rank: rank.rank,
      strategy: plan.strategy,
      outcome: p.outcome,
      identifier: identifierOf(p.instance),
      nick_identifier: p.instance ?? '',
      reason: p.reason,
      wait_exit: p.waitExit,
      required: p.required,
      candidates: p.candidates.map(identifierOf),
      refusals: p.refusals.map((r) => ({
        identifier: identifierOf(r.instance),
        nick_identifier: r.instance,
        kind: r.kind,
        reason: r.reason,
      })),
    })),
  );
}
