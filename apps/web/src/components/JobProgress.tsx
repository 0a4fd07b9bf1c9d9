import type { Job } from '@supfleet/protocol';
import { jobProgressSentence } from '../lib/job-progress';
import { JobSteps } from './JobSteps';
import './job-progress.css';

/**
 * Where the application's job stands, then its result for a while. The live region stays in
 * the page, empty, so that screen readers announce a job as soon as one starts.
 */
export function JobProgress({ job }: { job: Job | null }) {
  return (
    <section
      role="status"
      aria-live="polite"
      aria-label="Job progress"
      className={job ? `job job--${job.state}` : 'job job--none'}
      data-job-state={job?.state}
    >
      {job && (
        <>
          <p className="job__sentence">{jobProgressSentence(job)}</p>
          {(job.actor ?? job.cause) && (
            <p className="job__origin muted">{job.actor ? `asked by ${job.actor}` : job.cause}</p>
          )}
          {job.ranks.length > 0 &&
            (job.state === 'running' ? (
              <JobSteps job={job} compact />
            ) : (
              <details>
                <summary>Steps</summary>
                <JobSteps job={job} compact={false} />
              </details>
            ))}
        </>
      )}
    </section>
  );
}
