import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@supfleet/protocol';
import type { FleetStore, StoreEvents } from '../fleet-store';

const FORWARDED = [
  'instance:updated',
  'application:updated',
  'process:updated',
  'process:removed',
  'application:removed',
  'job:updated',
] as const satisfies readonly (keyof StoreEvents & keyof ServerToClientEvents)[];

/** socket.io: a snapshot on connect (and on request), then every change of the store. */
export function attachRealtime(httpServer: HttpServer, store: FleetStore): Server<ClientToServerEvents, ServerToClientEvents> {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, { serveClient: false });
  io.on('connection', (socket) => {
    socket.emit('snapshot', store.snapshot());
    socket.on('snapshot:request', () => socket.emit('snapshot', store.snapshot()));
  });
  for (const event of FORWARDED) {
    store.on(event, (...args: unknown[]) => {
      (io.emit as (event: string, ...args: unknown[]) => boolean)(event, ...args);
    });
  }
  return io;
}
