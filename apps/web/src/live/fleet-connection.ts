import type { QueryClient } from '@tanstack/react-query';
import {
  applicationSchema,
  instanceSchema,
  instanceStatsSchema,
  jobSchema,
  processSchema,
  serviceStatusSchema,
  snapshotSchema,
  type Job,
} from '@supfleet/protocol';
import {
  applyFleetDeltas,
  fleetFromSnapshot,
  rememberJob,
  type FleetState,
  type LiveDelta,
} from './fleet-state';
import { FLEET_QUERY_KEY } from './fleet-query';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'disconnected';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Why the page is not live (last disconnect or connect error), null when live. */
  reason: string | null;
  /** Set when the server sent something this page cannot read (version mismatch). */
  dataError: string | null;
  /** While not live: when the page was last live (what it shows is as of then); null if never. */
  dataAsOf: number | null;
}

export type DeltaEvent = LiveDelta['type'];

/** A snapshot asked for and not received within this time may be asked for again. */
export const SNAPSHOT_RETRY_MS = 5_000;

/** Runs `flush` soon, once; the page uses `nextFrame`. */
export type FlushScheduler = (flush: () => void) => void;

/** At most this long after the first delta of a batch, even when no frame comes (hidden tab). */
export const FLUSH_FALLBACK_MS = 100;

/** Before the next frame is painted: every delta received meanwhile is rendered in that frame. */
export const nextFrame: FlushScheduler = (flush) => {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    flush();
  };
  requestAnimationFrame(once);
  // A background tab gets no frames; its deltas must not pile up until it is shown.
  setTimeout(once, FLUSH_FALLBACK_MS);
};

/**
 * The page's side of the live stream: validates what the socket delivers, keeps the fleet in
 * the react-query cache and tells whether the page is live. Socket-agnostic, so it is tested
 * without a server; `bindFleetSocket` wires it to socket.io.
 */
export class FleetConnection {
  #status: ConnectionStatus = { state: 'connecting', reason: null, dataError: null, dataAsOf: null };
  readonly #listeners = new Set<() => void>();
  #everConnected = false;
  #snapshotRequestedAt: number | null = null;
  /** Deltas received since the last flush, in arrival order. */
  #pending: LiveDelta[] = [];
  #flushScheduled = false;

  constructor(
    private readonly queryClient: QueryClient,
    private readonly requestSnapshot: () => void,
    private readonly now: () => number = Date.now,
    private readonly schedule: FlushScheduler = nextFrame,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getStatus = (): ConnectionStatus => this.#status;

  connected(): void {
    // The server sends a snapshot on every connect; after a reconnect ask anyway, as agreed.
    if (this.#everConnected) this.#askForSnapshot(true);
    this.#setStatus({ state: this.#everConnected ? 'reconnecting' : 'connecting' });
    this.#everConnected = true;
  }

  disconnected(reason: string, willReconnect: boolean): void {
    this.#snapshotRequestedAt = null;
    this.#setStatus({
      state: willReconnect ? 'reconnecting' : 'disconnected',
      reason,
      dataAsOf: this.#status.state === 'live' ? this.now() : this.#status.dataAsOf,
    });
  }

  connectFailed(message: string, willRetry: boolean): void {
    this.#setStatus({ state: willRetry ? 'reconnecting' : 'disconnected', reason: message });
  }

  snapshotReceived(payload: unknown): void {
    const parsed = snapshotSchema.safeParse(payload);
    if (!parsed.success) {
      console.error('supfleet: unreadable snapshot', parsed.error.issues);
      this.#setStatus({ dataError: 'The server sent a snapshot this page cannot read; reload the page.' });
      return;
    }
    this.#snapshotRequestedAt = null;
    // Deltas still pending are older or newer than it: applied on top, by sequence, at the flush.
    this.queryClient.setQueryData<FleetState>(FLEET_QUERY_KEY, fleetFromSnapshot(parsed.data));
    this.#setStatus({ state: 'live', reason: null, dataError: null, dataAsOf: null });
  }

