import type { Job } from '@supfleet/protocol';
import type { FleetStore } from '../fleet-store';

/** Resolves with the job once it has ended (succeeded, failed or cancelled), as the store announces it. */
export function jobEnded(store: FleetStore, jobId: string): Promise<Job> {
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
