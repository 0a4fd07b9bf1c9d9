import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '@supfleet/protocol';
import { createUser, fetchUsers, removeUser, updateUser } from '../api/users';

export const USERS_QUERY_KEY = ['admin', 'users'] as const;

/** The users (admin only), and what an admin does with them; each change reloads the list. */
export function useUsers() {
  const queryClient = useQueryClient();
  const onSettled = () => queryClient.invalidateQueries({ queryKey: USERS_QUERY_KEY });
  const list = useQuery({ queryKey: USERS_QUERY_KEY, queryFn: ({ signal }) => fetchUsers(signal) });
  const add = useMutation({ mutationFn: createUser, onSettled });
  const update = useMutation({
    mutationFn: ({ username, ...change }: { username: string; role?: Role; password?: string }) =>
      updateUser(username, change),
    onSettled,
  });
  const remove = useMutation({ mutationFn: removeUser, onSettled });
  return { list, add, update, remove };
}
