import { useId, useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router-dom';
import { useLogin } from '../hooks/useLogin';
import { useSession } from '../hooks/useSession';
import { loginFailure } from '../lib/login-failure';
import { returnPath } from '../lib/return-path';
import './login-page.css';

/** The login form; once logged in (or when no login is needed), back to the page the user was on. */
export function LoginPage() {
  const [params] = useSearchParams();
  const back = returnPath(params.get('from'));
  const session = useSession();
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const titleId = useId();
  const errorId = useId();

  if (session.data) return <Navigate to={back} replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate(
      { username, password },
      // A wrong password is typed again; the name usually was right.
      { onError: () => setPassword('') },
    );
  };
  const failure = login.isError ? loginFailure(login.error) : null;

  return (
    <main className="login">
      <title>Log in · supfleet</title>
      <form className="login__card" aria-labelledby={titleId} onSubmit={onSubmit}>
        <div className="login__brand">
          <img src="/logo.svg" alt="" width={36} height={36} />
          <h1 id={titleId}>Log in to supfleet</h1>
        </div>
        <label className="field">
          <span className="field__label">Username</span>
          <input
            className="input"
            name="username"
            autoComplete="username"
            required
            autoFocus
            value={username}
            aria-describedby={failure ? errorId : undefined}
            onChange={(event) => setUsername(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">Password</span>
          <input
            className="input"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            aria-describedby={failure ? errorId : undefined}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {failure && (
          <p id={errorId} role="alert" className="alert login__error">
            {failure}
          </p>
        )}
        <button type="submit" className="button button--primary login__submit" disabled={login.isPending}>
          {login.isPending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
