import type { Job } from '@supfleet/protocol';
import { jobsEnded, type FleetChange } from '../fleet-change';
import type { FleetModel } from '../fleet-model';

/** Resolves with the job once it has ended (succeeded, failed or cancelled), as the store announces it. */
export function jobEnded(store: FleetModel, jobId: string): Promise<Job> {
  return new Promise((resolve) => {
    const end = (job: Job | undefined) => {
      if (job?.id !== jobId || job.state === 'running') return;
      store.off('change', onChange);
      resolve(job);
    };
    const onChange = (change: FleetChange) => end(jobsEnded(change).find((job) => job.id === jobId));
    store.on('change', onChange);
    // A job with nothing to do ends before its launch returns.
    end(store.job(jobId));
  });
}
