import type { Job } from '@supfleet/protocol';
import { jobReducer } from '@supfleet/core';
import type { Clock } from '../clock/clock';
import type { FleetModel } from '../fleet-model';
import { INTERRUPTED_REASON, type Orchestrator } from '../orchestrator/orchestrator';
import type { JobsRepository } from '../store/jobs';

/**
 * On taking the lead: a job the database says is running, and that this replica does not run,
 * was left by the previous leader (or by this service's previous run; on a follower, one it
 * mirrored): it is over. Say so, never run it again; and number new jobs after every job ever
 * saved. `saved` is told of each job ended so (the followers read it).
 */
export async function endLeftJobs(deps: {
  jobs: JobsRepository;
  orchestrator: Orchestrator;
  store: FleetModel;
  clock: Clock;
  saved: (job: Job) => void;
}): Promise<void> {
  const { jobs, orchestrator, store, clock } = deps;
  orchestrator.numberFrom(await jobs.lastNumber());
  const left = (await jobs.running()).filter((job) => !orchestrator.runs(job.id));
  const ended = left.map((job) =>
    jobReducer(job, {
      type: 'job:ended',
      id: job.id,
      at: clock.now(),
      state: 'interrupted',
      failures: [INTERRUPTED_REASON],
    }),
  );
  for (const job of ended) {
    await jobs.save(job);
    deps.saved(job);
  }
  store.restoreJobs(ended.filter((job) => store.job(job.id) === undefined));
  // A mirrored one frees its applications, and the pages hear that it ended.
  for (const job of ended) if (store.job(job.id)) store.mirrorJob(job, []);
}
