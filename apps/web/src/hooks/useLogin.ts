import { useMutation, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import type { LoginBody, SessionInfo } from '@supfleet/protocol';
import { postSession } from '../api/session';
import { SESSION_QUERY_KEY } from '../api/session-query';

/** Logs in; on success the page knows at once who is logged in (no second request). */
export function useLogin(): UseMutationResult<SessionInfo, Error, LoginBody> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: postSession,
    onSuccess: (session) => queryClient.setQueryData(SESSION_QUERY_KEY, session),
  });
}
