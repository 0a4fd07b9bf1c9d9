import type { Job } from '@supfleet/protocol';
import type { Clock } from '../clock/clock';
import { jobsCreated, jobsEnded, type FleetChange } from '../fleet-change';
import type { FleetModel } from '../fleet-model';
import type { Logger } from './logger';

/**
 * One child logger per job (`job`, `kind`, `target` on every line): its start, and its end with
 * result and duration. It listens to the store, so the orchestrator knows nothing of logging.
 */
export function logJobs(store: FleetModel, logger: Logger, clock: Clock): () => void {
  const logOf = (job: Job) =>
    logger.child({ job: job.id, kind: job.kind, target: `${job.target.type}:${job.target.name}` });
  const onChange = (change: FleetChange) => {
    // Logged by the replica that runs it; a follower's mirror of it is no second start.
    if (change.mirrored) return;
    for (const job of jobsCreated(change)) {
      if (job.state === 'running')
        logOf(job).info(
          { strategy: job.strategy, ...(job.cause ? { cause: job.cause } : {}) },
          'job started',
        );
    }
    for (const job of jobsEnded(change)) {
      // A job first seen already over was never said to start: nor is its end.
      if (!change.before.jobs.has(job.id)) continue;
      const ms = (job.endedAt ?? clock.now()) - job.createdAt;
      if (job.state === 'succeeded') logOf(job).info({ state: job.state, ms }, 'job ended');
      else logOf(job).warn({ state: job.state, ms, error: job.error }, 'job ended');
    }
  };
  store.on('change', onChange);
  return () => store.off('change', onChange);
}
