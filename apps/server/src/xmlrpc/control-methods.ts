import type { Job, JobKind, Process, StartingStrategy } from '@supfleet/protocol';
import {
  STARTABLE_STATES,
  STOPPABLE_STATES,
  findApplication,
  findNamespec,
  requireState,
} from './fleet-lookups';
import { jobEnded } from './job-ended';
import { EXTRA_ARGS_WHY, notApplicable } from './plan-methods';
import { RpcFault, type FaultName } from './rpc-fault';
import { runningProcesses } from './supvisors-payloads';
import {
  booleanParam,
  strategyParam,
  stringParam,
  xmlrpcMethod,
  type MethodContext,
  type XmlRpcMethod,
} from './xmlrpc-method';

const applicationParam = stringParam('application_name', 'the name of the application');
const namespecParam = stringParam(
  'namespec',
  'the process namespec (name, group:name, or group:* for the whole group)',
);
const extraArgsParam = stringParam(
  'extra_args',
  'extra arguments for the command line: supfleet accepts none',
  '',
);
const waitParam = (what: string) => booleanParam('wait', `wait until the ${what}`, true);

/** The control half of Supvisors 0.19's `supvisors` namespace: jobs of the orchestrator. */
export const controlMethods: Record<string, XmlRpcMethod> = {
  'supvisors.start_application': xmlrpcMethod({
    role: 'operator',
    description: 'Start a managed application, rank by rank, following its rules and the strategy.',
    returns: { type: 'boolean', description: 'always True unless error' },
    params: [strategyParam(), applicationParam, waitParam('application is started')],
    call: async (context, strategy, name, wait) => {
      const state = context.store.state;
      requireState(state, STARTABLE_STATES);
      const application = managedApplication(context, name);
      if (application.state !== 'STOPPED') throw new RpcFault('ALREADY_STARTED', name);
      const job = await context.orchestrator.applicationAction('start', name, {
        wait: false,
        strategy,
        actor: context.principal.name,
      });
      if (!job.ranks.some((rank) => rank.phase === 'start')) {
        throw new RpcFault(
          'ABNORMAL_TERMINATION',
          `failed to start ${name} - no program with a start_sequence above 0`,
        );
      }
      return wait ? settle(context, job, 'NOT_RUNNING', name) : true;
    },
  }),

  'supvisors.stop_application': xmlrpcMethod({
    role: 'operator',
    description: 'Stop a managed application, rank by rank, greatest stop_sequence first.',
    returns: { type: 'boolean', description: 'always True unless error' },
    params: [applicationParam, waitParam('application is stopped')],
    call: async (context, name, wait) => {
      requireState(context.store.state, STOPPABLE_STATES);
      managedApplication(context, name);
      const members = Object.values(context.store.state.processes).filter((p) => p.application === name);
      if (runningProcesses(members).length === 0) throw new RpcFault('NOT_RUNNING', `failed to stop ${name}`);
      const job = await context.orchestrator.applicationAction('stop', name, {
        wait: false,
        actor: context.principal.name,
      });
      return wait ? settle(context, job, 'STILL_RUNNING', name) : true;
    },
  }),

  'supvisors.restart_application': xmlrpcMethod({
    role: 'operator',
    description:
      'Restart a managed application: stop it, then start it following its rules and the strategy.',
    returns: { type: 'boolean', description: 'always True unless error' },
    params: [strategyParam(), applicationParam, waitParam('application is restarted')],
    call: async (context, strategy, name, wait) => {
      requireState(context.store.state, STARTABLE_STATES);
      managedApplication(context, name);
      const job = await context.orchestrator.applicationAction('restart', name, {
        wait: false,
        strategy,
        actor: context.principal.name,
      });
      return wait ? settle(context, job, 'NOT_RUNNING', name) : true;
    },
  }),

  'supvisors.start_process': xmlrpcMethod({
    role: 'operator',
    description:
      'Start a process (or every process of group:*) on the instance the strategy chooses among those the rules allow.',
    returns: { type: 'boolean', description: 'always True unless error' },
    params: [strategyParam(), namespecParam, extraArgsParam, waitParam('process is started')],
    call: async (context, strategy, namespec, extraArgs, wait) => {
      requireState(context.store.state, STARTABLE_STATES);
      refuseExtraArgs(extraArgs);
      const { processes } = findNamespec(context.store.state, namespec);
      const running = runningProcesses(processes)[0];
      if (running) throw new RpcFault('ALREADY_STARTED', running.namespec);
      return runProcessJobs(context, 'start', processes, strategy, wait, 'NOT_RUNNING');
    },
  }),

  'supvisors.stop_process': xmlrpcMethod({
    role: 'operator',
    description: 'Stop a process (or every process of group:*) on every instance where it runs.',
    returns: { type: 'boolean', description: 'always True unless error' },
    params: [namespecParam, waitParam('process is stopped')],
    call: async (context, namespec, wait) => {
      requireState(context.store.state, STOPPABLE_STATES);
      const running = runningProcesses(findNamespec(context.store.state, namespec).processes);
      if (running.length === 0) throw new RpcFault('NOT_RUNNING', `${namespec} already stopped`);
      return runProcessJobs(context, 'stop', running, undefined, wait, 'STILL_RUNNING');
    },
  }),

  'supvisors.restart_process': xmlrpcMethod({
    role: 'operator',
    description:
      'Restart a process (or every process of group:*): stop it, then start it where the strategy chooses.',
    returns: { type: 'boolean', description: 'always True unless error' },
    params: [strategyParam(), namespecParam, extraArgsParam, waitParam('process is restarted')],
    call: async (context, strategy, namespec, extraArgs, wait) => {
      requireState(context.store.state, STARTABLE_STATES);
      refuseExtraArgs(extraArgs);
      const { processes } = findNamespec(context.store.state, namespec);
      return runProcessJobs(context, 'restart', processes, strategy, wait, 'NOT_RUNNING');
    },
  }),
};

