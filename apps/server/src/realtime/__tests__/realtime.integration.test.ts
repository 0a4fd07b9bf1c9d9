import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCHED_DELTAS_QUERY, DELTA_EVENTS, type BatchedDelta, type Snapshot } from '@supfleet/protocol';
import { connect, program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';
import { eventually } from '../../__tests__/eventually';
import { socketDrained } from '../../__tests__/socket-drained';

const RULES = `<root><application name="app"><programs><program pattern=""><start_sequence>1</start_sequence></program></programs></application></root>`;

/** Resolves once what the clients received satisfies the predicate (5 s at most). */
async function arrived(predicate: () => boolean): Promise<void> {
  await eventually(predicate, 'what the store announced, at the clients', {
    timeoutMs: 5000,
    intervalMs: 10,
  });
}

describe('socket.io event stream', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await startTestFleet({ n1: { 'program:p': program(), 'group:app': { programs: 'p' } } }, RULES);
    await until(fleet.service, () => fleet.service.store.state.processes['app:p'] !== undefined);
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('sends a snapshot on connect and on request, then deltas numbered one after another', async () => {
    const socket = connect(fleet.url);
    try {
      const first = await new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
      expect(first.instances.map((i) => i.id)).toEqual(['n1']);
      expect(first.processes.map((p) => p.namespec)).toEqual(['app:p']);

      const sequences: number[] = [];
      socket.on('process:updated', (_p, sequence) => sequences.push(sequence));
      socket.on('application:updated', (_a, sequence) => sequences.push(sequence));
      socket.on('instance:updated', (_i, sequence) => sequences.push(sequence));
      await fleet.nodes.n1!.client.startProcess('app:p', true);
      await until(fleet.service, () => fleet.service.store.state.applications.app?.state === 'RUNNING');
      // The snapshot asked for now arrives after every delta sent before it.
      const again = new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
      socket.emit('snapshot:request');
      const second = await again;
      expect(sequences.length).toBeGreaterThan(0);
      expect(sequences[0]).toBe(first.sequence + 1);
      expect(sequences).toEqual(sequences.map((_, i) => first.sequence + 1 + i));
      expect(second.sequence).toBe(sequences.at(-1));
      expect(second.processes[0]?.state).toBe('RUNNING');
    } finally {
      socket.close();
    }
  });

  it('gives a client that asked for batches the same deltas, in order, in fewer messages', async () => {
    const single = connect(fleet.url);
    const batched = connect(fleet.url, BATCHED_DELTAS_QUERY);
    try {
      await Promise.all(
        [single, batched].map(
          (socket) => new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve)),
        ),
      );
      const one: [string, number][] = [];
      for (const event of DELTA_EVENTS) {
        single.on(event, (_payload: unknown, sequence: number) => one.push([event, sequence]));
        batched.on(event, () => one.push(['a batched client got a single event', -1]));
      }
      const batches: BatchedDelta[][] = [];
      batched.on('deltas', (deltas) => batches.push(deltas));
      single.on('deltas', () => one.push(['a single client got a batch', -1]));

      const client = fleet.nodes.n1!.client;
      const state = () => fleet.service.store.state.processes['app:p']?.state;
      // Each transition seen by a poll before the next (both could fall between two polls).
      await client.stopProcess('app:p', true);
      await until(fleet.service, () => state() === 'STOPPED');
      await client.startProcess('app:p', true);
      await until(fleet.service, () => state() === 'RUNNING');
      const asked = new Promise<Snapshot>((resolve) => single.once('snapshot', resolve));
      single.emit('snapshot:request');
      const announced = (await asked).sequence;
      await arrived(() => one.at(-1)?.[1] === announced && batches.flat().at(-1)?.[2] === announced);

      const many = batches.flat();
      expect(one.length).toBeGreaterThanOrEqual(4);
      expect(many.map(([event, , sequence]) => [event, sequence])).toEqual(one);
      expect(batches.length).toBeLessThan(one.length);
      const last = many.filter(([event]) => event === 'process:updated').at(-1);
      expect(last?.[1]).toMatchObject({ namespec: 'app:p', state: 'RUNNING' });
    } finally {
      single.close();
      batched.close();
    }
  });

  it('ignores a snapshot:request that carries a payload', async () => {
    const socket = connect(fleet.url);
    try {
      await new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
      let answered = false;
      socket.once('snapshot', () => {
        answered = true;
      });
      (socket.emit as (event: string, ...args: unknown[]) => unknown)('snapshot:request', { evil: true });
      // Had the server answered it, the snapshot would have come before what follows.
      await socketDrained(fleet, socket, { node: 'n1', namespec: 'app:p' });
      expect(answered).toBe(false);
    } finally {
      socket.close();
    }
  });

  it('a websocket client that never answers the close does not hold the stop', async () => {
    const port = Number(new URL(fleet.url).port);
    const raw = net.connect(port, '127.0.0.1');
    try {
      raw.write(
        'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n' +
          `Host: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
      const upgraded = await new Promise<string>((resolve) =>
        raw.once('data', (data) => resolve(String(data))),
      );
      expect(upgraded).toMatch(/^HTTP\/1.1 101/);
      // From now on it answers nothing, not even the websocket close (ws waits 30 s for it).
      raw.pause();
      const stopping = Date.now();
      await fleet.restartService({});
      expect(Date.now() - stopping).toBeLessThan(5000);
    } finally {
      raw.destroy();
    }
  });
});
