import type { Application, Instance, Process } from './fleet';
import type { Job } from './jobs';
import type { ServiceStatus, Snapshot } from './api';
import type { HistoryEntry } from './history';
import type { InstanceStats } from './stats';

/** Server to client socket.io events: a snapshot on connect, then deltas. */
export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  'instance:updated': (instance: Instance, sequence: number) => void;
  /** An instance a reload of the [supfleet] section removed. */
  'instance:removed': (id: string, sequence: number) => void;
  'application:updated': (application: Application, sequence: number) => void;
  'process:updated': (process: Process, sequence: number) => void;
  /** A process no instance defines any more (after a supervisord reload). */
  'process:removed': (namespec: string, sequence: number) => void;
  /** An application no instance defines any more. */
  'application:removed': (name: string, sequence: number) => void;
  'job:updated': (job: Job, sequence: number) => void;
  /** The service's own status changed (a reload, valid or not; this replica leads or follows, the leader changed). */
  'service:updated': (status: ServiceStatus, sequence: number) => void;
  /** A new entry of the history (not a delta of the snapshot: it carries no sequence number). */
  'history:entry': (entry: HistoryEntry) => void;
  /**
   * An agent's heartbeat brought new statistics. Not a delta of the fleet state: no sequence
   * number, and a missed one is simply replaced by the next.
   */
  'stats:updated': (stats: InstanceStats) => void;
  /**
   * For a client that connected with `query: { deltas: 'batch' }`, instead of the delta events:
   * all the deltas of one turn of the server's event loop, in order, each as the event alone
   * would have carried it (docs/events.md).
   */
  deltas: (deltas: BatchedDelta[]) => void;
}

/** One delta of a `deltas` batch: the event's name, then its arguments (payload, sequence). */
export type BatchedDelta = {
  [E in DeltaEventName]: [E, ...Parameters<ServerToClientEvents[E]>];
}[DeltaEventName];

/** The handshake query by which a client asks for `deltas` batches. */
export const BATCHED_DELTAS_QUERY = { deltas: 'batch' } as const;

/** Client to server events. */
export interface ClientToServerEvents {
  /** Ask for a fresh snapshot (after a detected gap in sequence numbers). */
  'snapshot:request': () => void;
}

/** Every delta event, in the order of the table in docs/events.md. */
export const DELTA_EVENTS = [
  'instance:updated',
  'instance:removed',
  'application:updated',
  'process:updated',
  'process:removed',
  'application:removed',
  'job:updated',
  'service:updated',
] as const satisfies readonly (keyof ServerToClientEvents)[];
export type DeltaEventName = (typeof DELTA_EVENTS)[number];
