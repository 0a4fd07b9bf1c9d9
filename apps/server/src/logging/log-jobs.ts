import type { Job } from '@supfleet/protocol';
import type { FleetModel } from '../fleet-model';
import type { Logger } from './logger';

/**
 * One child logger per job (`job`, `kind`, `target` on every line): its start, and its end with
 * result and duration. It listens to the store, so the orchestrator knows nothing of logging.
 */
export function logJobs(store: FleetModel, logger: Logger): () => void {
  const running = new Map<string, Logger>();
  const onJob = (job: Job) => {
    let log = running.get(job.id);
    if (!log) {
      if (job.state !== 'running') return;
      log = logger.child({ job: job.id, kind: job.kind, target: `${job.target.type}:${job.target.name}` });
      running.set(job.id, log);
      log.info({ strategy: job.strategy, ...(job.cause ? { cause: job.cause } : {}) }, 'job started');
      return;
    }
    if (job.state === 'running') return;
    running.delete(job.id);
    const ms = (job.endedAt ?? Date.now()) - job.createdAt;
    if (job.state === 'succeeded') log.info({ state: job.state, ms }, 'job ended');
    else log.warn({ state: job.state, ms, error: job.error }, 'job ended');
  };
  store.on('job:updated', onJob);
  return () => store.off('job:updated', onJob);
}
