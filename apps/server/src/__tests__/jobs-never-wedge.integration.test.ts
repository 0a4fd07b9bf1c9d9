import { afterEach, describe, expect, it } from 'vitest';
import { SupervisorClient } from '@supfleet/supervisor-client';
import type { Job } from '@supfleet/protocol';
import { post, program, startTestFleet, until, type TestFleet } from './fleet-fixture';

/** rank 1 exits at once (an NFS wait that finds its mount), rank 2 runs. */
const RULES = `<?xml version="1.0"?>
<root>
  <application name="pair">
    <start_sequence>1</start_sequence>
    <programs>
      <program name="mount">
        <start_sequence>1</start_sequence>
        <wait_exit>true</wait_exit>
        <required>true</required>
      </program>
      <program name="worker"><start_sequence>2</start_sequence><required>true</required></program>
    </programs>
  </application>
</root>`;

const PAIRS = 50;

type Via = 'rest' | 'rpc';

describe('jobs never wedge', () => {
  let fleet: TestFleet | undefined;
  afterEach(async () => {
    await fleet?.stop();
    fleet = undefined;
  });

  /** Runs an action and waits for its job, over REST or /RPC2; the job that ran, or the refusal. */
  async function act(via: Via, kind: 'start' | 'stop' | 'restart'): Promise<Job | string> {
    const service = fleet!.service;
    if (via === 'rest') {
      const answer = await post<{ job?: Job; error?: { code: string } }>(
        `${fleet!.url}/api/v1/applications/pair/${kind}`,
        { wait: true },
      );
      return answer.body.job ?? answer.body.error!.code;
    }
    const rpc = new SupervisorClient({ url: fleet!.url, timeoutMs: 60_000 });
    const before = new Set(service.store.jobs().map((job) => job.id));
    const params = kind === 'stop' ? ['pair', true] : ['CONFIG', 'pair', true];
    try {
      await rpc.call(`supvisors.${kind}_application`, params);
    } catch (error) {
      const name = (error as { faultName?: string }).faultName;
      if (name === 'ALREADY_STARTED' || name === 'NOT_RUNNING') return name;
      throw error;
    }
    return service.store.jobs().find((job) => !before.has(job.id) && job.target.name === 'pair')!;
  }

  it.each([
    ['agent off', false],
    ['agent on', true],
  ])(
    `${PAIRS} back-to-back start → restart pairs over REST and /RPC2 all end in time (%s)`,
    async (_name, agents) => {
      fleet = await startTestFleet(
        {
          n1: {
            'program:mount': program({ command: '/bin/true', exitcodes: '0', startsecs: 0 }),
            'program:worker': program(),
            'group:pair': { programs: 'mount,worker' },
          },
        },
        RULES,
        {},
        agents ? { agents: { period: 1 } } : {},
      );
      const service = fleet.service;
      if (agents)
        await until(service, () => service.store.state.instances.n1?.agent === true, 15_000, 'the agent');
      await until(service, () => service.store.state.instances.n1?.state === 'RUNNING');
      // Nothing runs yet: a stop has nothing to do, over both protocols alike.
      expect(await act('rest', 'stop')).toBe('NOT_RUNNING');
      expect(await act('rpc', 'stop')).toBe('NOT_RUNNING');
      for (let pair = 0; pair < PAIRS; pair++) {
        const via: Via = pair % 2 === 0 ? 'rest' : 'rpc';
        // Every other two pairs stop first, so that the start runs rank 1 again right before the
        // restart does (the same second); the others start a RUNNING application: refused alike.
        const stopped = pair === 0 || pair % 4 < 2;
        if (stopped && pair > 0)
          expect(await act(via, 'stop'), `pair ${pair} stop`).toMatchObject({ state: 'succeeded' });
        const started = Date.now();
        const start = await act(via, 'start');
        if (stopped) expect(start, `pair ${pair} start`).toMatchObject({ state: 'succeeded' });
        else expect(start, `pair ${pair} start`).toBe('ALREADY_STARTED');
        const restart = await act(via, 'restart');
        expect(restart, `pair ${pair} restart`).toMatchObject({ state: 'succeeded' });
        // startsecs 0 and a rank 1 that exits at once: a pair takes well under the step deadlines.
        expect(Date.now() - started, `pair ${pair} took`).toBeLessThan(10_000);
        expect(service.store.state.processes['pair:worker']?.state).toBe('RUNNING');
      }
      expect(service.store.jobs().filter((job) => job.state === 'running')).toEqual([]);
    },
    240_000,
  );
});
