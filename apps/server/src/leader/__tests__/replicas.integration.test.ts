import type {
  ActionResult,
  ErrorBody,
  Job,
  ServiceAnswer,
  ServiceStatus,
  Snapshot,
} from '@supfleet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, get, post, type TestFleet } from '../../__tests__/fleet-fixture';
import type { Service } from '../../service';
import { startPostgres, type PostgresServer } from '../../store/__tests__/postgres-server';
import { eventually } from '../../__tests__/eventually';
import { sleep, systemClock } from '../../clock/clock';
import { startReplicaFleet } from './replica-fleet';

/** Short, so that the failovers of the test take seconds; the default is 6 s (docs/ha.md). */
const TTL_MS = 2000;

interface Replica {
  name: string;
  service: Service;
  url: string;
}

/** Resolves when `predicate` holds, polling on the real clock; the time it took. */
async function within(limitMs: number, what: string, predicate: () => boolean): Promise<number> {
  const began = Date.now();
  await eventually(predicate, what, { timeoutMs: limitMs, intervalMs: 20 });
  return Date.now() - began;
}

describe('several replicas on one PostgreSQL and the same supervisord', () => {
  let postgres: PostgresServer;
  let fleet: TestFleet;
  const replicas: Replica[] = [];
  /** Every call that changed supervisord, as the fence let it through: when, by whom. */
  const sent: { at: number; replica: string; what: string }[] = [];
  const leaders = () => replicas.filter((r) => r.service.leadership.isLeader);
  const startReplica = async (name: string) => {
    const started = await fleet.startReplica({ replicaName: name, leaseTtlMs: TTL_MS });
    const replica = { name, ...started };
    replicas.push(replica);
    return replica;
  };

  beforeAll(async () => {
    postgres = await startPostgres();
    fleet = await startReplicaFleet({
      postgres,
      databaseName: 'replicas',
      slowStartsecs: 3,
      leaseTtlMs: TTL_MS,
      onSupervisorChange: (replica, what) => sent.push({ at: Date.now(), replica, what }),
    });
    replicas.push({ name: 'r1', service: fleet.service, url: fleet.url });
  });
  afterAll(async () => {
    await Promise.all(replicas.slice(1).map((r) => r.service.stop().catch(() => undefined)));
    await fleet?.stop().catch(() => undefined);
    await postgres?.stop();
  });

  it('exactly one leads; a follower hands an action to the leader, and reports both in GET /service', async () => {
    const r2 = await startReplica('r2');
    expect(leaders().map((r) => r.name)).toEqual(['r1']);
    const service = await get<ServiceAnswer>(`${r2.url}/api/v1/service`);
    expect(service.body).toMatchObject({
      replica: 'r2',
      leader: false,
      leaderName: 'r1',
      leaderUrl: fleet.url,
      epoch: 1,
      database: 'postgresql',
    });
    expect(JSON.stringify(service.body)).not.toMatch(/postgresql:\/\//);
    expect((await get<ServiceAnswer>(`${fleet.url}/api/v1/service`)).body).toMatchObject({
      replica: 'r1',
      leader: true,
      leaderName: 'r1',
      epoch: 1,
    });
    // The follower sends nothing itself: the leader runs it (leader/__tests__/forwarding.integration.test.ts).
    const forwarded = await post<ActionResult>(`${r2.url}/api/v1/processes/app:b/start`, { wait: true });
    expect(forwarded.body.job.state).toBe('succeeded');
    expect(sent.filter((call) => call.replica === 'r2')).toEqual([]);
    await post(`${fleet.url}/api/v1/processes/app:b/stop`, { wait: true });
    // The leader acts.
    const done = await post<ActionResult>(`${fleet.url}/api/v1/processes/app:b/start`, { wait: true });
    expect(done.body.job.state).toBe('succeeded');
  });

  it('the leader stopped without giving the lease back: another leads within the lease ttl, at a higher epoch (3 tries)', async () => {
    const times: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const [leader] = leaders();
      const followers = replicas.filter((r) => r !== leader);
      if (followers.length === 0) followers.push(await startReplica(`r${replicas.length + 1}`));
      // The page of a follower hears that it leads.
      const socket = connect(followers[0]!.url);
      const updates: ServiceStatus[] = [];
      socket.on('service:updated', (status) => updates.push(status));
      const snapshot = await new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
      expect(snapshot.service).toMatchObject({
        replica: followers[0]!.name,
        leader: false,
        leaderName: leader!.name,
      });
      const epoch = leader!.service.leadership.status().epoch;
      const stopped = Date.now();
      await leader!.service.stop({ releaseLease: false });
      replicas.splice(replicas.indexOf(leader!), 1);
      await within(TTL_MS * 2, 'new leader', () => leaders().length === 1);
      times.push(Date.now() - stopped);
      const [next] = leaders();
      expect(next!.service.leadership.status().epoch).toBe(epoch + 1);
      if (next === followers[0]) {
        await within(1000, 'service:updated', () => updates.some((u) => u.leader));
        expect(updates.at(-1)).toMatchObject({ leader: true, leaderName: next!.name, epoch: epoch + 1 });
      }
      socket.disconnect();
      // A replica for the next try.
      await startReplica(`r${10 + attempt}`);
    }
    console.log(`failover with lease_ttl ${TTL_MS} ms: ${times.join(', ')} ms`);
    for (const time of times) expect(time).toBeLessThan(TTL_MS + TTL_MS / 6 + 500);
  });

  it('a leader paused past its term sends nothing once another leads, and its job ends with the reason', async () => {
    if (replicas.length < 2) await startReplica('r9');
    const [old] = leaders();
    const other = replicas.find((r) => r !== old)!;
    await within(5000, 'first polls', () =>
      replicas.every((r) => r.service.store.state.instances.n1?.state === 'RUNNING'),
    );
    // A job of the leader: slow starts (startsecs 3), then b; the pause comes in between.
    const started = await post<ActionResult>(`${old!.url}/api/v1/applications/app/restart`, {});
    expect(started.status).toBe(202);
    await within(5000, 'slow sent', () =>
      sent.some((c) => c.replica === old!.name && /startProcess app:slow/.test(c.what)),
    );
    old!.service.leadership.pauseRenewals();
    let takeover = 0;
    other.service.leadership.once('lead', () => (takeover = Date.now()));
    await within(TTL_MS * 2, 'takeover', () => other.service.leadership.isLeader);
    // The new leader acts.
    const acted = await post<ActionResult>(`${other.url}/api/v1/processes/other:c/start`, { wait: true });
    expect(acted.body).toMatchObject({ job: { state: 'succeeded' } });
    await within(
      3000,
      'c seen running',
      () => old!.service.store.state.processes['other:c']?.state === 'RUNNING',
    );
    // The old one, still believing it leads (no tick of its lease ran), is asked to act too.
    expect(old!.service.leadership.isLeader).toBe(true);
    const late = await post<ActionResult | ErrorBody>(`${old!.url}/api/v1/processes/other:c/stop`, {
      wait: true,
    });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ job: { state: 'failed' } });
    expect((late.body as ActionResult).job.error).toMatch(/not sent: this replica \(r\w+\) no longer leads/);
    // Its restart job went on; slow's startsecs end, b's start is refused by the fence.
    const job = await within(
      8000,
      'old job ended',
      () => old!.service.store.job(started.body.job.id)?.state !== 'running',
    );
    expect(job).toBeGreaterThanOrEqual(0);
    const ended = old!.service.store.job(started.body.job.id) as Job;
    expect(['failed', 'interrupted']).toContain(ended.state);
    expect(ended.error).toMatch(/no longer leads|stopped leading/);
    old!.service.leadership.resumeRenewals();
    await within(TTL_MS, 'old one follows', () => old!.service.store.service.leaderName === other.name);
    expect(old!.service.store.service).toMatchObject({ leader: false, leaderName: other.name });
    // Nothing from the old leader after the takeover.
    expect(takeover).toBeGreaterThan(0);
    expect(sent.filter((call) => call.replica === old!.name && call.at >= takeover)).toEqual([]);
  });

  it('a leader that finds its term lapsed interrupts its running job with the reason, and sends nothing more', async () => {
    const [leader] = leaders();
    await within(5000, 'app free of jobs', () => leader!.service.store.holder('app') === undefined);
    const started = await post<ActionResult>(`${leader!.url}/api/v1/applications/app/restart`, {});
    expect(started.status).toBe(202);
    await within(5000, 'slow sent', () =>
      sent.some(
        (c) =>
          c.replica === leader!.name &&
          c.what.startsWith('startProcess app:slow') &&
          c.at > Date.now() - 1000,
      ),
    );
    leader!.service.leadership.pauseRenewals();
    // Past its term (ttl less the margin, from its last renewal), within slow's startsecs (3 s).
    await sleep(systemClock, TTL_MS - TTL_MS / 6 + 100);
    const before = sent.length;
    leader!.service.leadership.resumeRenewals();
    await within(
      3000,
      'job ended',
      () => leader!.service.store.job(started.body.job.id)?.state !== 'running',
    );
    const ended = leader!.service.store.job(started.body.job.id)!;
    expect(ended.state).toBe('interrupted');
    expect(ended.error).toMatch(/this replica \(r\w+\) stopped leading: lease not renewed/);
    expect(sent.slice(before).filter((c) => c.replica === leader!.name)).toEqual([]);
  });
  it('a job left running by a dead leader is shown interrupted by the next one, never run again', async () => {
    if (replicas.length < 2) await startReplica('r20');
    // The last test's leader stepped down: one of them leads again first.
    await within(TTL_MS * 4, 'a leader', () => leaders().length === 1);
    const [leader] = leaders();
    // What a leader killed mid-job leaves behind: its job saved as running, nobody running it.
    const orphan: Job = {
      id: 'job-9000',
      kind: 'restart',
      target: { type: 'application', name: 'app' },
      strategy: 'CONFIG',
      state: 'running',
      current: 0,
      ranks: [],
      error: null,
      createdAt: Date.now(),
      endedAt: null,
    };
    await leader!.service.database.jobs.save(orphan);
    await leader!.service.stop({ releaseLease: false });
    replicas.splice(replicas.indexOf(leader!), 1);
    await within(TTL_MS * 4, 'new leader', () => leaders().length === 1);
    const [next] = leaders();
    await within(
      3000,
      'the orphan interrupted',
      () => next!.service.store.job('job-9000')?.state === 'interrupted',
    );
    const seen = await get<Job>(`${next!.url}/api/v1/jobs/job-9000`);
    expect(seen.body).toMatchObject({ state: 'interrupted', error: 'the service stopped while the job ran' });
    // New jobs are numbered after it, and it is not run again.
    const restarted = await post<ActionResult>(`${next!.url}/api/v1/processes/other:c/restart`, {
      wait: true,
    });
    expect(Number(restarted.body.job.id.slice('job-'.length))).toBeGreaterThan(9000);
    expect(next!.service.store.jobs().filter((job) => job.state === 'running')).toEqual([]);
  });
});
