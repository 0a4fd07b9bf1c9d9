import { EventEmitter } from 'node:events';
import pg from 'pg';
import { CONNECT_TIMEOUT_MS, connectionString, type PostgresLocation } from './postgres-database';

/** What the replicas tell each other through the database: a new action, an answer, a job saved, programs disabled, a history entry. */
export type SignalChannel =
  'supfleet_actions' | 'supfleet_answers' | 'supfleet_jobs' | 'supfleet_programs' | 'supfleet_history';
const CHANNELS: readonly SignalChannel[] = [
  'supfleet_actions',
  'supfleet_answers',
  'supfleet_jobs',
  'supfleet_programs',
  'supfleet_history',
];

/**
 * Wake-ups between replicas (PostgreSQL LISTEN / NOTIFY on a connection of its own). A signal is
 * a hint, never the fact: what it names is read from its table, and whoever waits on one also
 * reads on a period, so a signal lost while the connection was down delays, never loses, a step.
 */
export interface StoreSignals {
  notify(channel: SignalChannel, payload: string): Promise<void>;
  on(channel: SignalChannel, listener: (payload: string) => void): () => void;
  /** Listens again if the connection was lost (called on each period of those who wait). */
  ensure(): void;
  close(): Promise<void>;
}

/** One server (SQLite): the signals stay in the process. */
export function localSignals(): StoreSignals {
  const emitter = new EventEmitter<Record<SignalChannel, [string]>>();
  emitter.setMaxListeners(0);
  return {
    notify: (channel, payload) => {
      emitter.emit(channel, payload);
      return Promise.resolve();
    },
    on(channel, listener) {
      emitter.on(channel, listener);
      return () => emitter.off(channel, listener);
    },
    ensure: () => undefined,
    close: () => Promise.resolve(),
  };
}

export function postgresSignals(
  location: PostgresLocation,
  notify: (channel: SignalChannel, payload: string) => Promise<void>,
  onError: (error: Error) => void,
): StoreSignals {
  const emitter = new EventEmitter<Record<SignalChannel, [string]>>();
  emitter.setMaxListeners(0);
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let closed = false;
  // Told once per outage: the connection is tried again on every period of those who wait.
  let reported = false;
  const report = (error: Error) => {
    if (closed || reported) return;
    reported = true;
    onError(error);
  };
  const connect = (): Promise<void> =>
    (connecting ??= (async () => {
      const next = new pg.Client({
        connectionString: connectionString(location),
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        keepAlive: true,
      });
      const lost = (error?: Error) => {
        if (client === next) client = null;
        if (error) report(error);
      };
      next.on('error', lost);
      next.on('end', () => lost());
      next.on('notification', (message) => {
        if (CHANNELS.includes(message.channel as SignalChannel))
          emitter.emit(message.channel as SignalChannel, message.payload ?? '');
      });
      try {
        await next.connect();
        for (const channel of CHANNELS) await next.query(`LISTEN ${channel}`);
        if (closed) await next.end();
        else {
          client = next;
          reported = false;
        }
      } catch (error) {
        await next.end().catch(() => undefined);
        report(error as Error);
      }
    })().finally(() => (connecting = null)));
  void connect();
  return {
    notify: (channel, payload) => notify(channel, payload).catch((error: unknown) => onError(error as Error)),
    on(channel, listener) {
      emitter.on(channel, listener);
      return () => emitter.off(channel, listener);
    },
    ensure() {
      if (!closed && client === null) void connect();
    },
    async close() {
      closed = true;
      await connecting;
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