  /**
   * Validates a delta and queues it; the queue is applied in one go before the next frame, so a
   * burst of changes costs one cache update, one selection and one render.
   */
  deltaReceived(type: DeltaEvent, payload: unknown, sequence?: unknown): void {
    const delta = parseDelta(type, payload, sequence);
    if (!delta) return this.unreadable(`${type} event`, [payload, sequence]);
    this.#pending.push(delta);
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    this.schedule(this.flush);
  }

  /** Something the server sent that this page cannot read: said in the console, and a new snapshot asked for. */
  unreadable(what: string, payload: unknown): void {
    console.error(`supfleet: unreadable ${what}`, payload);
    this.#askForSnapshot(false);
  }

  /** Applies every queued delta at once. */
  readonly flush = (): void => {
    this.#flushScheduled = false;
    const deltas = this.#pending;
    if (deltas.length === 0) return;
    this.#pending = [];
    const current = this.queryClient.getQueryData<FleetState>(FLEET_QUERY_KEY);
    // Before the first snapshot there is nothing to patch; the snapshot will contain it.
    if (!current) return;
    const { state, gap } = applyFleetDeltas(current, deltas);
    if (state !== current) this.queryClient.setQueryData<FleetState>(FLEET_QUERY_KEY, state);
    if (gap) this.#askForSnapshot(false);
  };

  /** A job answered by the REST API, shown until the live stream speaks of it. */
  jobAccepted(job: Job): void {
    const current = this.queryClient.getQueryData<FleetState>(FLEET_QUERY_KEY);
    if (current) this.queryClient.setQueryData<FleetState>(FLEET_QUERY_KEY, rememberJob(current, job));
  }

  #askForSnapshot(force: boolean): void {
    const now = this.now();
    const pending = this.#snapshotRequestedAt !== null && now - this.#snapshotRequestedAt < SNAPSHOT_RETRY_MS;
    if (pending && !force) return;
    this.#snapshotRequestedAt = now;
    this.requestSnapshot();
  }

  #setStatus(change: Partial<ConnectionStatus>): void {
    const next = { ...this.#status, ...change };
    if (
      next.state === this.#status.state &&
      next.reason === this.#status.reason &&
      next.dataError === this.#status.dataError &&
      next.dataAsOf === this.#status.dataAsOf
    ) {
      return;
    }
    this.#status = next;
    for (const listener of this.#listeners) listener();
  }
}

function parseDelta(type: DeltaEvent, payload: unknown, sequence: unknown): LiveDelta | null {
  if (type === 'stats:updated') {
    const r = instanceStatsSchema.safeParse(payload);
    return r.success ? { type, stats: r.data } : null;
  }
  if (typeof sequence !== 'number' || !Number.isInteger(sequence)) return null;
  switch (type) {
    case 'instance:updated': {
      const r = instanceSchema.safeParse(payload);
      return r.success ? { type, instance: r.data, sequence } : null;
    }
    case 'instance:removed':
      return typeof payload === 'string' ? { type, id: payload, sequence } : null;
    case 'service:updated': {
      const r = serviceStatusSchema.safeParse(payload);
      return r.success ? { type, service: r.data, sequence } : null;
    }
    case 'application:updated': {
      const r = applicationSchema.safeParse(payload);
      return r.success ? { type, application: r.data, sequence } : null;
    }
    case 'process:updated': {
      const r = processSchema.safeParse(payload);
      return r.success ? { type, process: r.data, sequence } : null;
    }
    case 'process:removed':
      return typeof payload === 'string' ? { type, namespec: payload, sequence } : null;
    case 'application:removed':
      return typeof payload === 'string' ? { type, name: payload, sequence } : null;
    case 'job:updated': {
      const r = jobSchema.safeParse(payload);
      return r.success ? { type, job: r.data, sequence } : null;
    }
  }
}
