import type { Job, JobRank, JobStep } from '@supfleet/protocol';
import { formatClock } from '../lib/format-clock';
import { programName, STEP_LABELS } from '../lib/job-progress';

interface JobStepsProps {
  job: Job;
  /** While the job runs, only the current stage lists its processes; the others are counted. */
  compact: boolean;
}

/** Every stage of a job and where each of its processes stands. */
export function JobSteps({ job, compact }: JobStepsProps) {
  return (
    <ol className="job-steps">
      {job.ranks.map((rank, index) => {
        const ofPhase = job.ranks.filter((r) => r.phase === rank.phase);
        const current = job.state === 'running' && index === job.current;
        const title = `${rank.phase === 'start' ? 'Start' : 'Stop'} rank ${ofPhase.indexOf(rank) + 1} of ${ofPhase.length}`;
        return (
          <li
            key={`${rank.phase}-${rank.rank}-${index}`}
            className={current ? 'job-steps__rank--current' : undefined}
          >
            <span className="job-steps__title">{title}</span>
            {compact && !current ? (
              <span className="muted"> — {stepCounts(rank)}</span>
            ) : (
              <ul>
                {rank.processes.map((p) => (
                  <li
                    key={p.namespec}
                    data-namespec={p.namespec}
                    data-step={p.step}
                    className={`step step--${p.step}`}
                  >
                    <span className="step__name">{programName(p.namespec)}</span>
                    {p.instance && <span className="muted"> on {p.instance}</span>}
                    {': '}
                    <span className="step__label">{STEP_LABELS[p.step]}</span>
                    {p.message && <span className="muted"> — {p.message}</span>}
                    {p.waitingFor && p.since != null && (
                      <span className="step__wait muted">
                        {' '}
                        — waits for {p.waitingFor} since {formatClock(p.since)}
                        {p.deadline != null && `, gives up at ${formatClock(p.deadline)}`}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** `9 stopped`, `2 running, 1 failed`: a stage in a few words. */
function stepCounts(rank: JobRank): string {
  if (rank.processes.length === 0) return 'no process';
  const counts = new Map<JobStep, number>();
  for (const p of rank.processes) counts.set(p.step, (counts.get(p.step) ?? 0) + 1);
  return [...counts].map(([step, count]) => `${count} ${STEP_LABELS[step]}`).join(', ');
}
