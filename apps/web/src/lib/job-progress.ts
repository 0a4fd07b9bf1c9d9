import type { Job, JobProcess, JobStep } from '@supfleet/protocol';

const KIND_LABELS: Record<Job['kind'], string> = { start: 'Start', stop: 'Stop', restart: 'Restart' };

export const STEP_LABELS: Record<JobStep, string> = {
  pending: 'pending',
  starting: 'starting',
  'waiting-exit': 'waiting for exit',
  running: 'running',
  exited: 'exited',
  stopping: 'stopping',
  stopped: 'stopped',
  skipped: 'skipped',
  failed: 'failed',
};

/** What the job does, from the application page's point of view: `Restart`, `Stop scen1:scen1_hci`. */
export function jobTitle(job: Job): string {
  const kind = KIND_LABELS[job.kind];
  switch (job.target.type) {
    case 'application':
      return kind;
    case 'process':
      return `${kind} ${job.target.name}`;
    case 'all':
      return `${kind} all`;
  }
}

/** The program name of a namespec, as the sentences name processes: `scen1:scen1_hci` → `scen1_hci`. */
export function programName(namespec: string): string {
  const colon = namespec.indexOf(':');
  return colon === -1 ? namespec : namespec.slice(colon + 1);
}

/**
 * One sentence for where a job stands, e.g.
 * `Restart: starting rank 1 of 2 — waiting for scen1_wait_nfs_mount_1, scen1_wait_nfs_mount_2 to exit`;
 * once it has ended, its result.
 */
export function jobProgressSentence(job: Job): string {
  if (job.state !== 'running') return jobResultSentence(job);
  const title = jobTitle(job);
  const rank = job.current === null ? undefined : job.ranks[job.current];
  if (!rank) return `${title}: preparing`;
  const ranksOfPhase = job.ranks.filter((r) => r.phase === rank.phase);
  const verb = rank.phase === 'start' ? 'starting' : 'stopping';
  const base = `${title}: ${verb} rank ${ranksOfPhase.indexOf(rank) + 1} of ${ranksOfPhase.length}`;
  const waits = [
    waitingClause(rank.processes, 'starting', 'start'),
    waitingClause(rank.processes, 'waiting-exit', 'exit'),
    waitingClause(rank.processes, 'stopping', 'stop'),
  ].filter((clause) => clause !== null);
  return waits.length === 0 ? base : `${base} — ${waits.join('; ')}`;
}

/** `Restart succeeded`, `Restart failed: reason`, `Restart cancelled`. */
export function jobResultSentence(job: Job): string {
  const title = jobTitle(job);
  switch (job.state) {
    case 'running':
      return `${title}: running`;
    case 'succeeded':
      return `${title} succeeded`;
    case 'cancelled':
      return `${title} cancelled`;
    case 'interrupted':
      return `${title} interrupted: the service stopped while it ran${progressNote(job)}`;
    case 'failed':
      return `${title} failed: ${job.error ?? firstProcessFailure(job) ?? 'no reason given'}`;
  }
}

/** How far an interrupted job got: the processes it had brought to their goal. */
function progressNote(job: Job): string {
  const processes = job.ranks.flatMap((rank) => rank.processes);
  const done = processes.filter((p) => ['running', 'exited', 'stopped'].includes(p.step)).length;
  return ` (${done} of ${processes.length} processes done)`;
}

function waitingClause(processes: readonly JobProcess[], step: JobStep, verb: string): string | null {
  const names = processes.filter((p) => p.step === step).map((p) => programName(p.namespec));
  return names.length === 0 ? null : `waiting for ${names.join(', ')} to ${verb}`;
}

function firstProcessFailure(job: Job): string | null {
  for (const rank of job.ranks) {
    const failed = rank.processes.find((p) => p.step === 'failed');
    if (failed) return `${programName(failed.namespec)}${failed.message ? `: ${failed.message}` : ' failed'}`;
  }
  return null;
}
