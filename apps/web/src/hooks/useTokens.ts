import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createToken, fetchTokens, revokeToken } from '../api/tokens';

export const TOKENS_QUERY_KEY = ['admin', 'tokens'] as const;

/** The API tokens (admin only): list, create (the answer holds the secret), revoke. */
export function useTokens() {
  const queryClient = useQueryClient();
  const onSettled = () => queryClient.invalidateQueries({ queryKey: TOKENS_QUERY_KEY });
  const list = useQuery({ queryKey: TOKENS_QUERY_KEY, queryFn: ({ signal }) => fetchTokens(signal) });
  const create = useMutation({ mutationFn: createToken, onSettled });
  const revoke = useMutation({ mutationFn: revokeToken, onSettled });
  return { list, create, revoke };
}
