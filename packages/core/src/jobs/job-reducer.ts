import type { Job, JobPhase, JobProcess, JobRank, JobState } from '@supfleet/protocol';

/**
 * Every transition of a job is one event through here, so that one transition is one change
 * and one announcement. The orchestrator decides; the store holds the result.
 */
export type JobEvent =
  /** A job as planned: running, no stage started yet. `applications` are those it holds. */
  | { type: 'job:created'; job: Job; applications: string[] }
  | { type: 'job:stage-started'; id: string; index: number }
  /** Stages added after `index` (a STOP starting failure strategy stops the application). */
  | { type: 'job:stages-added'; id: string; index: number; ranks: JobRank[] }
  /** One process of the stage running now moved. */
  | { type: 'job:step'; id: string; namespec: string; patch: Partial<Omit<JobProcess, 'namespec'>> }
  | { type: 'job:ended'; id: string; at: number; state: Exclude<JobState, 'running'>; failures: string[] };

export function jobReducer(job: Job, event: Exclude<JobEvent, { type: 'job:created' }>): Job {
  if (job.state !== 'running') return job;
  switch (event.type) {
    case 'job:stage-started':
      return { ...job, current: event.index };
    case 'job:stages-added':
      return {
        ...job,
        ranks: [...job.ranks.slice(0, event.index + 1), ...event.ranks, ...job.ranks.slice(event.index + 1)],
      };
    case 'job:step': {
      const index = job.current;
      const rank = index === null ? undefined : job.ranks[index];
      if (index === null || !rank || !rank.processes.some((p) => p.namespec === event.namespec)) return job;
      const processes = rank.processes.map((p) =>
        p.namespec === event.namespec ? { ...p, ...event.patch } : p,
      );
      return { ...job, ranks: job.ranks.map((r, i) => (i === index ? { ...rank, processes } : r)) };
    }
    case 'job:ended':
      return {
        ...job,
        state: event.state,
        error: event.failures.length > 0 ? event.failures.join('; ') : null,
        current: event.state === 'interrupted' ? job.current : null,
        endedAt: event.at,
        ranks: job.ranks.map((rank) => ({
          ...rank,
          processes: rank.processes.map((p) =>
            p.step === 'pending' ? { ...p, step: 'skipped' as const } : p,
          ),
        })),
      };
  }
}

/**
 * What a running job does to one of its applications now (SPEC section 3): the phase of the
 * stage running if it is that application's, else of its next stage, else of its last one.
 * Null once the job has ended.
 */
export function jobPhaseOf(job: Job, application: string): JobPhase | null {
  if (job.state !== 'running') return null;
  const mine = (rank: JobRank) => rank.application === undefined || rank.application === application;
  const current = job.current === null ? undefined : job.ranks[job.current];
  if (current && mine(current)) return current.phase;
  const from = job.current ?? -1;
  const next = job.ranks.find((rank, index) => index > from && mine(rank));
  if (next) return next.phase;
  const last = job.ranks.findLast((rank, index) => index <= from && mine(rank));
  return last?.phase ?? job.ranks[0]?.phase ?? null;
}