/** Supvisors orchestrates managed applications only; it says so before anything else. */
function managedApplication(context: MethodContext, name: string) {
  const application = findApplication(context.store.state, name);
  if (!application.managed) throw new RpcFault('NOT_MANAGED', name);
  return application;
}

/** Supvisors rewrites the program's command line in its own supervisord; supfleet cannot. */
function refuseExtraArgs(extraArgs: string): void {
  if (extraArgs !== '') throw notApplicable('extra_args', EXTRA_ARGS_WHY);
}

/** wait=True: True once the job has succeeded, else the fault Supvisors raises for that request. */
async function settle(context: MethodContext, job: Job, failure: FaultName, name: string): Promise<boolean> {
  const ended = await jobEnded(context.store, job.id);
  if (ended.state !== 'succeeded') throw new RpcFault(failure, `${name} - ${ended.error ?? ended.state}`);
  return true;
}

interface Outcome {
  namespec: string;
  reason: string | null;
}

/**
 * One job per process, one after the other: the orchestrator runs one job per application at a
 * time, and every process of `group:*` belongs to the same one. The first job is launched before
 * answering, so a refusal is a fault; with wait=False the others follow in the background.
 */
async function runProcessJobs(
  context: MethodContext,
  kind: JobKind,
  processes: readonly Process[],
  strategy: StartingStrategy | undefined,
  wait: boolean,
  failure: FaultName,
): Promise<boolean> {
  const launch = (namespec: string) =>
    context.orchestrator.processAction(kind, namespec, {
      wait: false,
      strategy,
      actor: context.principal.name,
    });
  const [first, ...rest] = processes;
  if (!first) throw new RpcFault('BAD_NAME', 'no process in that group');
  const firstJob = await launch(first.namespec);
  const outcomeOf = (namespec: string, job: Job): Outcome => ({
    namespec,
    reason: job.state === 'succeeded' ? null : (job.error ?? job.state),
  });
  const all = (async () => {
    const outcomes = [outcomeOf(first.namespec, await jobEnded(context.store, firstJob.id))];
    for (const { namespec } of rest) {
      try {
        const job = await launch(namespec);
        outcomes.push(outcomeOf(namespec, await jobEnded(context.store, job.id)));
      } catch (error) {
        outcomes.push({ namespec, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    return outcomes;
  })();
  if (!wait) {
    void all.then((outcomes) => {
      const failed = outcomes.filter((o) => o.reason !== null);
      if (failed.length > 0)
        context.log.warn(`XML-RPC ${kind} of ${failed.map((o) => `${o.namespec}: ${o.reason}`).join('; ')}`);
    });
    return true;
  }
  const failed = (await all).filter((o) => o.reason !== null);
  if (failed.length > 0) {
    const names = failed.map((o) => o.namespec).join(', ');
    throw new RpcFault(
      failure,
      `processes=[${names}] - ${failed.map((o) => `${o.namespec}: ${o.reason}`).join('; ')}`,
    );
  }
  return true;
}
