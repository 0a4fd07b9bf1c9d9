import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import type { SupervisordControlAnswer } from '@supfleet/protocol';
import { postSupervisordControl } from '../api/instance-control';
import { reportTo } from '../lib/action-results';

type Control = SupervisordControlAnswer['action'];

/** Restart or shut down one supervisord (admin); the result in the footer. */
export function useSupervisordControl(
  instance: string,
): UseMutationResult<SupervisordControlAnswer, Error, Control> {
  const report = reportTo((action: Control) =>
    action === 'restart' ? `restart supervisord on ${instance}` : `shut down supervisord on ${instance}`,
  );
  return useMutation({
    mutationFn: (action: Control) => postSupervisordControl(instance, action),
    ...report,
  });
}
