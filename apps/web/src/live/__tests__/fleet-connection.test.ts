import { QueryClient } from '@tanstack/react-query';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { aJob, anInstance, anInstanceStats, aProcess, aSnapshot } from '../../testing/fleet-fixtures';
import { FleetConnection, SNAPSHOT_RETRY_MS } from '../fleet-connection';
import { FLEET_QUERY_KEY } from '../fleet-query';
import type { FleetState } from '../fleet-state';

let queryClient: QueryClient;
let requestSnapshot: ReturnType<typeof vi.fn<() => void>>;
let now: number;
let connection: FleetConnection;

const fleet = () => queryClient.getQueryData<FleetState>(FLEET_QUERY_KEY);
const silentRocky51 = (sequence: number) =>
  [anInstance({ id: 'rocky51', state: 'SILENT' }), sequence] as const;

beforeEach(() => {
  queryClient = new QueryClient();
  requestSnapshot = vi.fn<() => void>();
  now = 0;
  // Flushed at once: these cases are about what is applied, not when.
  connection = new FleetConnection(
    queryClient,
    requestSnapshot,
    () => now,
    (flush) => flush(),
  );
});

describe('FleetConnection', () => {
  it('is not live until the first snapshot, then holds it', () => {
    connection.connected();
    expect(connection.getStatus().state).toBe('connecting');
    expect(fleet()).toBeUndefined();

    connection.snapshotReceived(aSnapshot({ sequence: 3 }));

    expect(connection.getStatus()).toEqual({ state: 'live', reason: null, dataError: null, dataAsOf: null });
    expect(fleet()?.sequence).toBe(3);
    expect(requestSnapshot).not.toHaveBeenCalled();
  });

  it('remembers when it was last live while it reconnects, and forgets it once live again', () => {
    connection.connected();
    connection.snapshotReceived(aSnapshot({ sequence: 3 }));
    now = 5000;
    connection.disconnected('lost the connection to the server', true);
    expect(connection.getStatus()).toMatchObject({ state: 'reconnecting', dataAsOf: 5000 });
    now = 9000;
    connection.connectFailed('cannot reach the server', true);
    expect(connection.getStatus().dataAsOf).toBe(5000);
    connection.connected();
    connection.snapshotReceived(aSnapshot({ sequence: 8 }));
    expect(connection.getStatus()).toMatchObject({ state: 'live', dataAsOf: null });
  });

  it('applies a service status and the removal of an instance', () => {
    connection.connected();
    connection.snapshotReceived(aSnapshot({ sequence: 3 }));
    const refused = {
      reload: { ok: false, errors: ['r.xml:3:5: unknown element'], warnings: [], at: 1 },
      needsRestart: [],
      replica: 'web:8080',
      leader: true,
      leaderName: 'web:8080',
      leaderUrl: null,
      epoch: 1,
    };
    connection.deltaReceived('service:updated', refused, 4);
    connection.deltaReceived('instance:removed', 'rocky51', 5);
    expect(fleet()?.service).toEqual(refused);
    expect(fleet()?.instances).toEqual([]);
    expect(requestSnapshot).not.toHaveBeenCalled();
  });

  it('applies the next delta without asking for a snapshot', () => {
    connection.connected();
    connection.snapshotReceived(aSnapshot({ sequence: 3 }));
    connection.deltaReceived('instance:updated', ...silentRocky51(4));
    expect(fleet()?.instances[0]?.state).toBe('SILENT');
    expect(requestSnapshot).not.toHaveBeenCalled();
  });

  it('asks once for a snapshot on a gap, again only if none came in time', () => {
    connection.connected();
    connection.snapshotReceived(aSnapshot({ sequence: 3 }));
    connection.deltaReceived('instance:updated', ...silentRocky51(6));
    connection.deltaReceived('instance:updated', ...silentRocky51(9));
    expect(requestSnapshot).toHaveBeenCalledTimes(1);

    now += SNAPSHOT_RETRY_MS;
    connection.deltaReceived('instance:updated', ...silentRocky51(12));
    expect(requestSnapshot).toHaveBeenCalledTimes(2);

    connection.snapshotReceived(aSnapshot({ sequence: 12 }));
    connection.deltaReceived('instance:updated', ...silentRocky51(14));
    expect(requestSnapshot).toHaveBeenCalledTimes(3);
  });

  it('ignores deltas before the first snapshot: the snapshot contains them', () => {
    connection.connected();
    connection.deltaReceived('instance:updated', ...silentRocky51(4));
    expect(fleet()).toBeUndefined();
    expect(requestSnapshot).not.toHaveBeenCalled();
  });

  it('drops an unreadable delta and asks for a snapshot instead', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    connection.connected();
    connection.snapshotReceived(aSnapshot({ sequence: 3 }));
    connection.deltaReceived('instance:updated', { id: 'rocky51' }, 4);
    expect(fleet()?.instances[0]?.state).toBe('RUNNING');
    expect(requestSnapshot).toHaveBeenCalledTimes(1);
    error.mockRestore();
  });

  it('keeps the last good data when a snapshot is unreadable, and says so', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    connection.connected();
    connection.snapshotReceived(aSnapshot({ sequence: 3 }));
    connection.snapshotReceived({ instances: 'nope' });
    expect(fleet()?.sequence).toBe(3);
    expect(connection.getStatus().dataError).toMatch(/cannot read/);
    error.mockRestore();
  });

  it('shows the page is not live while disconnected, and asks for a snapshot on reconnect', () => {
    const listener = vi.fn();
    connection.subscribe(listener);
    connection.connected();
    connection.snapshotReceived(aSnapshot({ sequence: 3 }));

    connection.disconnected('lost the connection to the server', true);
    expect(connection.getStatus()).toMatchObject({
      state: 'reconnecting',
      reason: 'lost the connection to the server',
    });

    connection.connected();
    expect(requestSnapshot).toHaveBeenCalledTimes(1);
    expect(connection.getStatus().state).toBe('reconnecting');

    connection.snapshotReceived(aSnapshot({ sequence: 40 }));
    expect(connection.getStatus().state).toBe('live');
    // live, reconnecting, live again: one notification per change the page shows.
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('says so when the server refuses the connection for good', () => {
    connection.connectFailed('unauthorized', false);
    expect(connection.getStatus()).toMatchObject({ state: 'disconnected', reason: 'unauthorized' });
  });

  it('shows a job the REST API answered with before the live stream speaks of it', () => {
    connection.connected();
    connection.snapshotReceived(aSnapshot({ sequence: 3 }));
    connection.jobAccepted(aJob({ id: 'j' }));
    expect(fleet()?.jobs.map((j) => j.id)).toEqual(['j']);
  });

  it('reads the statistics of a snapshot and keeps the last sample of each instance', () => {
    connection.connected();
    connection.snapshotReceived({ ...aSnapshot({ sequence: 3 }), stats: [anInstanceStats({ at: 1 })] });
    expect(fleet()?.stats.rocky51?.at).toBe(1);
    connection.deltaReceived('stats:updated', anInstanceStats({ at: 2 }));
    expect(fleet()?.stats.rocky51?.at).toBe(2);
    expect(fleet()?.sequence).toBe(3);
    expect(requestSnapshot).not.toHaveBeenCalled();
  });

  it('treats a snapshot without statistics as none', () => {
    connection.connected();
    connection.snapshotReceived(aSnapshot({ sequence: 3 }));
    expect(fleet()?.stats).toEqual({});
  });
});

