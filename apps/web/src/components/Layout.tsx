import { useEffect, useId, useState } from 'react';
import { Outlet, useLocation } from 'react-router-dom';
import { useConnectionStatus } from '../hooks/useConnectionStatus';
import { ActionFooter } from './ActionFooter';
import { Header } from './Header';
import { SideMenu } from './SideMenu';
import { StaleBanner } from './StaleBanner';
import './layout.css';

interface LayoutProps {
  /** False for pages fed by REST requests (the admin pages): not greyed when the stream is down. */
  live?: boolean;
}

/** Every page: the header, the side menu (folded away on a phone), the page, the last action's result. */
export function Layout({ live = true }: LayoutProps) {
  const { state } = useConnectionStatus();
  const menuId = useId();
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  // A new page closes the menu a phone opened over it.
  useEffect(() => setMenuOpen(false), [pathname]);
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setMenuOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [menuOpen]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to the page
      </a>
      <Header menuId={menuId} menuOpen={menuOpen} onMenu={() => setMenuOpen((open) => !open)} />
      <StaleBanner />
      <div className="shell__body">
        <SideMenu id={menuId} open={menuOpen} onNavigate={() => setMenuOpen(false)} />
        {menuOpen && <div className="shell__scrim" aria-hidden="true" onClick={() => setMenuOpen(false)} />}
        {/* Greyed while not live, so old figures are not taken for current ones. */}
        <main id="main" tabIndex={-1} className={state === 'live' || !live ? 'main' : 'main main--stale'}>
          <Outlet />
        </main>
      </div>
      <ActionFooter />
    </div>
  );
}
