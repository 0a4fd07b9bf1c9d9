import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { SessionInfo } from '@supfleet/protocol';
import { fetchSession } from '../api/session';
import { SESSION_QUERY_KEY } from '../api/session-query';

/** Who is logged in (null: nobody, the page shows the login). Asked again on focus after a while. */
export function useSession(): UseQueryResult<SessionInfo | null> {
  return useQuery({
    queryKey: SESSION_QUERY_KEY,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: 30_000,
  });
}
