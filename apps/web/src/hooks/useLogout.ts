import { useMutation, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import { deleteSession } from '../api/session';
import { SESSION_QUERY_KEY } from '../api/session-query';

/**
 * Logs out. Nobody is logged in afterwards: the guard closes the live connection and shows the
 * login page, which brings the next user back to this page; the admin pages' answers are dropped
 * so that the next user does not see them.
 */
export function useLogout(): UseMutationResult<void, Error, void> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteSession,
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] === 'admin' });
      queryClient.setQueryData(SESSION_QUERY_KEY, null);
    },
  });
}
