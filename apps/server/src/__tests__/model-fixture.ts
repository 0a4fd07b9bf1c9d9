import { createFleet, EMPTY_RULES, type FleetEvent } from '@supfleet/core';
import { PROCESS_STATE_CODES, type Job, type ProcessState } from '@supfleet/protocol';
import type { FleetChange } from '../fleet-change';
import { FleetModel } from '../fleet-model';

/** A small fleet model for unit tests: one instance n1 that defines app:p. */
export const AT = 1_700_000_000_000;

function processInfo(state: ProcessState) {
  return {
    group: 'app',
    name: 'p',
    description: '',
    start: 100,
    stop: 0,
    now: 1000,
    state: PROCESS_STATE_CODES[state],
    statename: state,
    spawnerr: '',
    exitstatus: 0,
    logfile: '',
    stdout_logfile: '',
    stderr_logfile: '',
    pid: state === 'RUNNING' ? 42 : 0,
  };
}

const CONFIG = {
  group: 'app',
  name: 'p',
  autostart: false,
  autorestart: false,
  command: '/bin/true',
  exitcodes: [0],
  startsecs: 1,
  stopwaitsecs: 10,
  priority: 999,
  inuse: true,
};

export const JOB: Job = {
  id: 'job-1',
  kind: 'start',
  target: { type: 'application', name: 'app' },
  strategy: 'CONFIG',
  state: 'running',
  current: null,
  ranks: [
    {
      phase: 'start',
      rank: 1,
      processes: [{ namespec: 'app:p', instance: null, step: 'pending', message: null }],
    },
  ],
  error: null,
  createdAt: AT,
  endedAt: null,
};

/** A model of one instance that defines app:p (STOPPED), and the changes it announces from then on. */
export function setup() {
  const model = new FleetModel(
    createFleet([{ id: 'n1', host: 'localhost', port: 9001, node: 'n1' }], EMPTY_RULES),
  );
  model.dispatch({ type: 'instance:checking', instance: 'n1', at: AT });
  model.dispatch({
    type: 'instance:synced',
    instance: 'n1',
    at: AT,
    identification: 'n1',
    configs: [CONFIG],
    processes: [processInfo('STOPPED')],
  });
  const seen: FleetChange[] = [];
  model.on('change', (change) => seen.push(change));
  return { model, seen };
}

export const poll = (state: ProcessState): FleetEvent => ({
  type: 'instance:polled',
  instance: 'n1',
  at: AT + 1,
  processes: [processInfo(state)],
});
