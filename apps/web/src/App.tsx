import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router-dom';
import { Layout } from './components/Layout';
import { RouteError } from './components/RouteError';
import { Waiting } from './components/Waiting';
import { DashboardPage } from './pages/DashboardPage';
import { NotFoundPage } from './pages/NotFoundPage';

// Its own chunk (the virtual table, the process views): loaded with the page, not before.
const ApplicationPage = lazy(async () => ({
  default: (await import('./pages/ApplicationPage')).ApplicationPage,
}));

// Declarative routes: the page loads nothing, so the data router (loaders, actions, fetchers)
// would be 16 KB gzip of initial JS for nothing.
export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route path="*" element={<GuardedPages />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}

function GuardedPages() {
  // Keyed by path: leaving a page that failed renders the next one afresh.
  const { pathname } = useLocation();
  return (
    // Inside the layout, so the header still tells whether the page is live.
    <RouteError key={pathname}>
      <Suspense fallback={<Waiting />}>
        <Routes>
          <Route index element={<DashboardPage />} />
          <Route path="applications/:name" element={<ApplicationPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </RouteError>
  );
}
