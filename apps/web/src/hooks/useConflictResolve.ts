import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import type { Job } from '@supfleet/protocol';
import { postConflictResolve } from '../api/post-action';
import { reportTo } from '../lib/action-results';
import { useFleetConnection } from './useFleetConnection';

export interface ConflictResolveRequest {
  namespec: string;
  /** The instance where the process keeps running; it stops everywhere else. */
  keep: string;
}

/** Ends a conflict by hand (conciliation strategy USER); the stop job shows at once. */
export function useConflictResolve(): UseMutationResult<Job, Error, ConflictResolveRequest> {
  const connection = useFleetConnection();
  const report = reportTo(({ namespec, keep }: ConflictResolveRequest) => `keep ${namespec} on ${keep} only`);
  return useMutation({
    mutationFn: ({ namespec, keep }: ConflictResolveRequest) => postConflictResolve(namespec, keep),
    onSuccess: (job, variables) => {
      connection.jobAccepted(job);
      report.onSuccess(job, variables);
    },
    onError: report.onError,
  });
}
