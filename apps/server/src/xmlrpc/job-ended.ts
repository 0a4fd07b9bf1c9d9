import type { Job } from '@supfleet/protocol';
import type { FleetModel } from '../fleet-model';

/** Resolves with the job once it has ended (succeeded, failed or cancelled), as the store announces it. */
export function jobEnded(store: FleetModel, jobId: string): Promise<Job> {
  return new Promise((resolve) => {
    const check = (job: Job | undefined) => {
      if (job?.id !== jobId || job.state === 'running') return;
      store.off('job:updated', check);
      resolve(job);
    };
    store.on('job:updated', check);
    // A job with nothing to do ends before its launch returns.
    check(store.job(jobId));
  });
}
