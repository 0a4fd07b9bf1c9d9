import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error';

/** The react-query cache entry of who is logged in (`SessionInfo`, or null when nobody is). */
export const SESSION_QUERY_KEY = ['session'] as const;

/** Asks the server again who we are, e.g. after a 401 or a refused live connection. */
export function recheckSession(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
}

/** How long to wait before asking again when a session expires at `expiresAt` (a second after it, within setTimeout's range). */
export function sessionCheckDelay(expiresAt: number, now: number): number {
  return Math.min(Math.max(0, expiresAt - now) + 1_000, 2 ** 31 - 1);
}

/**
 * The page's query client. Any request answered 401 means the session ended (expired, logged
 * out in another tab, user removed): the session is asked for again, and the page goes to the
 * login when nobody is logged in any more.
 */
export function createPageQueryClient(): QueryClient {
  const onError = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) recheckSession(queryClient);
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        // A refusal will not change by asking again at once.
        retry: (count, error) => !(error instanceof ApiError && error.status !== null) && count < 3,
      },
    },
  });
  return queryClient;
}
