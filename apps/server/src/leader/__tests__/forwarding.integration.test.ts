import type { ActionResult, ErrorBody, HistoryEntry, Job } from '@supfleet/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect, get, post, type TestFleet } from '../../__tests__/fleet-fixture';
import type { Service } from '../../service';
import { startPostgres, type PostgresServer } from '../../store/__tests__/postgres-server';
import { python, type Answer } from '../../xmlrpc/__tests__/xmlrpc-scenario';
import { startReplicaFleet } from './replica-fleet';

/** Short, so that the failovers take seconds; the default is 6 s (docs/ha.md). */
const TTL_MS = 1500;

interface Replica {
  name: string;
  service: Service;
  url: string;
}

describe('actions sent to a follower are run by the leader through PostgreSQL', () => {
  let postgres: PostgresServer;
  let fleet: TestFleet;
  let r1: Replica;
  let r2: Replica;
  /** Every call that changed supervisord, as the fence let it through: by whom. */
  const sent: { replica: string; what: string }[] = [];
  const began = Date.now();

  beforeAll(async () => {
    postgres = await startPostgres();
    fleet = await startReplicaFleet({
      postgres,
      databaseName: 'forwarding',
      slowStartsecs: 1,
      leaseTtlMs: TTL_MS,
      onSupervisorChange: (replica, what) => sent.push({ replica, what }),
    });
    r1 = { name: 'r1', service: fleet.service, url: fleet.url };
    r2 = { name: 'r2', ...(await fleet.startReplica({ replicaName: 'r2', leaseTtlMs: TTL_MS })) };
    await vi.waitFor(
      () => {
        for (const r of [r1, r2]) expect(r.service.store.state.instances.n1?.state).toBe('RUNNING');
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(r1.service.leadership.isLeader).toBe(true);
    expect(r2.service.leadership.isLeader).toBe(false);
    for (const app of ['app', 'other'])
      expect(
        (await post<ActionResult>(`${r1.url}/api/v1/applications/${app}/start`, { wait: true })).status,
      ).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await r2?.service.stop().catch(() => undefined);
    await fleet?.stop().catch(() => undefined);
    await postgres?.stop();
  });

  /** Both replicas' models show the process RUNNING (a job's end may come before the poll that sees it). */
  const seenRunning = (namespec: string) =>
    vi.waitFor(
      () => {
        for (const r of [r1, r2]) expect(r.service.store.state.processes[namespec]?.state).toBe('RUNNING');
      },
      { timeout: 5000, interval: 20 },
    );

  it('a restart sent to the follower with wait answers succeeded with the leader job id, seen live on the follower socket.io', async () => {
    const socket = connect(r2.url);
    const seen: Job[] = [];
    const held: (string | null)[] = [];
    socket.on('job:updated', (job) => seen.push(job));
    socket.on('application:updated', (application) => {
      if (application.name === 'app') held.push(application.jobId);
    });
    await new Promise((resolve) => socket.once('snapshot', resolve));
    const before = sent.length;
    const t0 = Date.now();
    const answer = await post<ActionResult>(`${r2.url}/api/v1/applications/app/restart`, { wait: true });
    const forwardedMs = Date.now() - t0;
    expect(answer.status).toBe(200);
    const { job } = answer.body;
    expect(job.state).toBe('succeeded');
    // The leader's job, run by the leader only.
    expect(r1.service.store.job(job.id)).toMatchObject({ state: 'succeeded' });
    expect(sent.slice(before).every((call) => call.replica === 'r1')).toBe(true);
    expect(sent.slice(before).map((call) => call.what.split(' ')[0])).toContain('startProcess');
    // The follower's page saw it run, step by step, and end; app held by it meanwhile.
    const mine = seen.filter((j) => j.id === job.id);
    expect(mine.some((j) => j.state === 'running' && j.current !== null)).toBe(true);
    expect(mine.at(-1)?.state).toBe('succeeded');
    expect(held).toContain(job.id);
    expect(held.at(-1)).toBeNull();
    expect((await get<Job>(`${r2.url}/api/v1/jobs/${job.id}`)).body).toMatchObject({ state: 'succeeded' });
    socket.disconnect();
    // The same restart sent to the leader itself.
    const t1 = Date.now();
    const direct = await post<ActionResult>(`${r1.url}/api/v1/applications/app/restart`, { wait: true });
    const directMs = Date.now() - t1;
    expect(direct.body.job.state).toBe('succeeded');
    console.log(`restart of app with wait: forwarded ${forwardedMs} ms, direct ${directMs} ms`);
    // What forwarding adds to an action's answer (202, the job accepted): 5 of each, alternated.
    const accepted: Record<'forwarded' | 'direct', number[]> = { forwarded: [], direct: [] };
    const forwardedJobs: string[] = [];
    for (let round = 0; round < 5; round++) {
      for (const [how, r] of [
        ['forwarded', r2],
        ['direct', r1],
      ] as const) {
        const t = performance.now();
        const answer = await post<ActionResult>(`${r.url}/api/v1/processes/other:c/restart`, {});
        accepted[how].push(performance.now() - t);
        expect(answer.status).toBe(202);
        if (how === 'forwarded') forwardedJobs.push(answer.body.job.id);
        await vi.waitFor(() => expect(r1.service.store.job(answer.body.job.id)?.state).toBe('succeeded'), {
          timeout: 5000,
          interval: 20,
        });
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[2]!.toFixed(1);
    console.log(
      `accepted (202) in ms, median of 5: forwarded ${median(accepted.forwarded)} ms [${accepted.forwarded.map((v) => v.toFixed(0)).join(', ')}], direct ${median(accepted.direct)} ms [${accepted.direct.map((v) => v.toFixed(0)).join(', ')}]`,
    );
    // Audited once, by the replica that received it, completed with the job's end.
    await Promise.all([r1.service.flushWrites(), r2.service.flushWrites()]);
    const entries = (await r1.service.audit.query({ since: began, limit: 1000 })).filter(
      (e) => e.jobId === job.id,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'application.restart', target: 'app', result: 'succeeded' });
    // Without wait too: the entry the follower wrote on accepting it is completed with the job's end.
    const all = await r1.service.audit.query({ since: began, limit: 1000 });
    for (const id of forwardedJobs)
      expect(all.filter((e) => e.jobId === id).map((e) => e.result)).toEqual(['succeeded']);
  });

  it('a start of a RUNNING application sent to the follower answers 409 ALREADY_STARTED exactly as the leader does', async () => {
    const fromLeader = await post<ErrorBody>(`${r1.url}/api/v1/applications/app/start`, {});
    const fromFollower = await post<ErrorBody>(`${r2.url}/api/v1/applications/app/start`, {});
    expect(fromLeader.status).toBe(409);
    expect(fromFollower).toEqual(fromLeader);
    expect(fromFollower.body.error.code).toBe('ALREADY_STARTED');
    const unknown = await post<ErrorBody>(`${r2.url}/api/v1/processes/app:nope/stop`, {});
    expect(unknown).toEqual(await post<ErrorBody>(`${r1.url}/api/v1/processes/app:nope/stop`, {}));
    expect(unknown.status).toBe(404);
  });

  it('over /RPC2 the follower answers the fault the leader answers', async () => {
    await seenRunning('other:c');
    const script = `out = {
    'started': call(lambda: proxy.supvisors.start_application('CONFIG', 'app')),
    'stopped': call(lambda: proxy.supvisors.stop_process('other:c', True)),
    'again': call(lambda: proxy.supvisors.stop_process('other:c', True)),
}`;
    const leader = await python<Record<string, Answer>>(r1.url, script.replace(/'stopped'.*\n.*\n/, ''));
    const follower = await python<Record<string, Answer>>(r2.url, script);
    expect(follower.started).toEqual(leader.started);
    expect(follower.started).toMatchObject({ fault: 60 });
    expect(follower.stopped).toEqual({ value: true });
    expect(follower.again).toMatchObject({ fault: 70 });
    expect(r1.service.store.state.processes['other:c']?.state).toBe('STOPPED');
    await post(`${r1.url}/api/v1/processes/other:c/start`, { wait: true });
  });

  it('a clear of a log and a disable / enable of a program sent to the follower are run by the leader, and both replicas see them', async () => {
    await seenRunning('other:c');
    const before = sent.length;
    const cleared = await fetch(`${r2.url}/api/v1/processes/other:c/logs?instance=n1`, { method: 'DELETE' });
    expect(cleared.status).toBe(200);
    expect(await cleared.json()).toEqual({ cleared: true });
    expect(sent.slice(before)).toEqual([{ replica: 'r1', what: 'clearProcessLogs other:c on n1' }]);
    const disabled = await post<{ changed: string[]; job: Job | null }>(
      `${r2.url}/api/v1/processes/other:c/disable`,
      { wait: true },
    );
    expect(disabled.status).toBe(200);
    expect(disabled.body.changed).toEqual(['n1']);
    expect(disabled.body.job).toMatchObject({ state: 'succeeded' });
    expect(r1.service.store.state.processes['other:c']?.disabledOn).toEqual(['n1']);
    expect(r2.service.store.state.processes['other:c']?.disabledOn).toEqual(['n1']);
    // Refused by the leader as by itself: disabled on its only instance.
    const refused = await post<ErrorBody>(`${r2.url}/api/v1/processes/other:c/start`, {});
    expect(refused).toEqual(await post<ErrorBody>(`${r1.url}/api/v1/processes/other:c/start`, {}));
    expect(refused.status).toBe(422);
    const enabled = await post<{ changed: string[] }>(`${r2.url}/api/v1/processes/other:c/enable`, {});
    expect(enabled.body.changed).toEqual(['n1']);
    expect(r1.service.store.state.processes['other:c']?.disabledOn ?? []).toEqual([]);
    expect(sent.slice(before).every((call) => call.replica === 'r1')).toBe(true);
    expect(
      (await post<ActionResult>(`${r2.url}/api/v1/processes/other:c/start`, { wait: true })).body.job.state,
    ).toBe('succeeded');
  });

  it('history of the fleet is written once with two replicas', async () => {
    await seenRunning('other:c');
    const socket = connect(r2.url);
    const live: HistoryEntry[] = [];
    socket.on('history:entry', (entry) => live.push(entry));
    await new Promise((resolve) => socket.once('snapshot', resolve));
    const since = Date.now();
    const restarted = await post<ActionResult>(`${r2.url}/api/v1/processes/other:c/restart`, { wait: true });
    expect(restarted.body.job.state).toBe('succeeded');
    await Promise.all([r1.service.flushWrites(), r2.service.flushWrites()]);
    // The follower's page hears the leader's entries, each once.
    await vi.waitFor(
      () => expect(live.filter((e) => /^restart of other:c .*succeeded/.test(e.message))).toHaveLength(1),
      { timeout: 2000, interval: 20 },
    );
    expect(new Set(live.map((e) => e.id)).size).toBe(live.length);
    socket.disconnect();
    const entries = (await get<HistoryEntry[]>(`${r2.url}/api/v1/history?since=${since}&limit=1000`)).body;
    // A restart: each transition of other:c once, not once per replica.
    const transitions = entries
      .filter((e) => e.kind === 'process' && e.process === 'other:c')
      .map((e) => e.message);
    expect(transitions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(transitions).size).toBe(transitions.length);
    const job = entries
      .filter((e) => e.kind === 'job' && (e.data as { job?: string }).job === restarted.body.job.id)
      .map((e) => e.message);
    expect(job).toHaveLength(2);
    expect(job[0]).toMatch(/^restart of other:c .*succeeded in/);
    expect(job[1]).toMatch(/^restart of other:c .*started/);
  });

  it('with no leader an action answers 503 with the reason within about the lease, and is never run later', async () => {
    // r1 dies without giving the lease back; r2 cannot take it (its renewals paused).
    r2.service.leadership.pauseRenewals();
    await r1.service.stop({ releaseLease: false });
    const before = sent.length;
    const t0 = Date.now();
    const refused = await post<ErrorBody>(`${r2.url}/api/v1/applications/other/stop`, {});
    const waited = Date.now() - t0;
    console.log(`forwarded action with no leader: 503 after ${waited} ms (lease_ttl ${TTL_MS} ms)`);
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('UNAVAILABLE');
    expect(refused.body.error.message).toMatch(
      /did not take the action within [\d.]+ s \(lease_ttl 1.5 s\); it was not run/,
    );
    expect(waited).toBeGreaterThanOrEqual(TTL_MS);
    expect(waited).toBeLessThan(TTL_MS + 1500);
    // Reads go on.
    expect((await get(`${r2.url}/api/v1/applications`)).status).toBe(200);

    // What a leader that claimed an action and died before running it leaves: a claimed row of epoch 1.
    const { actions } = r2.service.database;
    const claimedId = await actions.submit(
      { type: 'application', kind: 'stop', name: 'app', options: { actor: 'alice' } },
      'r3',
      Date.now(),
    );
    expect((await actions.claim('r1', 1)).map((row) => row.id)).toEqual([claimedId]);

    r2.service.leadership.resumeRenewals();
    await vi.waitFor(() => expect(r2.service.leadership.isLeader).toBe(true), {
      timeout: 3000,
      interval: 20,
    });
    expect(r2.service.leadership.status().epoch).toBe(2);
    await vi.waitFor(async () => expect((await actions.get(claimedId))?.state).toBe('answered'), {
      timeout: 3000,
      interval: 50,
    });
    const given = (await actions.get(claimedId))?.answer as ErrorBody['error'] & { ok: boolean };
    expect(given).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    expect(given.message).toMatch(
      /the leader r1 took this action at epoch 1 and stopped leading before it answered; it is not run again/,
    );
    // Neither the withdrawn stop of other nor the claimed stop of app was run by the new leader.
    expect(sent.slice(before)).toEqual([]);
    expect(r2.service.store.state.applications.other?.state).toBe('RUNNING');
    expect(r2.service.store.state.applications.app?.state).toBe('RUNNING');
    expect(r2.service.store.runningJobs()).toEqual([]);

    // The change of leader, once in history and in the audit, with both names and the new epoch.
    await r2.service.flushWrites();
    const history = (
      await r2.service.database.history.list({ kind: 'action', since: began, limit: 1000 })
    ).filter((e) => (e.data as { what?: string }).what === 'leader');
    expect(history.map((e) => e.message)).toEqual(['r2 leads at epoch 2, after r1', 'r1 leads at epoch 1']);
    const audit = (await r2.service.audit.query({ since: began, limit: 1000 })).filter(
      (e) => e.action === 'leader.change',
    );
    expect(audit.map((e) => [e.target, e.params])).toEqual([
      ['r2', { epoch: 2, previous: 'r1' }],
      ['r1', { epoch: 1, previous: null }],
    ]);
  });

  it('a follower waiting for the leader job answers it interrupted when that leader stops mid-job, and nobody runs it again', async () => {
    // r2 leads now (epoch 2); r3 follows.
    const r3 = { name: 'r3', ...(await fleet.startReplica({ replicaName: 'r3', leaseTtlMs: TTL_MS })) };
    try {
      expect(r2.service.leadership.isLeader).toBe(true);
      await vi.waitFor(() => expect(r3.service.store.state.instances.n1?.state).toBe('RUNNING'), {
        timeout: 5000,
        interval: 50,
      });
      const waiting = post<ActionResult>(`${r3.url}/api/v1/applications/app/restart`, { wait: true });
      // Stopped once slow is started again (its startsecs is 1 s), before b is.
      await vi.waitFor(
        () =>
          expect(
            sent.filter((c) => c.replica === 'r2' && c.what.startsWith('startProcess app:slow')),
          ).toHaveLength(1),
        { timeout: 5000, interval: 10 },
      );
      const job = r2.service.store.runningJobs()[0]!;
      await r2.service.stop({ releaseLease: false });
      const answer = await waiting;
      expect(answer.status).toBe(200);
      expect(answer.body.job).toMatchObject({ id: job.id, state: 'interrupted' });
      await vi.waitFor(() => expect(r3.service.leadership.isLeader).toBe(true), {
        timeout: 3000,
        interval: 20,
      });
      await vi.waitFor(() => expect(r3.service.store.runningJobs()).toEqual([]), {
        timeout: 3000,
        interval: 20,
      });
      expect(sent.filter((c) => c.replica === 'r3')).toEqual([]);
    } finally {
      await r3.service.stop();
    }
  });
});
