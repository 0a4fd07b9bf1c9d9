import { describe, expect, it } from 'vitest';
import { SupervisorClient } from '@supfleet/supervisor-client';
import { createFakeClock, type FakeClock } from '../../clock/fake-clock';
import type { LeaderLease, LeaseAnswer } from '../../store/leader-lease';
import { FencedError, Leadership } from '../leadership';
import { SupervisorChanges } from '../supervisor-changes';

/** The lease row on the fake clock: what PostgreSQL's conditional upsert does, for one name. */
function memoryLease(clock: FakeClock): LeaderLease & { down: boolean } {
  let row: { holder: string; epoch: number; expiresAt: number; url: string } | null = null;
  return {
    down: false,
    async attempt(holder, termMs, url = ''): Promise<LeaseAnswer> {
      await Promise.resolve();
      if (this.down) throw new Error('connection refused');
      const now = clock.now();
      if (!row || row.expiresAt <= now || row.holder === holder) {
        const epoch = row && row.holder === holder && row.expiresAt > now ? row.epoch : (row?.epoch ?? 0) + 1;
        row = { holder, epoch, expiresAt: now + termMs, url };
        return { granted: true, holder, epoch, url };
      }
      return { granted: false, holder: row.holder, epoch: row.epoch, url: row.url };
    },
    holds: (holder, epoch) =>
      Promise.resolve(row?.holder === holder && row.epoch === epoch && row.expiresAt > clock.now()),
    release(holder, epoch) {
      if (row?.holder === holder && row.epoch === epoch) row.expiresAt = clock.now();
      return Promise.resolve();
    },
  };
}

const TTL = 6000;

describe('Leadership', () => {
  it('on SQLite the one replica leads at epoch 1 and every call passes', async () => {
    const clock = createFakeClock();
    const sole = Leadership.sole('alone:8080', clock);
    await sole.start('http://alone:8080');
    expect(sole.status()).toEqual({
      replica: 'alone:8080',
      leader: true,
      leaderName: 'alone:8080',
      leaderUrl: 'http://alone:8080',
      epoch: 1,
    });
    expect(() => sole.fence('startProcess a:a')).not.toThrow();
  });

  it('one of two replicas leads; the other refuses naming the leader and its URL', async () => {
    const clock = createFakeClock();
    const lease = memoryLease(clock);
    const a = Leadership.lease('a', lease, clock, { ttlMs: TTL });
    const b = Leadership.lease('b', lease, clock, { ttlMs: TTL });
    await a.start('http://a:1');
    await clock.advance(1);
    await b.start('http://b:2');
    await clock.advance(1);
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    expect(b.refusal()).toBe('this replica follows; the leader is a at http://a:1');
    expect(() => b.fence('startProcess x:x')).toThrow(FencedError);
    // Renewals keep a's term going, at the same epoch.
    await clock.advance(5 * TTL);
    expect(a.status()).toMatchObject({ leader: true, epoch: 1 });
    expect(b.status()).toMatchObject({ leader: false, leaderName: 'a', epoch: 1 });
    await Promise.all([a.stop(), b.stop()]);
  });

  it('a leader whose renewals stop refuses every call once its term (less the margin) has lapsed; the other leads at a higher epoch', async () => {
    const clock = createFakeClock();
    const lease = memoryLease(clock);
    const a = Leadership.lease('a', lease, clock, { ttlMs: TTL });
    const b = Leadership.lease('b', lease, clock, { ttlMs: TTL });
    await a.start('http://a:1');
    await clock.advance(1);
    await b.start('http://b:2');
    await clock.advance(1);
    const sent: string[] = [];
    const client = new SupervisorClient({ url: 'http://127.0.0.1:9', name: 'n1' });
    const changes = new SupervisorChanges(client, {
      fence: (what) => {
        a.fence(what);
        sent.push(what);
      },
    });
    a.pauseRenewals(); // as SIGSTOP would: no timer of a runs, but its clock goes on
    await clock.advance(TTL);
    // Its own clock says the term is over: nothing is sent, whatever the role it still believes.
    await expect(changes.startProcess('web:web')).rejects.toThrow(
      /startProcess web:web on n1 not sent: this replica \(a\) no longer leads: its term at epoch 1 ended/,
    );
    expect(sent).toEqual([]);
    expect(b.status()).toMatchObject({ leader: true, leaderName: 'b', epoch: 2 });
    // Resumed, a learns it lost the lease, and stays a follower.
    const follows: string[] = [];
    a.on('follow', (reason) => follows.push(reason));
    a.resumeRenewals();
    await clock.advance(TTL);
    expect(follows).toHaveLength(1);
    expect(a.status()).toMatchObject({ leader: false, leaderName: 'b', leaderUrl: 'http://b:2', epoch: 2 });
    await Promise.all([a.stop(), b.stop()]);
  });

  it('a leader cut from the database steps down by itself at the end of its term', async () => {
    const clock = createFakeClock();
    const lease = memoryLease(clock);
    const a = Leadership.lease('a', lease, clock, { ttlMs: TTL });
    const reasons: string[] = [];
    a.on('follow', (reason) => reasons.push(reason));
    await a.start('http://a:1');
    await clock.advance(1);
    expect(a.isLeader).toBe(true);
    lease.down = true;
    await clock.advance(TTL - 1000 - 100); // within term less margin: still leads
    expect(a.isLeader).toBe(true);
    await clock.advance(200);
    expect(a.isLeader).toBe(false);
    expect(reasons).toEqual([expect.stringMatching(/lease not renewed/)]);
    expect(() => a.fence('stopProcess x:x')).toThrow(/no replica leads now|the leader is/);
    await a.stop();
  });

  it('a stopping leader gives the lease back: the other leads at its next try, not a term later', async () => {
    const clock = createFakeClock();
    const lease = memoryLease(clock);
    const a = Leadership.lease('a', lease, clock, { ttlMs: TTL });
    const b = Leadership.lease('b', lease, clock, { ttlMs: TTL });
    await a.start('http://a:1');
    await clock.advance(1);
    await b.start('http://b:2');
    await clock.advance(1);
    await a.stop();
    await clock.advance(TTL / 6 + 1);
    expect(b.status()).toMatchObject({ leader: true, epoch: 2 });
    await b.stop();
  });
});
