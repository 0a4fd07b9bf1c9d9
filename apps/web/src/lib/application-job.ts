import type { Application, Job } from '@supfleet/protocol';

/** How long the result of an ended job stays on the application page. */
export const JOB_RESULT_VISIBLE_MS = 60_000;

/** Whether a job acts on the application: on it, on one of its processes, or on all of them. */
export function jobConcernsApplication(job: Job, application: string): boolean {
  const prefix = `${application}:`;
  switch (job.target.type) {
    case 'application':
      return job.target.name === application;
    case 'process':
      return job.target.name.startsWith(prefix);
    case 'all':
      return job.ranks.some((rank) => rank.processes.some((p) => p.namespec.startsWith(prefix)));
  }
}

/**
 * The job the application page shows: the one the server says runs on the application, else
 * the latest running one concerning it, else the latest that ended less than
 * `JOB_RESULT_VISIBLE_MS` ago (`nowMs` in the server's epoch ms).
 */
export function applicationJob(application: Application, jobs: readonly Job[], nowMs: number): Job | null {
  if (application.jobId !== null) {
    const job = jobs.find((j) => j.id === application.jobId);
    if (job) return job;
  }
  const concerning = jobs.filter((j) => jobConcernsApplication(j, application.name));
  const running = latest(
    concerning.filter((j) => j.state === 'running'),
    (j) => j.createdAt,
  );
  if (running) return running;
  const recent = concerning.filter((j) => j.endedAt !== null && nowMs - j.endedAt < JOB_RESULT_VISIBLE_MS);
  return latest(recent, (j) => j.endedAt ?? 0);
}

function latest(jobs: readonly Job[], time: (job: Job) => number): Job | null {
  let best: Job | null = null;
  for (const job of jobs) if (!best || time(job) >= time(best)) best = job;
  return best;
}
