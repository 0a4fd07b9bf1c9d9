import { describe, expect, it } from 'vitest';
import {
  INITIAL_LEASE,
  leaseReducer,
  type LeaseCommand,
  type LeaseEvent,
  type LeaseState,
} from '../lease-reducer';

const SETTINGS = { termMs: 10_000, renewEveryMs: 3000, retryEveryMs: 1000, marginMs: 500 };
const tick = (now: number): LeaseEvent => ({ type: 'tick', now });
const granted = (now: number, epoch: number): LeaseEvent => ({ type: 'granted', now, holder: 'me', epoch });
const refused = (now: number, holder: string, epoch: number): LeaseEvent => ({
  type: 'refused',
  now,
  holder,
  epoch,
});
const failed = (now: number): LeaseEvent => ({ type: 'failed', now, reason: 'connection refused' });

/** Runs the events from a new follower; the state after all, and the commands of the last one. */
function run(events: LeaseEvent[]): { state: LeaseState; commands: LeaseCommand[] } {
  let result = { state: INITIAL_LEASE, commands: [] as LeaseCommand[] };
  for (const event of events) result = leaseReducer(result.state, event, SETTINGS);
  return result;
}

/** Leader at epoch 1 from a request sent at 0 and granted at 50: leads until 9500, renews at 3000. */
const LEADING = [tick(0), granted(50, 1)];

describe('leaseReducer', () => {
  it.each<{ name: string; events: LeaseEvent[]; state: Partial<LeaseState>; commands: LeaseCommand[] }>([
    {
      name: 'a new follower asks at once',
      events: [tick(0)],
      state: { role: 'follower', sentAt: 0 },
      commands: [{ type: 'attempt' }],
    },
    {
      name: 'granted: leads for the term from the send time less the margin, renews 3 s after the send',
      events: LEADING,
      state: { role: 'leader', epoch: 1, holder: 'me', leadUntil: 9500, nextAttemptAt: 3000 },
      commands: [
        { type: 'lead', epoch: 1 },
        { type: 'wake', at: 3000 },
      ],
    },
    {
      name: 'renewed in time at the same epoch: goes on leading, no new lead command',
      events: [...LEADING, tick(3000), granted(3020, 1)],
      state: { role: 'leader', epoch: 1, leadUntil: 12_500 },
      commands: [{ type: 'wake', at: 6000 }],
    },
    {
      name: 'a failed renewal keeps the term, and the leader tries again sooner',
      events: [...LEADING, tick(3000), failed(3100)],
      state: { role: 'leader', leadUntil: 9500, nextAttemptAt: 4100 },
      commands: [{ type: 'wake', at: 4100 }],
    },
    {
      name: 'no renewal before the term ends: steps down by itself at the term, and asks again later',
      events: [...LEADING, tick(3000), failed(3100), tick(4100), failed(9000), tick(9500)],
      state: { role: 'follower', leadUntil: null, holder: null, epoch: 1, nextAttemptAt: 10_000 },
      commands: [
        { type: 'follow', reason: 'lease not renewed within its term at epoch 1' },
        { type: 'wake', at: 10_000 },
      ],
    },
    {
      name: 'a renewal in flight past the term does not keep it: the leader stops at the term',
      events: [...LEADING, tick(3000), tick(9500)],
      state: { role: 'follower', sentAt: 3000 },
      commands: [{ type: 'follow', reason: 'lease not renewed within its term at epoch 1' }],
    },
    {
      name: 'another replica holds it: follows it, asks again after retryEvery',
      events: [tick(0), refused(20, 'replica-b', 4)],
      state: { role: 'follower', holder: 'replica-b', epoch: 4, nextAttemptAt: 1020 },
      commands: [{ type: 'wake', at: 1020 }],
    },
    {
      name: 'a leader refused steps down at once',
      events: [...LEADING, tick(3000), refused(3010, 'replica-b', 2)],
      state: { role: 'follower', holder: 'replica-b', epoch: 2, leadUntil: null },
      commands: [
        { type: 'follow', reason: 'replica-b leads at epoch 2' },
        { type: 'wake', at: 4010 },
      ],
    },
    {
      name: 'an answer with a lower epoch than one seen is stale: ignored, the epoch never goes back',
      events: [tick(0), refused(10, 'replica-b', 5), tick(1010), granted(1020, 3)],
      state: { role: 'follower', epoch: 5, holder: 'replica-b' },
      commands: [{ type: 'attempt' }],
    },
    {
      name: 'a grant answered after the term would end is not led on',
      events: [tick(0), granted(9600, 1)],
      state: { role: 'follower', epoch: 1, leadUntil: null },
      commands: [{ type: 'attempt' }],
    },
    {
      name: 'a grant nobody asked for (a duplicate) is ignored',
      events: [...LEADING, granted(60, 2)],
      state: { role: 'leader', epoch: 1 },
      commands: [{ type: 'wake', at: 3000 }],
    },
    {
      name: 'a new epoch under a leader (lost and taken back): the old term ends before the new one',
      events: [...LEADING, tick(3000), granted(3010, 3)],
      state: { role: 'leader', epoch: 3, leadUntil: 12_500 },
      commands: [
        { type: 'follow', reason: 'epoch 1 ended' },
        { type: 'lead', epoch: 3 },
        { type: 'wake', at: 6000 },
      ],
    },
    {
      name: 'stop: a leader gives the lease back and steps down',
      events: [...LEADING, { type: 'stop', now: 100 }],
      state: { role: 'follower', holder: null, nextAttemptAt: Infinity },
      commands: [
        { type: 'release', epoch: 1 },
        { type: 'follow', reason: 'stopping' },
      ],
    },
    {
      name: 'once stopped, nothing more is asked',
      events: [...LEADING, { type: 'stop', now: 100 }, tick(50_000)],
      state: { role: 'follower' },
      commands: [],
    },
  ])('$name', ({ events, state, commands }) => {
    const result = run(events);
    expect(result.state).toMatchObject(state);
    expect(result.commands).toEqual(commands);
  });
});
