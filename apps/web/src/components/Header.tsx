import { Link, NavLink } from 'react-router-dom';
import { ConnectionIndicator } from './ConnectionIndicator';

export function Header() {
  return (
    <header className="header">
      <Link to="/" className="brand">
        <img src="/logo.svg" alt="" width={28} height={28} />
        <span>supfleet</span>
      </Link>
      <NavLink to="/history" className="header-link">
        History
      </NavLink>
      <ConnectionIndicator />
    </header>
  );
}
