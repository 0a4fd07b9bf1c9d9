import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { Server } from 'socket.io';
import {
  BATCHED_DELTAS_QUERY,
  type BatchedDelta,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@supfleet/protocol';
import type { FleetModel } from '../fleet-model';
import type { StatsHistory } from '../stats/stats-history';
import { guardSockets, snapshotRequestLimiter, type SocketGuardOptions } from './socket-guard';
import { silentLogger, type Logger } from '../logging/logger';
import { systemClock } from '../clock/clock';
import { changeDeltas } from './change-deltas';

/**
 * Messages from this size on are deflated: the snapshot of 2,000 processes (1.2 MB of JSON, ~21 KB
 * deflated, so a page across a real network loads it 50 times faster) and the batches of a
 * burst; a single delta (1-2 KB) would cost more to deflate than it saves (BENCHMARKS.md).
 */
const DEFLATE_OVER_BYTES = 8192;
/** The room of the sockets that take their deltas in batches (BATCHED_DELTAS_QUERY). */
const BATCHED = 'deltas:batch';

/**
 * socket.io: a snapshot on connect (and on request), then every change of the store as the
 * protocol's deltas, one event each or in batches as the client asked; authenticated sockets only.
 */
export function attachRealtime(
  httpServer: HttpServer | HttpsServer,
  store: FleetModel,
  guard: SocketGuardOptions,
  log: Logger = silentLogger(),
  stats?: StatsHistory,
): Server<ClientToServerEvents, ServerToClientEvents> {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    // Without "no context takeover", ws ignores the threshold and deflates every message, each
    // client's copy on its own: a burst to 20 clients then took 780 ms instead of 270.
    perMessageDeflate: {
      threshold: DEFLATE_OVER_BYTES,
      serverNoContextTakeover: true,
      clientNoContextTakeover: true,
    },
    // A connection that never says which namespace it wants is closed soon.
    connectTimeout: 5000,
    // A page behind a replica that hangs (paused, its host frozen) says "not live" within
    // 10 s instead of socket.io's 45 s, and tries to reconnect (to another replica behind a
    // load balancer that checks health); a ping every 5 s per client costs nothing measurable.
    pingInterval: 5000,
    pingTimeout: 5000,
    maxHttpBufferSize: 16_384,
  });
  guardSockets(io, guard);
  const clock = guard.clock ?? systemClock;
  // The deltas' numbers: the snapshot says the last one sent, so a page sees a gap at once.
  let sequence = 0;
  const snapshot = () => ({ ...store.snapshot(), sequence, stats: stats?.latest() ?? [] });
  io.on('connection', (socket) => {
    if (socket.handshake.query.deltas === BATCHED_DELTAS_QUERY.deltas) void socket.join(BATCHED);
    socket.emit('snapshot', snapshot());
    const allowed = snapshotRequestLimiter(socket, log, () => clock.now());
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
  // A burst (200 processes stopped at once) is several changes in one turn of the event loop
  // (the polls of several instances, a job's steps): one message per client per turn instead
  // of one per delta, a write each (BENCHMARKS.md).
  let batch: BatchedDelta[] = [];
  const sendBatch = () => {
    const deltas = batch;
    batch = [];
    io.to(BATCHED).emit('deltas', deltas);
  };
  const batchedCount = () => io.sockets.adapter.rooms.get(BATCHED)?.size ?? 0;
  store.on('change', (change) => {
    const deltas = changeDeltas(change, () => ++sequence);
    // A broadcast encodes its payload even for nobody: each way only when someone takes it (a
    // socket that connects meanwhile has the change in its snapshot).
    const batched = batchedCount();
    if (io.sockets.sockets.size > batched) {
      const single = io.except(BATCHED);
      for (const delta of deltas) (single.emit as (...args: unknown[]) => boolean)(...delta);
    }
    if (batched === 0 || deltas.length === 0) return;
    if (batch.length === 0) setImmediate(sendBatch);
    batch.push(...deltas);
  });
  // Every heartbeat: encoded only when someone is there to take it.
  stats?.on('stats:updated', (sample) => {
    if (io.sockets.sockets.size > 0) io.emit('stats:updated', sample);
  });
  return io;
}
