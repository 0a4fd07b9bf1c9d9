import type { ApplicationState, InstanceState } from '@supfleet/protocol';

/** The Supvisors API this endpoint follows (`supvisors.get_api_version`). */
export const SUPVISORS_API_VERSION = '0.19';

/** Supvisors 0.19 enumerations, in value order: an entry's index is its statecode. */
export const SUPVISORS_STATES = [
  'OFF',
  'SYNCHRONIZATION',
  'ELECTION',
  'DISTRIBUTION',
  'OPERATION',
  'CONCILIATION',
  'RESTARTING',
  'SHUTTING_DOWN',
  'FINAL',
] as const;
export type SupvisorsState = (typeof SUPVISORS_STATES)[number];

export const SUPVISORS_INSTANCE_STATES = [
  'STOPPED',
  'CHECKING',
  'CHECKED',
  'RUNNING',
  'FAILED',
  'ISOLATED',
] as const;
export type SupvisorsInstanceState = (typeof SUPVISORS_INSTANCE_STATES)[number];

export const SUPVISORS_APPLICATION_STATES = [
  'STOPPED',
  'STARTING',
  'RUNNING',
  'STOPPING',
] as const satisfies readonly ApplicationState[];

/**
 * supfleet's instance states in Supvisors' words: an instance never reached, or no longer
 * answering, is what Supvisors 0.19 calls STOPPED (its FAILED and ISOLATED have no equivalent here).
 */
export const INSTANCE_STATE_OF: Record<InstanceState, SupvisorsInstanceState> = {
  UNKNOWN: 'STOPPED',
  CHECKING: 'CHECKING',
  RUNNING: 'RUNNING',
  SILENT: 'STOPPED',
};

export function codeOf<T extends string>(names: readonly T[], name: T): number {
  return names.indexOf(name);
}
