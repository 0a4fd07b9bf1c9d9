import { Link, NavLink } from 'react-router-dom';
import { useCan } from '../hooks/useCan';
import { ConnectionIndicator } from './ConnectionIndicator';
import { ReplicaBadge } from './ReplicaBadge';
import { SessionMenu } from './SessionMenu';
import { ThemeSwitch } from './ThemeSwitch';
import './header.css';

/** The admin pages, shown to admins only (the server refuses the others anyway). */
const ADMIN_LINKS = [
  { to: '/users', text: 'Users' },
  { to: '/tokens', text: 'Tokens' },
  { to: '/audit', text: 'Audit' },
] as const;

interface HeaderProps {
  /** The side menu the Menu button shows on a narrow screen. */
  menuId: string;
  menuOpen: boolean;
  onMenu: () => void;
}

export function Header({ menuId, menuOpen, onMenu }: HeaderProps) {
  const admin = useCan('admin').allowed;
  return (
    <header className="header">
      <button
        type="button"
        className="button button--small header__menu"
        aria-expanded={menuOpen}
        aria-controls={menuId}
        onClick={onMenu}
      >
        <span aria-hidden="true">☰</span> Menu
      </button>
      <Link to="/" className="brand">
        <img src="/logo.svg" alt="" width={28} height={28} />
        <span>supfleet</span>
      </Link>
      <div className="header__pages">
        <NavLink to="/history" className="nav__link">
          History
        </NavLink>
        {admin && (
          <nav className="nav" aria-label="Administration">
            {ADMIN_LINKS.map(({ to, text }) => (
              <NavLink key={to} to={to} className="nav__link">
                {text}
              </NavLink>
            ))}
          </nav>
        )}
      </div>
      <div className="header__end">
        <ConnectionIndicator />
        <ReplicaBadge />
        <ThemeSwitch />
        <SessionMenu />
      </div>
    </header>
  );
}
