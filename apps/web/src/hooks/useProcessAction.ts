import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import type { Job } from '@supfleet/protocol';
import { postProcessAction, type ProcessAction } from '../api/post-action';
import { reportTo } from '../lib/action-results';
import { useFleetConnection } from './useFleetConnection';

export interface ProcessActionRequest {
  namespec: string;
  action: ProcessAction;
  /** Start there rather than where the strategy chooses (a start, or the start of a restart). */
  instance?: string;
}

/** Start, stop or restart one process; the job it answers with shows at once, its result in the footer. */
export function useProcessAction(): UseMutationResult<Job, Error, ProcessActionRequest> {
  const connection = useFleetConnection();
  const report = reportTo(({ namespec, action, instance }: ProcessActionRequest) =>
    instance === undefined ? `${action} ${namespec}` : `${action} ${namespec} on ${instance}`,
  );
  return useMutation({
    mutationFn: ({ namespec, action, instance }: ProcessActionRequest) =>
      postProcessAction(namespec, action, instance),
    onSuccess: (job, variables) => {
      connection.jobAccepted(job);
      report.onSuccess(job, variables);
    },
    onError: report.onError,
  });
}