describe('FleetConnection batches', () => {
  let scheduled: (() => void)[];

  beforeEach(() => {
    scheduled = [];
    connection = new FleetConnection(
      queryClient,
      requestSnapshot,
      () => now,
      (flush) => scheduled.push(flush),
    );
    connection.connected();
    connection.snapshotReceived(
      aSnapshot({
        sequence: 10,
        processes: Array.from({ length: 5 }, (_, i) => aProcess({ namespec: `app:p${i}` })),
      }),
    );
  });

  it('applies a burst of deltas in one cache update, at the scheduled flush', () => {
    const updates = vi.fn();
    queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated') updates();
    });
    for (let i = 0; i < 5; i += 1) {
      connection.deltaReceived(
        'process:updated',
        aProcess({ namespec: `app:p${i}`, state: 'RUNNING' }),
        11 + i,
      );
    }
    expect(scheduled).toHaveLength(1);
    expect(fleet()?.processes.map((p) => p.state)).toEqual(Array(5).fill('STOPPED'));

    scheduled.shift()!();

    expect(fleet()?.processes.map((p) => p.state)).toEqual(Array(5).fill('RUNNING'));
    expect(fleet()?.sequence).toBe(15);
    expect(updates).toHaveBeenCalledTimes(1);
    // The next delta schedules the next flush.
    connection.deltaReceived('process:removed', 'app:p0', 16);
    expect(scheduled).toHaveLength(1);
  });

  it('applies over a snapshot that arrived meanwhile only the deltas newer than it', () => {
    connection.deltaReceived('process:updated', aProcess({ namespec: 'app:p0', state: 'RUNNING' }), 11);
    connection.snapshotReceived(
      aSnapshot({ sequence: 20, processes: [aProcess({ namespec: 'app:p0', state: 'FATAL' })] }),
    );
    connection.deltaReceived('process:updated', aProcess({ namespec: 'app:p1', state: 'RUNNING' }), 21);
    scheduled.shift()!();
    expect(fleet()?.processes.map((p) => `${p.namespec}:${p.state}`)).toEqual([
      'app:p0:FATAL',
      'app:p1:RUNNING',
    ]);
    expect(requestSnapshot).not.toHaveBeenCalled();
  });
});
