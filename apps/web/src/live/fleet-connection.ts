import type { QueryClient } from '@tanstack/react-query';
import {
  applicationSchema,
  instanceSchema,
  jobSchema,
  processSchema,
  serviceStatusSchema,
  snapshotSchema,
  type Job,
} from '@supfleet/protocol';
import {
  applyFleetDelta,
  fleetFromSnapshot,
  rememberJob,
  type FleetDelta,
  type FleetState,
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

export type DeltaEvent = FleetDelta['type'];

/** A snapshot asked for and not received within this time may be asked for again. */
export const SNAPSHOT_RETRY_MS = 5_000;

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

  constructor(
    private readonly queryClient: QueryClient,
    private readonly requestSnapshot: () => void,
    private readonly now: () => number = Date.now,
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
    this.queryClient.setQueryData<FleetState>(FLEET_QUERY_KEY, fleetFromSnapshot(parsed.data));
    this.#setStatus({ state: 'live', reason: null, dataError: null, dataAsOf: null });
  }

  deltaReceived(type: DeltaEvent, payload: unknown, sequence: unknown): void {
    const delta = parseDelta(type, payload, sequence);
    if (!delta) {
      console.error(`supfleet: unreadable ${type} event`, payload, sequence);
      this.#askForSnapshot(false);
      return;
    }
    const current = this.queryClient.getQueryData<FleetState>(FLEET_QUERY_KEY);
    // Before the first snapshot there is nothing to patch; the snapshot will contain it.
    if (!current) return;
    const { state, gap } = applyFleetDelta(current, delta);
    if (state !== current) this.queryClient.setQueryData<FleetState>(FLEET_QUERY_KEY, state);
    if (gap) this.#askForSnapshot(false);
  }

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

function parseDelta(type: DeltaEvent, payload: unknown, sequence: unknown): FleetDelta | null {
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
