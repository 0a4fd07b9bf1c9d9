import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '@supfleet/protocol';
import { connect, program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';

const RULES = `<root><application name="app"><programs><program pattern=""><start_sequence>1</start_sequence></program></programs></application></root>`;

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
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(sequences.length).toBeGreaterThan(0);
      expect(sequences[0]).toBe(first.sequence + 1);
      expect(sequences).toEqual(sequences.map((_, i) => first.sequence + 1 + i));

      const again = new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
      socket.emit('snapshot:request');
      const second = await again;
      expect(second.sequence).toBe(sequences.at(-1));
      expect(second.processes[0]?.state).toBe('RUNNING');
    } finally {
      socket.close();
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
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toBe(false);
    } finally {
      socket.close();
    }
  });
});
