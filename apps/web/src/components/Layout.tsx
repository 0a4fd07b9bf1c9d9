import { Outlet } from 'react-router-dom';
import { useConnectionStatus } from '../hooks/useConnectionStatus';
import { Header } from './Header';
import { StaleBanner } from './StaleBanner';

interface LayoutProps {
  /** False for pages fed by REST requests (the admin pages): not greyed when the stream is down. */
  live?: boolean;
}

export function Layout({ live = true }: LayoutProps) {
  const { state } = useConnectionStatus();
  return (
    <>
      <Header />
      <StaleBanner />
      {/* Greyed while not live, so old figures are not taken for current ones. */}
      <main className={state === 'live' || !live ? 'main' : 'main main--stale'}>
        <Outlet />
      </main>
    </>
  );
}
