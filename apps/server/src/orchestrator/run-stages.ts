import type { Job, JobRank, StartingFailureStrategy } from '@supfleet/protocol';
import type { PlannedStage } from './planned-stage';
import { applicationStages } from './planned-stage';
import { startProcessStep, stopProcessStep, type StepContext, type StepResult } from './process-steps';

export function jobRank({ phase, stage, application }: PlannedStage): JobRank {
  return {
    phase,
    rank: stage.rank,
    application,
    processes: stage.processes.map((p) => ({
      namespec: p.namespec,
      instance: null,
      step: 'pending',
      message: null,
    })),
  };
}

/** How the stages report their progress: each call is one transition of the job. */
export interface StageProgress {
  stageStarted(index: number): void;
  /** Stages inserted after `index` (a STOP strategy); the job's ranks mirror `stages`. */
  stagesAdded(index: number, ranks: JobRank[]): void;
}

/**
 * Runs the stages of a job in order, every process of a stage at once, and applies the starting
 * failure strategy of SPEC section 6 to each application of the job. The job's ranks mirror
 * `stages` (stages added by a STOP strategy are added to both). Returns the failures, in words.
 */
export async function runStages(
  target: Job['target'],
  stages: PlannedStage[],
  context: StepContext,
  progress: StageProgress,
  instance?: string,
): Promise<string[]> {
  const failures: string[] = [];
  /** Applications whose start was given up (ABORT or STOP): their later start stages are skipped. */
  const givenUp = new Set<string>();
  /** Where the job placed each process: a SINGLE_INSTANCE / SINGLE_NODE application stays together. */
  const placed: Record<string, string> = {};
  for (let index = 0; index < stages.length; index++) {
    if (context.signal.aborted) break;
    const planned = stages[index]!;
    if (planned.phase === 'start' && givenUp.has(planned.application)) continue;
    progress.stageStarted(index);
    const pendingLoad: Record<string, number> = {};
    const results = await Promise.all(
      planned.stage.processes.map(async (p): Promise<[string, StepResult]> => [
        p.namespec,
        planned.phase === 'stop'
          ? await stopProcessStep(context, p.namespec, planned.instances)
          : await startProcessStep(
              context,
              { ...p, strategy: planned.strategy, instance },
              pendingLoad,
              placed,
            ),
      ]),
    );
    const failed = results.flatMap(([namespec, result]) =>
      result.ok ? [] : [{ namespec, reason: result.reason }],
    );
    failures.push(...failed.map(({ namespec, reason }) => `${namespec}: ${reason}`));
    if (
      planned.phase !== 'start' ||
      failed.length === 0 ||
      target.type === 'process' ||
      context.signal.aborted
    )
      continue;

    const strategy = startingFailureStrategy(
      context,
      failed.map((f) => f.namespec),
    );
    if (strategy === 'CONTINUE') continue;
    givenUp.add(planned.application);
    if (strategy === 'ABORT') {
      failures.push(
        `${planned.application}: a required process failed to start, later ranks not started (ABORT)`,
      );
      continue;
    }
    failures.push(`${planned.application}: a required process failed to start, application stopped (STOP)`);
    const stops = applicationStages(context.store.state, planned.application, ['stop'], planned.strategy);
    stages.splice(index + 1, 0, ...stops);
    progress.stagesAdded(index, stops.map(jobRank));
  }
  return failures;
}

/**
 * Only a required process's failure matters (SPEC section 6); STOP wins over ABORT, which wins
 * over CONTINUE, so the most careful strategy of the failed processes applies.
 */
function startingFailureStrategy(context: StepContext, failed: string[]): StartingFailureStrategy {
  const strategies = failed
    .map((namespec) => context.store.state.processes[namespec]?.rules)
    .filter((rules) => rules?.required === true)
    .map((rules) => rules!.startingFailureStrategy);
  if (strategies.includes('STOP')) return 'STOP';
  if (strategies.includes('ABORT')) return 'ABORT';
  return 'CONTINUE';
}
