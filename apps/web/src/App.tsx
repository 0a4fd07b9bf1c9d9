import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router-dom';
import { Layout } from './components/Layout';
import { RequireRole } from './components/RequireRole';
import { RequireSession } from './components/RequireSession';
import { RouteError } from './components/RouteError';
import { Waiting } from './components/Waiting';
import { DashboardPage } from './pages/DashboardPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { LOGIN_PATH } from './lib/return-path';

// Pages in chunks of their own, loaded when visited: the Application page (the virtual table),
// and the admin pages few users open. The initial JS stays under its budget (vite.config.ts).
const ApplicationPage = lazy(async () => ({
  default: (await import('./pages/ApplicationPage')).ApplicationPage,
}));
const InstancePage = lazy(async () => ({
  default: (await import('./pages/InstancePage')).InstancePage,
}));
const UsersPage = lazy(async () => ({ default: (await import('./pages/UsersPage')).UsersPage }));
const TokensPage = lazy(async () => ({ default: (await import('./pages/TokensPage')).TokensPage }));
const AuditPage = lazy(async () => ({ default: (await import('./pages/AuditPage')).AuditPage }));
const HistoryPage = lazy(async () => ({ default: (await import('./pages/HistoryPage')).HistoryPage }));

// Declarative routes: the page loads nothing through the router, so the data router (loaders,
// actions, fetchers) would be 16 KB gzip of initial JS for nothing.
export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route
          path={LOGIN_PATH}
          element={
            <Guarded>
              <LoginPage />
            </Guarded>
          }
        />
        <Route
          element={
            <RequireSession>
              <Layout />
            </RequireSession>
          }
        >
          <Route index element={<Guarded>{<DashboardPage />}</Guarded>} />
          <Route path="applications/:name" element={<Guarded>{<ApplicationPage />}</Guarded>} />
          <Route path="instances/:name" element={<Guarded>{<InstancePage />}</Guarded>} />
          <Route path="history" element={<Guarded>{<HistoryPage />}</Guarded>} />
          <Route path="*" element={<Guarded>{<NotFoundPage />}</Guarded>} />
        </Route>
        {/* Pages fed by REST requests: not greyed when the live stream is down. */}
        <Route
          element={
            <RequireSession>
              <Layout live={false} />
            </RequireSession>
          }
        >
          <Route path="users" element={<Admin page={<UsersPage />} />} />
          <Route path="tokens" element={<Admin page={<TokensPage />} />} />
          <Route path="audit" element={<Admin page={<AuditPage />} />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}

/** A page that fails says so (inside the layout, so the header still tells whether the page is live). */
function Guarded({ children }: { children: ReactNode }) {
  // Keyed by path: leaving a page that failed renders the next one afresh.
  const { pathname } = useLocation();
  return (
    <RouteError key={pathname}>
      <Suspense fallback={<Waiting />}>{children}</Suspense>
    </RouteError>
  );
}

function Admin({ page }: { page: ReactNode }) {
  return (
    <Guarded>
      <RequireRole need="admin">{page}</RequireRole>
    </Guarded>
  );
}
