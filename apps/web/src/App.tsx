import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { Layout, type RouteHandle } from './components/Layout';
import { RequireRole } from './components/RequireRole';
import { RequireSession } from './components/RequireSession';
import { RouteError } from './components/RouteError';
import { ApplicationPage } from './pages/ApplicationPage';
import { AuditPage } from './pages/AuditPage';
import { DashboardPage } from './pages/DashboardPage';
import { HistoryPage } from './pages/HistoryPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { TokensPage } from './pages/TokensPage';
import { UsersPage } from './pages/UsersPage';
import { LOGIN_PATH } from './lib/return-path';

const REST_FED: RouteHandle = { live: false };

const router = createBrowserRouter([
  { path: LOGIN_PATH, element: <LoginPage />, errorElement: <RouteError /> },
  {
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    children: [
      {
        // Inside the layout, so the header still tells whether the page is live.
        errorElement: <RouteError />,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'applications/:name', element: <ApplicationPage /> },
          { path: 'history', element: <HistoryPage /> },
          {
            path: 'users',
            handle: REST_FED,
            element: (
              <RequireRole need="admin">
                <UsersPage />
              </RequireRole>
            ),
          },
          {
            path: 'tokens',
            handle: REST_FED,
            element: (
              <RequireRole need="admin">
                <TokensPage />
              </RequireRole>
            ),
          },
          {
            path: 'audit',
            handle: REST_FED,
            element: (
              <RequireRole need="admin">
                <AuditPage />
              </RequireRole>
            ),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
