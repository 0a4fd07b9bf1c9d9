import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import type { Job, StartingStrategy } from '@supfleet/protocol';
import { postApplicationAction, type ApplicationAction } from '../api/post-action';
import { reportTo } from '../lib/action-results';
import { useFleetConnection } from './useFleetConnection';

export interface ApplicationActionRequest {
  action: ApplicationAction;
  /** For a start or restart: the strategy chosen on the page; the rules' one when absent. */
  strategy?: StartingStrategy;
}

/** Start, stop or restart an application; the job it answers with shows at once, its result in the footer. */
export function useApplicationAction(name: string): UseMutationResult<Job, Error, ApplicationActionRequest> {
  const connection = useFleetConnection();
  const report = reportTo(({ action, strategy }: ApplicationActionRequest) =>
    strategy === undefined || action === 'stop' ? `${action} ${name}` : `${action} ${name} (${strategy})`,
  );
  return useMutation({
    mutationFn: ({ action, strategy }: ApplicationActionRequest) =>
      postApplicationAction(name, action, action === 'stop' ? undefined : strategy),
    onSuccess: (job, variables) => {
      connection.jobAccepted(job);
      report.onSuccess(job, variables);
    },
    onError: report.onError,
  });
}
