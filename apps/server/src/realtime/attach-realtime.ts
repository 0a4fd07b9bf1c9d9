import type { Server as HttpServer, RequestListener } from 'node:http';
import { Server } from 'socket.io';
import { DELTA_EVENTS, type ClientToServerEvents, type ServerToClientEvents } from '@supfleet/protocol';
import type { FleetStore, StoreEvents } from '../fleet-store';
import type { StatsHistory } from '../stats/stats-history';
import { authorized, challenge, type Credentials } from '../http/basic-auth';
import { silentLogger, type Logger } from '../logging/logger';

// The store announces exactly the delta events of the protocol.
const FORWARDED = DELTA_EVENTS satisfies readonly (keyof StoreEvents)[];

/** socket.io: a snapshot on connect (and on request), then every change of the store. */
export function attachRealtime(
  httpServer: HttpServer,
  store: FleetStore,
  credentials: Credentials | null = null,
  log: Logger = silentLogger(),
  stats?: StatsHistory,
): Server<ClientToServerEvents, ServerToClientEvents> {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, { serveClient: false });
  if (credentials) {
    guardSocketRequests(httpServer, credentials);
    // A client that opens with a WebSocket skips the HTTP requests above: check its handshake too.
    io.use((socket, next) => {
      if (authorized(socket.handshake.headers.authorization, credentials)) next();
      else next(new Error('credentials required (HTTP basic)'));
    });
  }
  const snapshot = () => ({ ...store.snapshot(), stats: stats?.latest() ?? [] });
  io.on('connection', (socket) => {
    socket.emit('snapshot', snapshot());
    socket.on('snapshot:request', (...args: unknown[]) => {
      // The one client event takes no payload: anything else is a client bug, refused loudly.
      if (args.length > 0) {
        log.warn({ socket: socket.id }, 'snapshot:request takes no payload; ignored');
        return;
      }
      socket.emit('snapshot', snapshot());
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

/**
 * socket.io answers its HTTP requests before Express sees them, so they are challenged here:
 * a browser then sends the page's basic credentials, and a Node client gives them in
 * `extraHeaders`. The WebSocket upgrade belongs to a session opened this way.
 */
function guardSocketRequests(httpServer: HttpServer, credentials: Credentials): void {
  const listeners = httpServer.listeners('request') as RequestListener[];
  httpServer.removeAllListeners('request');
  httpServer.on('request', (req, res) => {
    if (req.url?.startsWith('/socket.io/') && !authorized(req.headers.authorization, credentials)) {
      challenge(res);
      return;
    }
    for (const listener of listeners) listener.call(httpServer, req, res);
  });
}
