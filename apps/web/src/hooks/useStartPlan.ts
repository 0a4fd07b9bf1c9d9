import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { Application, Process, StartingStrategy, StartPlan } from '@supfleet/protocol';
import { fetchStartPlan } from '../api/fetch-start-plan';

/**
 * The plan the next start (or restart) of the application would follow, asked again whenever
 * what it depends on changes: the application's state and job, and where its processes run or
 * are disabled.
 */
export function useStartPlan(
  application: Application,
  processes: readonly Process[],
  action: 'start' | 'restart',
  /** The strategy chosen on the page; the rules' when undefined. */
  strategy?: StartingStrategy,
): UseQueryResult<StartPlan> {
  const facts = processes
    .map((p) => `${p.namespec}:${p.state}:${p.runningOn.join(',')}:${(p.disabledOn ?? []).join(',')}`)
    .join(' ');
  return useQuery({
    queryKey: ['plan', application.name, action, strategy, application.state, application.jobId, facts],
    queryFn: ({ signal }) => fetchStartPlan(application.name, action, signal, strategy),
    enabled: application.managed,
    staleTime: 0,
    retry: false,
  });
}
