import type { Application, Instance, Process } from './fleet';
import type { Job } from './jobs';
import type { Snapshot } from './api';
import type { InstanceStats } from './stats';

/** Server to client socket.io events: a snapshot on connect, then deltas. */
export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  'instance:updated': (instance: Instance, sequence: number) => void;
  'application:updated': (application: Application, sequence: number) => void;
  'process:updated': (process: Process, sequence: number) => void;
  /** A process no instance defines any more (after a supervisord reload). */
  'process:removed': (namespec: string, sequence: number) => void;
  /** An application no instance defines any more. */
  'application:removed': (name: string, sequence: number) => void;
  'job:updated': (job: Job, sequence: number) => void;
  /**
   * An agent's heartbeat brought new statistics. Not a delta of the fleet state: no sequence
   * number, and a missed one is simply replaced by the next.
   */
  'stats:updated': (stats: InstanceStats) => void;
}

/** Client to server events. */
export interface ClientToServerEvents {
  /** Ask for a fresh snapshot (after a detected gap in sequence numbers). */
  'snapshot:request': () => void;
}

/** Every delta event, in the order of the table in docs/events.md. */
export const DELTA_EVENTS = [
  'instance:updated',
  'application:updated',
  'process:updated',
  'process:removed',
  'application:removed',
  'job:updated',
] as const satisfies readonly (keyof ServerToClientEvents)[];
export type DeltaEventName = (typeof DELTA_EVENTS)[number];
