import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from '@supfleet/protocol';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../audit/audit-trail';
import { StoreOpenError } from '../open-error';
import { openStore, type Store, type StoreLocation } from '../store';
import { startPostgres, type PostgresServer } from './postgres-server';
import { recordMigration } from './record-migration';

/** One engine of the store: a new empty location per test, what is left removed after the file. */
interface Engine {
  name: 'sqlite' | 'postgresql';
  fresh(): Promise<StoreLocation>;
}

let postgres: PostgresServer | undefined;
const dirs: string[] = [];
let databases = 0;

const engines: Engine[] = [
  {
    name: 'sqlite',
    fresh: () => {
      const dir = mkdtempSync(join(tmpdir(), 'supfleet-store-'));
      dirs.push(dir);
      return Promise.resolve({ engine: 'sqlite', dataDir: dir });
    },
  },
  {
    name: 'postgresql',
    fresh: async () => {
      postgres ??= await startPostgres();
      const url = await postgres.createDatabase(`contract_${++databases}`);
      return { engine: 'postgresql', url, password: undefined };
    },
  },
];

afterAll(async () => {
  await postgres?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const DAY_MS = 86_400_000;
/** Epoch ms beyond 32 bits: the PostgreSQL columns are BIGINT, read back as numbers. */
const T0 = Date.UTC(2026, 0, 1);

function job(id: string, state: Job['state'], createdAt: number): Job {
  return {
    id,
    kind: 'start',
    target: { type: 'application', name: 'scen1' },
    strategy: 'CONFIG',
    state,
    current: null,
    ranks: [],
    error: null,
    createdAt,
    endedAt: state === 'running' ? null : createdAt + 1000,
  };
}

const historyEntry = (
  at: number,
  message: string,
  extra: { application?: string; instance?: string } = {},
) => ({
  at,
  kind: 'instance' as const,
  application: extra.application ?? null,
  instance: extra.instance ?? null,
  process: null,
  actor: null,
  message,
  data: { at },
});

describe.each(engines)('the store on $name', (engine) => {
  let location: StoreLocation;
  let store: Store;
  const reopen = async () => {
    await store.close();
    store = await openStore(location);
  };
  afterEach(async () => {
    await store.close();
  });
  const open = async () => {
    location = await engine.fresh();
    store = await openStore(location);
    expect(store.engine).toBe(engine.name);
  };

  it('keeps users: add once, read, list by name, count, change the role and password, remove', async () => {
    await open();
    const alice = { username: 'alice', role: 'admin' as const, createdAt: T0, passwordHash: 'scrypt$a' };
    expect(await store.users.add(alice)).toBe(true);
    expect(await store.users.add({ ...alice, role: 'viewer' })).toBe(false);
    expect(await store.users.add({ ...alice, username: 'bob', role: 'viewer' })).toBe(true);
    expect(await store.users.get('alice')).toEqual(alice);
    expect(await store.users.get('nobody')).toBeUndefined();
    expect((await store.users.list()).map((u) => u.username)).toEqual(['alice', 'bob']);
    expect(await store.users.count()).toBe(2);
    expect(await store.users.update('bob', { role: 'operator', passwordHash: 'scrypt$b' })).toBe(true);
    expect(await store.users.update('bob', {})).toBe(true);
    expect(await store.users.update('nobody', { role: 'admin' })).toBe(false);
    await reopen();
    expect(await store.users.get('bob')).toMatchObject({ role: 'operator', passwordHash: 'scrypt$b' });
    expect(await store.users.remove('bob')).toBe(true);
    expect(await store.users.remove('bob')).toBe(false);
    expect(await store.users.count()).toBe(1);
  });

  it('keeps tokens by the hash of their secret, refuses a name twice, notes their last use', async () => {
    await open();
    const token = {
      name: 'grafana',
      role: 'viewer' as const,
      hash: 'h1',
      createdAt: T0,
      expiresAt: T0 + 90 * DAY_MS,
      lastUsedAt: null,
    };
    expect(await store.tokens.add(token)).toBe(true);
    expect(await store.tokens.add({ ...token, hash: 'h2' })).toBe(false);
    expect(await store.tokens.add({ ...token, name: 'ci', expiresAt: null, hash: 'h3' })).toBe(true);
    expect(await store.tokens.byHash('h1')).toEqual(token);
    expect(await store.tokens.byHash('h2')).toBeUndefined();
    await store.tokens.touch('grafana', T0 + 5);
    expect((await store.tokens.list()).map((t) => [t.name, t.lastUsedAt])).toEqual([
      ['ci', null],
      ['grafana', T0 + 5],
    ]);
    expect(await store.tokens.remove('grafana')).toBe(true);
    expect(await store.tokens.remove('grafana')).toBe(false);
  });

  it('keeps sessions until removed, with the user, or expired', async () => {
    await open();
    const session = (hash: string, username: string, expiresAt: number) => ({
      hash,
      username,
      createdAt: T0,
      expiresAt,
    });
    await store.sessions.add(session('s1', 'alice', T0 + 10));
    await store.sessions.add(session('s2', 'alice', T0 + 1000));
    await store.sessions.add(session('s3', 'bob', T0 + 1000));
    await store.sessions.add(session('s4', 'carol', T0 + 1000));
    expect(await store.sessions.get('s1')).toEqual(session('s1', 'alice', T0 + 10));
    await store.sessions.removeExpired(T0 + 10);
    expect(await store.sessions.get('s1')).toBeUndefined();
    await store.sessions.removeUser('alice');
    expect(await store.sessions.get('s2')).toBeUndefined();
    await store.sessions.remove('s3');
    expect(await store.sessions.get('s3')).toBeUndefined();
    expect(await store.sessions.get('s4')).toBeDefined();
  });

  it('counts failed logins by key within a window, newest first, clears a key, and forgets them past the window', async () => {
    await open();
    await store.loginFailures.add(['address:a', 'user:alice'], T0, T0 - 300_000);
    await store.loginFailures.add(['address:a', 'user:bob'], T0 + 10, T0 - 300_000);
    await store.loginFailures.add(['address:a'], T0 + 20, T0 - 300_000);
    expect(await store.loginFailures.recent('address:a', T0 - 1, 10)).toEqual([T0 + 20, T0 + 10, T0]);
    expect(await store.loginFailures.recent('address:a', T0 - 1, 2)).toEqual([T0 + 20, T0 + 10]);
    expect(await store.loginFailures.recent('address:a', T0, 10)).toEqual([T0 + 20, T0 + 10]);
    expect(await store.loginFailures.recent('user:alice', T0 - 1, 10)).toEqual([T0]);
    await store.loginFailures.clear('user:alice');
    expect(await store.loginFailures.recent('user:alice', T0 - 1, 10)).toEqual([]);
    expect(await store.loginFailures.recent('user:bob', T0 - 1, 10)).toEqual([T0 + 10]);
    // The next failure drops every key's failures at or before the cut.
    await store.loginFailures.add(['address:b'], T0 + 300_010, T0 + 10);
    expect(await store.loginFailures.recent('user:bob', 0, 10)).toEqual([]);
    expect(await store.loginFailures.recent('address:a', 0, 10)).toEqual([T0 + 20]);
  });

  it('keeps the audit log across a reopen, masks secrets, filters, completes a job, and drops what is past retention', async () => {
    await open();
    let now = T0;
    const trail = new AuditTrail(store.audit, { now: () => now });
    const entry = (actor: string, action: string, jobId: string | null = null) =>
      trail.record({
        actor,
        role: 'operator',
        address: '127.0.0.1',
        interface: 'rest',
        action,
        target: 'scen1',
        result: jobId ? 'accepted' : 'succeeded',
        jobId,
        params: { password: 'hunter2', wait: true },
      });
    entry('old', 'application.stop');
    now += 100 * DAY_MS;
    entry('alice', 'application.restart', 'job-1');
    entry('bob', 'application.stop');
    await trail.settled();
    await store.audit.finishJob('job-1', 'failed', 'scen1_hci did not start');
    await reopen();
    const reopened = new AuditTrail(store.audit, { now: () => now });
    const all = await reopened.query({ limit: 10 });
    expect(all.map((e) => e.actor)).toEqual(['bob', 'alice', 'old']);
    expect(all[1]).toMatchObject({ result: 'failed', reason: 'scen1_hci did not start', jobId: 'job-1' });
    expect(all[0]!.params).toEqual({ password: '***', wait: true });
    expect(all[0]!.at).toBe(now);
    expect((await reopened.query({ actor: 'alice', limit: 10 })).map((e) => e.action)).toEqual([
      'application.restart',
    ]);
    expect(await reopened.query({ target: 'scen1', since: now - 1000, until: now, limit: 10 })).toHaveLength(
      2,
    );
    expect(await reopened.purge(90)).toBe(1);
    expect((await reopened.query({ limit: 10 })).map((e) => e.actor)).toEqual(['bob', 'alice']);
  });

  it('lists the history newest first with filters, keeps it across a reopen, and prunes by age', async () => {
    await open();
    const first = await store.history.append(historyEntry(T0 + 1000, 'a lost', { instance: 'a' }));
    await store.history.append(historyEntry(T0 + 2000, 'app Degraded', { application: 'app' }));
    await store.history.append(historyEntry(T0 + 3000, 'a back', { instance: 'a' }));
    expect(first).toMatchObject({ id: expect.any(Number) as number, message: 'a lost' });
    const messages = async (filter: Parameters<Store['history']['list']>[0]) =>
      (await store.history.list(filter)).map((e) => e.message);
    expect(await messages({ limit: 10 })).toEqual(['a back', 'app Degraded', 'a lost']);
    expect(await messages({ instance: 'a', limit: 10 })).toEqual(['a back', 'a lost']);
    expect(await messages({ kind: 'instance', application: 'app', limit: 10 })).toEqual(['app Degraded']);
    expect(await messages({ since: T0 + 2000, until: T0 + 3000, limit: 10 })).toEqual(['app Degraded']);
    expect((await store.history.list({ limit: 1 }))[0]).toMatchObject({
      message: 'a back',
      data: { at: T0 + 3000 },
    });
    await reopen();
    expect(await store.history.list({ limit: 10 })).toHaveLength(3);
    expect(await store.history.prune(T0 + 2000)).toBe(1);
    expect(await messages({ limit: 10 })).toEqual(['a back', 'app Degraded']);
  });

  it('saves jobs over their transitions, pages them newest first, finds the running ones, prunes the finished', async () => {
    await open();
    expect(await store.jobs.lastNumber()).toBe(0);
    for (let n = 1; n <= 5; n++) await store.jobs.save(job(`job-${n}`, 'running', T0 + n));
    await store.jobs.save(job('job-2', 'succeeded', T0 + 2));
    await store.jobs.save(job('job-3', 'failed', T0 + 3));
    await store.jobs.save(job('job-4', 'succeeded', T0 + 4));
    expect(await store.jobs.get('job-2')).toEqual(job('job-2', 'succeeded', T0 + 2));
    expect(await store.jobs.get('job-9')).toBeUndefined();
    expect((await store.jobs.list({ limit: 2 })).map((j) => j.id)).toEqual(['job-5', 'job-4']);
    expect((await store.jobs.list({ before: 'job-4' })).map((j) => j.id)).toEqual([
      'job-3',
      'job-2',
      'job-1',
    ]);
    expect((await store.jobs.running()).map((j) => j.id)).toEqual(['job-1', 'job-5']);
    expect(await store.jobs.lastNumber()).toBe(5);
    await store.jobs.prune(1);
    await reopen();
    expect((await store.jobs.list()).map((j) => j.id)).toEqual(['job-5', 'job-4', 'job-1']);
  });

  it('queues forwarded actions: claimed once, answered once by the claiming epoch, withdrawn only while pending, abandoned by the next epoch', async () => {
    await open();
    const request = { type: 'application', kind: 'restart', name: 'scen1', options: { actor: 'alice' } };
    const a = await store.actions.submit(request, 'replica-b', T0);
    const b = await store.actions.submit({ type: 'all', kind: 'stop', options: {} }, 'replica-b', T0 + 1);
    const c = await store.actions.submit({ type: 'cancel', id: 'job-1' }, 'replica-c', T0 + 2);
    expect(await store.actions.get(a)).toEqual({
      id: a,
      request,
      requestedBy: 'replica-b',
      state: 'pending',
      claimedBy: null,
      claimedEpoch: null,
      answer: null,
      createdAt: T0,
    });
    // Its follower gave up on c before anybody claimed it: no leader ever runs it.
    expect(await store.actions.withdraw(c, { ok: false, code: 'UNAVAILABLE' })).toBe(true);
    const claimed = await store.actions.claim('replica-a', 3);
    expect(claimed.map((row) => [row.id, row.state, row.claimedBy, row.claimedEpoch])).toEqual([
      [a, 'claimed', 'replica-a', 3],
      [b, 'claimed', 'replica-a', 3],
    ]);
    expect(await store.actions.claim('replica-x', 3)).toEqual([]);
    expect(await store.actions.withdraw(a, { ok: false })).toBe(false);
    // Only the epoch that claimed it answers it, once.
    expect(await store.actions.answer(a, 2, { ok: true })).toBe(false);
    expect(await store.actions.answer(a, 3, { ok: true, job: { id: 'job-7' } })).toBe(true);
    expect(await store.actions.answer(a, 3, { ok: true, job: { id: 'job-8' } })).toBe(false);
    expect((await store.actions.get(a))?.answer).toEqual({ ok: true, job: { id: 'job-7' } });
    // The leader of epoch 3 died before answering b: epoch 4 gives it up, and epoch 3 cannot answer any more.
    const given = await store.actions.abandon(4, (row) => ({
      ok: false,
      message: `claimed at ${row.claimedEpoch}`,
    }));
    expect(given.map((row) => row.id)).toEqual([b]);
    expect(await store.actions.answer(b, 3, { ok: true })).toBe(false);
    expect(await store.actions.get(b)).toMatchObject({
      state: 'answered',
      answer: { ok: false, message: 'claimed at 3' },
    });
    expect(await store.actions.abandon(5, () => null)).toEqual([]);
    await reopen();
    expect(await store.actions.prune(T0 + 2)).toBe(2);
    expect(await store.actions.get(a)).toBeUndefined();
    expect((await store.actions.get(c))?.state).toBe('answered');
  });

  it('keeps the disabled programs: once per instance, listed in order, enabled again', async () => {
    await open();
    expect(await store.disabled.disable('scen1:hci', 'rocky52', 'alice', T0)).toBe(true);
    expect(await store.disabled.disable('scen1:hci', 'rocky52', 'bob', T0 + 1)).toBe(false);
    expect(await store.disabled.disable('scen1:hci', 'rocky51', 'bob', T0 + 2)).toBe(true);
    await reopen();
    expect(await store.disabled.list()).toEqual([
      { namespec: 'scen1:hci', instance: 'rocky51', by: 'bob', at: T0 + 2 },
      { namespec: 'scen1:hci', instance: 'rocky52', by: 'alice', at: T0 },
    ]);
    expect(await store.disabled.enable('scen1:hci', 'rocky52')).toBe(true);
    expect(await store.disabled.enable('scen1:hci', 'rocky52')).toBe(false);
    expect(await store.disabled.list()).toHaveLength(1);
  });

  it('refuses a schema written by a newer supfleet, naming the setting', async () => {
    await open();
    // What a newer version would have left: a migration this build does not know.
    await store.disabled.disable('p', 'i', 'x', T0);
    await store.close();
    await recordMigration(location, 'jobs:99');
    const opening = openStore(location);
    await expect(opening).rejects.toThrow(StoreOpenError);
    await expect(opening).rejects.toThrow(
      engine.name === 'sqlite'
        ? /^data_dir: the database in .* has a schema of a newer supfleet \(jobs:99\); run that version$/
        : /^database_url: postgresql:\/\/supfleet@127\.0\.0\.1:\d+\/contract_\d+ has a schema of a newer supfleet \(jobs:99\)/,
    );
    store = await openStore(await engine.fresh());
  });
});
