import { useLogout } from '../hooks/useLogout';
import { useSession } from '../hooks/useSession';

/** Who is logged in and with what role, and the way out. */
export function SessionMenu() {
  const session = useSession().data;
  const logout = useLogout();
  if (!session) return null;
  // Only a session cookie can be ended; basic credentials and tokens live in the client.
  const canLogOut = session.via === 'session';
  return (
    <div className="session" aria-label="Logged in" role="group">
      <span className="session__user" data-username={session.username}>
        {session.via === 'local' ? 'local access' : session.username}
      </span>
      <span className={`role role--${session.role}`} title={roleTitle(session.via)}>
        {session.role}
      </span>
      {canLogOut && (
        <button
          type="button"
          className="button button--small"
          disabled={logout.isPending}
          onClick={() => logout.mutate()}
        >
          Log out
        </button>
      )}
      {logout.isError && (
        <span role="alert" className="error-text">
          Could not log out: {logout.error.message}
        </span>
      )}
    </div>
  );
}

function roleTitle(via: string): string | undefined {
  return via === 'local' ? 'No user is defined: every request from this machine acts as admin' : undefined;
}
