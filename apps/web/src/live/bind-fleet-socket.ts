import type { Socket } from 'socket.io-client';
import { DELTA_EVENTS, type ClientToServerEvents, type ServerToClientEvents } from '@supfleet/protocol';
import type { DeltaEvent, FleetConnection } from './fleet-connection';

export type FleetSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const DELTA_NAMES: ReadonlySet<DeltaEvent> = new Set(DELTA_EVENTS);

/**
 * Feeds socket.io's events to the connection. Payloads go through as received: it validates them.
 * `onConnectError` hears of every failed connection: the session may have ended (the server
 * refuses a handshake without one, at the transport level or in its middleware).
 */
export function bindFleetSocket(
  socket: FleetSocket,
  connection: FleetConnection,
  onConnectError: () => void = () => {},
): void {
  socket.on('connect', () => connection.connected());
  socket.on('disconnect', (reason) => {
    // After a server-side disconnect socket.io does not retry by itself; the page must stay live.
    if (reason === 'io server disconnect') socket.connect();
    connection.disconnected(describeDisconnect(reason), true);
  });
  socket.on('connect_error', (error) => {
    // `active` is false when a server middleware refused us (its message says why): retrying
    // would not help. Otherwise the message is transport noise such as "xhr poll error".
    if (socket.active) connection.connectFailed('cannot reach the server', true);
    else connection.connectFailed(`the server refused the connection (${error.message})`, false);
    onConnectError();
  });
  socket.on('snapshot', (snapshot: unknown) => connection.snapshotReceived(snapshot));
  for (const event of DELTA_EVENTS satisfies readonly DeltaEvent[]) {
    socket.on(event, (payload: unknown, sequence: unknown) =>
      connection.deltaReceived(event, payload, sequence),
    );
  }
  // The same deltas, batched (a socket opened with BATCHED_DELTAS_QUERY).
  socket.on('deltas', (deltas: unknown) => {
    if (!Array.isArray(deltas)) return connection.unreadable('deltas batch', deltas);
    for (const delta of deltas as unknown[]) {
      const [event, payload, sequence] = Array.isArray(delta) ? (delta as unknown[]) : [];
      if (DELTA_NAMES.has(event as DeltaEvent))
        connection.deltaReceived(event as DeltaEvent, payload, sequence);
      else connection.unreadable('delta of a batch', delta);
    }
  });
  // Statistics from the node agents: samples without a sequence number.
  socket.on('stats:updated', (payload: unknown) => connection.deltaReceived('stats:updated', payload));
}

function describeDisconnect(reason: string): string {
  switch (reason) {
    case 'transport close':
    case 'transport error':
      return 'lost the connection to the server';
    case 'ping timeout':
      return 'the server stopped answering';
    case 'io server disconnect':
      return 'the server closed the connection';
    default:
      return reason;
  }
}
