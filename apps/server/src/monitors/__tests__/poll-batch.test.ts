import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '@supfleet/core';
import { PollBatch } from '../poll-batch';

describe('PollBatch', () => {
  it('dispatches the re-reads of one turn as one event, in the order they ended', () => {
    const dispatched: FleetEvent[] = [];
    const deferred: (() => void)[] = [];
    const batch = new PollBatch({ dispatch: (event) => dispatched.push(event) }, (flush) =>
      deferred.push(flush),
    );
    batch.add({ instance: 'n1', at: 1, processes: [] });
    batch.add({ instance: 'n2', at: 2, processes: [] });
    expect(dispatched).toEqual([]);
    expect(deferred).toHaveLength(1);
    deferred.shift()!();
    expect(dispatched).toEqual([
      {
        type: 'instances:polled',
        polls: [
          { instance: 'n1', at: 1, processes: [] },
          { instance: 'n2', at: 2, processes: [] },
        ],
      },
    ]);
    // The next turn's re-reads make a batch of their own; an empty flush dispatches nothing.
    batch.flush();
    batch.add({ instance: 'n1', at: 3, processes: [] });
    expect(deferred).toHaveLength(1);
    deferred.shift()!();
    expect(dispatched).toHaveLength(2);
    expect(dispatched[1]).toMatchObject({ polls: [{ instance: 'n1', at: 3 }] });
  });
});
