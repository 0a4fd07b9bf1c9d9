import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';

const run = promisify(execFile);

const RULES = `<?xml version="1.0"?>
<root>
  <model name="scen1_model">
    <start_sequence>2</start_sequence>
    <required>true</required>
    <expected_loading>2</expected_loading>
  </model>
  <application name="scen1">
    <start_sequence>1</start_sequence>
    <starting_failure_strategy>CONTINUE</starting_failure_strategy>
    <programs>
      <program name="dup"><start_sequence>0</start_sequence></program>
      <program name="broken"><start_sequence>0</start_sequence></program>
      <program pattern=""><reference>scen1_model</reference></program>
      <program pattern="wait_mount">
        <reference>scen1_model</reference>
        <start_sequence>1</start_sequence>
        <wait_exit>true</wait_exit>
      </program>
    </programs>
  </application>
</root>`;

const waitMount = program({ command: '/bin/sh -c "sleep 0.3; exit 0"', exitcodes: '0' });
// Takes a second to stop, so a call that does not wait is seen returning before the stop ends.
const slowStop = program({
  command: `/bin/sh -c "trap 'sleep 1; exit 0' TERM; while true; do sleep 0.2; done"`,
  stopwaitsecs: 5,
});
const broken = program({ command: '/bin/sh -c "exit 3"', startsecs: 1, startretries: 0 });

/**
 * Scenario 1 in small: scen1 over three real supervisord (wait_mount_N first, then the rest),
 * `dup` defined on n1 and n2 (to make a conflict), `broken` that cannot start, and an
 * unmanaged group `misc`. Resolves once the service knows all eight processes.
 */
export async function startScenarioFleet(): Promise<{ fleet: TestFleet; ids: Record<string, string> }> {
  const fleet = await startTestFleet(
    {
      n1: {
        'program:wait_mount_1': waitMount,
        'program:front': program(),
        'program:dup': program(),
        'program:broken': broken,
        'group:scen1': { programs: 'wait_mount_1,front,dup,broken' },
        'program:tool': program(),
        'group:misc': { programs: 'tool' },
      },
      n2: {
        'program:wait_mount_2': waitMount,
        'program:back': slowStop,
        'program:dup': program(),
        'group:scen1': { programs: 'wait_mount_2,back,dup' },
      },
      n3: { 'program:db': program(), 'group:scen1': { programs: 'db' } },
    },
    RULES,
  );
  try {
    await until(
      fleet.service,
      () => Object.keys(fleet.service.store.state.processes).length === 8,
      10_000,
      'eight processes known',
    );
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  // Supvisors names an instance host:port; the fixture's instances are all on 127.0.0.1.
  const ids = Object.fromEntries(
    Object.entries(fleet.nodes).map(([id, node]) => [id, `127.0.0.1:${node.port}`]),
  );
  return { fleet, ids };
}

/** Every call goes through a real Python client; faults come back as {fault, message}. */
const PRELUDE = `
import json, os, time, xmlrpc.client
from supervisor.childutils import getRPCInterface
URL = os.environ['SUPFLEET_URL']
proxy = xmlrpc.client.ServerProxy(URL + '/RPC2')
def call(fn):
    try:
        return {'value': fn()}
    except xmlrpc.client.Fault as fault:
        return {'fault': fault.faultCode, 'message': fault.faultString}
`;

export type Answer<T = unknown> = { value: T } | { fault: number; message: string };
export type Struct = Record<string, unknown>;

/** Runs Debian's python3 on `body` (after PRELUDE), which must leave its result in `out`. */
export async function python<T extends Record<string, unknown>>(
  url: string,
  body: string,
  env: Record<string, string> = {},
): Promise<T> {
  const { stdout } = await run('/usr/bin/python3', ['-c', `${PRELUDE}\n${body}\nprint(json.dumps(out))`], {
    env: { ...process.env, ...env, SUPFLEET_URL: url },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as T;
}

export function value<T>(answer: Answer<T> | undefined): T {
  if (!answer || !('value' in answer)) throw new Error(`expected a value, got ${JSON.stringify(answer)}`);
  return answer.value;
}

export function fault(answer: Answer | undefined): { fault: number; message: string } {
  if (!answer || !('fault' in answer)) throw new Error(`expected a fault, got ${JSON.stringify(answer)}`);
  return answer;
}
