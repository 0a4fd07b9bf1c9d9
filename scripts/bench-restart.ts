// The staged restart of an application against its floor: the same sequence sent as raw
// XML-RPC to the supervisord (stop rank 2 with wait=true, start the wait_exit processes and read
// them until they exit, start rank 2 with wait=true, startsecs 1). Trials alternate between the
// two, agents off and on; prints the medians side by side. Nothing here asserts.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { post, startTestFleet, until, type TestFleet } from '../apps/server/src/__tests__/fleet-fixture';
import { STAGED_RULES, stagedPrograms } from './bench-staged-app';

const RULES = STAGED_RULES;
const PER_NODE = 4;
const nodePrograms = (index: number) => stagedPrograms(index, PER_NODE);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The floor: what a script that knows the plan would send, with no one watching in between. */
async function rawRestart(fleet: TestFleet): Promise<void> {
  const nodes = Object.entries(fleet.nodes);
  const index = (id: string) => id.slice(1);
  await Promise.all(
    nodes.flatMap(([id, node]) =>
      Array.from({ length: PER_NODE }, (_, i) => node.client.stopProcess(`app:p${index(id)}_${i}`, true)),
    ),
  );
  await Promise.all(
    nodes.map(async ([id, node]) => {
      const name = `app:wait_${index(id)}`;
      await node.client.startProcess(name, false);
      while ((await node.client.getProcessInfo(name)).statename !== 'EXITED') await sleep(2);
    }),
  );
  await Promise.all(
    nodes.flatMap(([id, node]) =>
      Array.from({ length: PER_NODE }, (_, i) => node.client.startProcess(`app:p${index(id)}_${i}`, true)),
    ),
  );
}

async function supfleetRestart(fleet: TestFleet): Promise<void> {
  const answer = await post<{ job: { state: string; error: string | null } }>(
    `${fleet.url}/api/v1/applications/app/restart`,
    { wait: true },
  );
  if (answer.body.job.state !== 'succeeded') throw new Error(`restart ${answer.body.job.error}`);
}

export async function restartBench(trials: number): Promise<void> {
  for (const agents of [false, true]) {
    const fleet = await startTestFleet(
      { n1: nodePrograms(1), n2: nodePrograms(2), n3: nodePrograms(3) },
      RULES,
      {},
      agents ? { agents: { period: 5 } } : {},
    );
    try {
      const service = fleet.service;
      await until(
        service,
        () =>
          Object.values(service.store.state.processes).filter((p) => p.application === 'app').length ===
          3 * (PER_NODE + 1),
        10_000,
        'processes',
      );
      if (agents)
        await until(
          service,
          () => Object.values(service.store.state.instances).every((i) => i.agent),
          20_000,
          'agents',
        );
      await post(`${fleet.url}/api/v1/applications/app/start`, { wait: true });
      const floor: number[] = [];
      const ours: number[] = [];
      for (let trial = 0; trial < trials; trial += 1) {
        for (const [run, samples] of [
          [rawRestart, floor],
          [supfleetRestart, ours],
        ] as const) {
          // Each run starts from the application RUNNING, as supfleet sees it.
          await until(
            service,
            () => service.store.state.applications.app?.state === 'RUNNING',
            10_000,
            'app RUNNING',
          );
          const start = performance.now();
          await run(fleet);
          samples.push(performance.now() - start);
        }
      }
      const fmt = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
      console.log(
        `staged restart, 3 instances × (1 wait_exit + ${PER_NODE} startsecs 1), agents ${agents ? 'on' : 'off'}: ` +
          `supfleet median ${median(ours).toFixed(0)} ms, floor (raw XML-RPC) ${median(floor).toFixed(0)} ms, ` +
          `over the floor ${(median(ours) - median(floor)).toFixed(0)} ms (supfleet: ${fmt(ours)}; floor: ${fmt(floor)})`,
      );
    } finally {
      await fleet.stop();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await restartBench(Number(process.argv[2] ?? 10));
