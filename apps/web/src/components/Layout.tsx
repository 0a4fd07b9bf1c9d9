import { Outlet, useMatches } from 'react-router-dom';
import { useConnectionStatus } from '../hooks/useConnectionStatus';
import { Header } from './Header';
import { StaleBanner } from './StaleBanner';

/** What a route may say about itself (its `handle`). */
export interface RouteHandle {
  /** False for pages fed by REST requests (the admin pages): not greyed when the stream is down. */
  live?: boolean;
}

export function Layout() {
  const { state } = useConnectionStatus();
  const live = !useMatches().some((match) => (match.handle as RouteHandle | undefined)?.live === false);
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
