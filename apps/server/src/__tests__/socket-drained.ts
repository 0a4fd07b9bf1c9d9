import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, Process, ServerToClientEvents } from '@supfleet/protocol';
import { eventually } from './eventually';
import type { TestFleet } from './fleet-fixture';

/**
 * Resolves once the server has handled every event `socket` sent so far, and the client has
 * received every message the server sent it meanwhile: a snapshot:request with a payload, which
 * the server refuses and logs (in order after the events before it), then a change of `namespec`
 * on `node` behind supfleet's back, whose delta comes after any earlier message on the socket.
 * What the client got by then is all it will get: no window of real time. Once per socket: the
 * server logs only its first refusal.
 */
export async function socketDrained(
  fleet: TestFleet,
  socket: Socket<ServerToClientEvents, ClientToServerEvents>,
  { node, namespec }: { node: string; namespec: string },
): Promise<void> {
  const seen: { namespec: string; state: string }[] = [];
  const record = (process: Process) => seen.push(process);
  socket.on('process:updated', record);
  try {
    (socket.emit as (event: string, ...args: unknown[]) => unknown)('snapshot:request', { marker: true });
    await eventually(
      () =>
        fleet.problems.some(
          (line) => line.includes('snapshot:request takes no payload') && line.includes(`"${socket.id}"`),
        ),
      'the marker handled',
    );
    const client = fleet.nodes[node]!.client;
    const running = (await client.getProcessInfo(namespec)).statename === 'RUNNING';
    await (running ? client.stopProcess(namespec, true) : client.startProcess(namespec, true));
    const state = running ? 'STOPPED' : 'RUNNING';
    await eventually(
      () => seen.some((process) => process.namespec === namespec && process.state === state),
      'the delta at the client',
    );
  } finally {
    socket.off('process:updated', record);
  }
}
