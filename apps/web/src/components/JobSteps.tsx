import type { Job } from '@supfleet/protocol';
import { programName, STEP_LABELS } from '../lib/job-progress';

/** Every stage of a job and where each of its processes stands. */
export function JobSteps({ job }: { job: Job }) {
  return (
    <ol className="job-steps">
      {job.ranks.map((rank, index) => {
        const ofPhase = job.ranks.filter((r) => r.phase === rank.phase);
        const current = job.state === 'running' && index === job.current;
        return (
          <li key={`${rank.phase}-${rank.rank}-${index}`} className={current ? 'job-steps__rank--current' : undefined}>
            <span className="job-steps__title">
              {rank.phase === 'start' ? 'Start' : 'Stop'} rank {ofPhase.indexOf(rank) + 1} of {ofPhase.length}
            </span>
            <ul>
              {rank.processes.map((p) => (
                <li key={p.namespec} data-namespec={p.namespec} data-step={p.step} className={`step step--${p.step}`}>
                  <span className="step__name">{programName(p.namespec)}</span>
                  {p.instance && <span className="muted"> on {p.instance}</span>}
                  {': '}
                  <span className="step__label">{STEP_LABELS[p.step]}</span>
                  {p.message && <span className="muted"> — {p.message}</span>}
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}
