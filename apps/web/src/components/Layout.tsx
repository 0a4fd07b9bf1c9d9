import { Outlet } from 'react-router-dom';
import { useConnectionStatus } from '../hooks/useConnectionStatus';
import { Header } from './Header';
import { StaleBanner } from './StaleBanner';

export function Layout() {
  const { state } = useConnectionStatus();
  return (
    <>
      <Header />
      <StaleBanner />
      {/* Greyed while not live, so old figures are not taken for current ones. */}
      <main className={state === 'live' ? 'main' : 'main main--stale'}>
        <Outlet />
      </main>
    </>
  );
}
