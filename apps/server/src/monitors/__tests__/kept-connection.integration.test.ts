import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';
import { eventually } from '../../__tests__/eventually';
import { updated } from '../../fleet-change';

const RULES = '<root/>';

/** `ss -K` (root, a kernel with socket destroy) closes supervisord's side as supervisord itself would. */
function canKillSockets(): boolean {
  try {
    execFileSync('ss', ['-K', 'state', 'established', '( sport = :1 )'], { stdio: 'ignore' });
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
}

/** Established connections to supervisord's port: the kept one, polls being on fresh connections. */
function connectionsTo(port: number): number {
  const out = execFileSync('ss', ['-tnH', 'state', 'established', `( dport = :${port} )`], {
    encoding: 'utf8',
  });
  return out.split('\n').filter((line) => line.trim() !== '').length;
}

describe('a kept connection that closes is a signal', () => {
  let fleet: TestFleet | undefined;
  afterEach(async () => {
    await fleet?.stop();
    fleet = undefined;
  });

  /** One supervisord with its agent; polls 10 s apart, so that only the kept connection can tell quickly. */
  async function agentFleet(): Promise<TestFleet> {
    const programs = { 'program:a': program(), 'program:b': program(), 'group:app': { programs: 'a,b' } };
    const started = await startTestFleet(
      { n1: programs },
      RULES,
      { pollPeriodMs: 10_000, resyncPeriodMs: 60_000, silentAfterMs: 15_000, lostAfterMs: 30_000 },
      { agents: {} },
    );
    const { service } = started;
    const instance = () => service.store.state.instances.n1;
    await until(
      service,
      () => instance()?.agent === true && instance()?.state === 'RUNNING',
      20_000,
      'agent',
    );
    // The agent's event makes the server re-read the process on its kept connection.
    const node = started.nodes.n1!;
    await node.client.startProcess('app:a', true);
    await until(
      service,
      () => service.store.state.processes['app:a']?.state === 'RUNNING',
      5000,
      'a by push',
    );
    // Its re-read may follow a full poll that saw the change first.
    await eventually(() => connectionsTo(node.port) === 1, 'the kept connection');
    return started;
  }

  it('kill -9 of supervisord: lost within a fraction of a poll period', async () => {
    fleet = await agentFleet();
    const { service } = fleet;
    let lostAt: number | undefined;
    service.store.on('change', (change) => {
      for (const instance of updated(change, 'instances'))
        if (instance.id === 'n1' && instance.lost) lostAt ??= performance.now();
    });
    const killedAt = performance.now();
    await fleet.nodes.n1!.kill();
    await until(service, () => lostAt !== undefined, 5000, 'n1 lost');
    // The next poll is up to 10 s away: the closed connection, confirmed refused, told.
    expect(lostAt! - killedAt).toBeLessThan(1000);
    // Refused, or accepted by the dying process's listening socket and reset.
    expect(service.store.state.instances.n1?.error).toMatch(
      /connection refused|connection closed before an answer/,
    );
  });

  it.skipIf(!canKillSockets())('supervisord closing an idle kept connection is not a loss', async () => {
    fleet = await agentFleet();
    const { service } = fleet;
    const node = fleet.nodes.n1!;
    const seen: string[] = [];
    service.store.on('change', (change) => {
      for (const instance of updated(change, 'instances'))
        if (instance.id === 'n1') seen.push(instance.state);
    });
    execFileSync('ss', ['-K', 'state', 'established', `( sport = :${node.port} )`], { stdio: 'ignore' });
    expect(connectionsTo(node.port)).toBe(0);
    // The confirming call on a new connection is answered, and the agent's next re-read works.
    await node.client.startProcess('app:b', true);
    await until(
      service,
      () => service.store.state.processes['app:b']?.state === 'RUNNING',
      5000,
      'b by push',
    );
    expect(service.store.state.instances.n1).toMatchObject({ state: 'RUNNING', lost: false });
    expect(seen).toEqual([]);
  });
});
