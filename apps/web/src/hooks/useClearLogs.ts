import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import { deleteProcessLogs } from '../api/instance-control';
import { reportTo } from '../lib/action-results';

export interface ClearLogsRequest {
  namespec: string;
  instance?: string;
}

/** Clears a process's logs (operator); the result in the footer. */
export function useClearLogs(): UseMutationResult<void, Error, ClearLogsRequest> {
  const report = reportTo(({ namespec, instance }: ClearLogsRequest) =>
    instance === undefined ? `clear the logs of ${namespec}` : `clear the logs of ${namespec} on ${instance}`,
  );
  return useMutation({
    mutationFn: ({ namespec, instance }: ClearLogsRequest) => deleteProcessLogs(namespec, instance),
    ...report,
  });
}
