import { Link, NavLink } from 'react-router-dom';
import { useCan } from '../hooks/useCan';
import { ConnectionIndicator } from './ConnectionIndicator';
import { SessionMenu } from './SessionMenu';

/** The admin pages, shown to admins only (the server refuses the others anyway). */
const ADMIN_LINKS = [
  { to: '/users', text: 'Users' },
  { to: '/tokens', text: 'Tokens' },
  { to: '/audit', text: 'Audit' },
] as const;

export function Header() {
  const admin = useCan('admin').allowed;
  return (
    <header className="header">
      <Link to="/" className="brand">
        <img src="/logo.svg" alt="" width={28} height={28} />
        <span>supfleet</span>
      </Link>
      {admin && (
        <nav className="nav" aria-label="Administration">
          {ADMIN_LINKS.map(({ to, text }) => (
            <NavLink key={to} to={to} className="nav__link">
              {text}
            </NavLink>
          ))}
        </nav>
      )}
      <div className="header__end">
        <ConnectionIndicator />
        <SessionMenu />
      </div>
    </header>
  );
}
