import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import type { Job } from '@supfleet/protocol';
import { postApplicationAction, type ApplicationAction } from '../api/post-action';
import { useFleetConnection } from './useFleetConnection';

/** Start, stop or restart an application; the job it answers with shows at once. */
export function useApplicationAction(name: string): UseMutationResult<Job, Error, ApplicationAction> {
  const connection = useFleetConnection();
  return useMutation({
    mutationFn: (action: ApplicationAction) => postApplicationAction(name, action),
    onSuccess: (job) => connection.jobAccepted(job),
  });
}
