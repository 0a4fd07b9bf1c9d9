import type { Job } from '@supfleet/protocol';

/** What the jobs kept in the database say auto_start must respect. */
export interface AutoStartIntent {
  /** A start of all ran before (auto_start's, or a person's): no second one. */
  startedAll: boolean;
  /** Applications whose last application or all job stopped them: left stopped by the repairs. */
  stopped: string[];
}

/**
 * Rebuilds auto_start's memory from the jobs saved so far (newest first), so that a new leader,
 * or the service started again, does not undo a stop a person made: the last job on each
 * application says what was meant (process jobs say nothing of the application).
 */
export function autoStartIntent(
  jobsNewestFirst: readonly Job[],
  managed: readonly string[],
): AutoStartIntent {
  const decided = new Map<string, boolean>();
  let startedAll = false;
  for (const job of jobsNewestFirst) {
    if (job.target.type === 'process') continue;
    if (job.target.type === 'all' && job.kind !== 'stop') startedAll = true;
    const names = job.target.type === 'all' ? managed : [job.target.name];
    for (const name of names) if (!decided.has(name)) decided.set(name, job.kind === 'stop');
  }
  return { startedAll, stopped: [...decided].filter(([, stopped]) => stopped).map(([name]) => name) };
}
