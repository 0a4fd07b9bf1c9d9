import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { Server } from 'socket.io';
import { DELTA_EVENTS, type ClientToServerEvents, type ServerToClientEvents } from '@supfleet/protocol';
import type { FleetStore, StoreEvents } from '../fleet-store';
import type { StatsHistory } from '../stats/stats-history';
import { guardSockets, snapshotRequestLimiter, type SocketGuardOptions } from './socket-guard';
import { silentLogger, type Logger } from '../logging/logger';

// The store announces exactly the delta events of the protocol.
const FORWARDED = DELTA_EVENTS satisfies readonly (keyof StoreEvents)[];

/** socket.io: a snapshot on connect (and on request), then every change of the store; authenticated sockets only. */
export function attachRealtime(
  httpServer: HttpServer | HttpsServer,
  store: FleetStore,
  guard: SocketGuardOptions,
  log: Logger = silentLogger(),
  stats?: StatsHistory,
): Server<ClientToServerEvents, ServerToClientEvents> {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    // A connection that never says which namespace it wants is closed soon.
    connectTimeout: 5000,
    maxHttpBufferSize: 16_384,
  });
  guardSockets(io, guard);
  const snapshot = () => ({ ...store.snapshot(), stats: stats?.latest() ?? [] });
  io.on('connection', (socket) => {
    socket.emit('snapshot', snapshot());
    const allowed = snapshotRequestLimiter(socket, log);
    // Once per socket: a client that loops must not flood the log.
    let warned = false;
    socket.on('snapshot:request', (...args: unknown[]) => {
      // The one client event takes no payload: anything else is a client bug, refused loudly.
      if (args.length > 0) {
        if (!warned) log.warn({ socket: socket.id }, 'snapshot:request takes no payload; ignored');
        warned = true;
        return;
      }
      if (allowed()) socket.emit('snapshot', snapshot());
    });
  });
  for (const event of FORWARDED) {
    store.on(event, (...args: unknown[]) => {
      (io.emit as (event: string, ...args: unknown[]) => boolean)(event, ...args);
    });
  }
  stats?.on('stats:updated', (sample) => io.emit('stats:updated', sample));
  return io;
}
