import { useEffect, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router-dom';
import { recheckSession, sessionCheckDelay } from '../api/session-query';
import { useLiveLink } from '../hooks/useLiveLink';
import { useSession } from '../hooks/useSession';
import { loginPath } from '../lib/return-path';

/**
 * The pages behind a login: sends to the login page (remembering where the user was) when nobody
 * is logged in, and keeps the live connection open while someone is. On loopback with no user
 * defined the server answers `via: 'local'`, and no login ever shows.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const link = useLiveLink();
  const who = session.data ? `${session.data.username} ${session.data.role}` : null;
  const expiresAt = session.data?.expiresAt ?? null;
  const queryClient = useQueryClient();

  useEffect(() => {
    if (who === null) return;
    link.open();
    // A new user gets a connection of their own, authenticated as them.
    return () => link.close();
  }, [who, link]);

  useEffect(() => {
    if (expiresAt === null) return;
    // When the cookie expires the page goes to the login by itself, not at the next click.
    const timer = setTimeout(() => recheckSession(queryClient), sessionCheckDelay(expiresAt, Date.now()));
    return () => clearTimeout(timer);
  }, [expiresAt, queryClient]);

  if (session.isPending) return <p className="muted waiting">Checking who is logged in…</p>;
  if (session.isError && session.data === undefined) {
    return (
      <main className="main">
        <title>supfleet</title>
        <p role="alert" className="alert">
          Cannot tell who is logged in: {session.error.message}
        </p>
        <button type="button" className="button" onClick={() => void session.refetch()}>
          Try again
        </button>
      </main>
    );
  }
  if (!session.data) return <Navigate to={loginPath(location)} replace />;
  return children;
}
