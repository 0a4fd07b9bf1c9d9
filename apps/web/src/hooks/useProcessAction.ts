import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import type { Job } from '@supfleet/protocol';
import { postProcessAction, type ProcessAction } from '../api/post-action';
import { useFleetConnection } from './useFleetConnection';

export interface ProcessActionRequest {
  namespec: string;
  action: ProcessAction;
}

/** Start or stop one process; the job it answers with shows at once. */
export function useProcessAction(): UseMutationResult<Job, Error, ProcessActionRequest> {
  const connection = useFleetConnection();
  return useMutation({
    mutationFn: ({ namespec, action }: ProcessActionRequest) => postProcessAction(namespec, action),
    onSuccess: (job) => connection.jobAccepted(job),
  });
}
