import type { StartingStrategy } from '@supfleet/protocol';
import {
  planApplicationStart,
  planApplicationStop,
  planStartAll,
  planStopAll,
  type FleetState,
  type Stage,
} from '@supfleet/core';

/** A stage of a job as it runs: what to do to which processes of which application. */
export interface PlannedStage {
  phase: 'stop' | 'start';
  stage: Stage;
  application: string;
  /** How instances are chosen for the starts of this stage. */
  strategy: StartingStrategy;
  /** Stop only on these instances (ending a conflict), instead of everywhere the process runs. */
  instances?: string[];
}

/** The stages of one application's start, stop or restart (SPEC section 6). */
export function applicationStages(
  state: FleetState,
  application: string,
  phases: readonly ('stop' | 'start')[],
  strategy: StartingStrategy,
): PlannedStage[] {
  return phases.flatMap((phase) =>
    (phase === 'stop'
      ? planApplicationStop(state, application)
      : planApplicationStart(state, application)
    ).map((stage): PlannedStage => ({ phase, stage, application, strategy })),
  );
}

/**
 * Start / stop all (SPEC section 6): applications by ascending start_sequence (> 0) or descending
 * stop_sequence. Applications of one rank run one after another, in name order: a job advances one
 * stage at a time, which keeps its progress readable and its failures attributable.
 */
export function allStages(
  state: FleetState,
  phases: readonly ('stop' | 'start')[],
  strategyOf: (application: string) => StartingStrategy,
): PlannedStage[] {
  return phases.flatMap((phase) =>
    (phase === 'stop' ? planStopAll(state) : planStartAll(state)).flatMap(({ applications }) =>
      applications.flatMap((application) =>
        applicationStages(state, application, [phase], strategyOf(application)),
      ),
    ),
  );
}
