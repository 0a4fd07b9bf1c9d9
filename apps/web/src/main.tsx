import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { io } from 'socket.io-client';
import { BATCHED_DELTAS_QUERY } from '@supfleet/protocol';
import { App } from './App';
import { createPageQueryClient, recheckSession } from './api/session-query';
import { bindFleetSocket, type FleetSocket } from './live/bind-fleet-socket';
import { FleetConnection } from './live/fleet-connection';
import { FleetConnectionContext } from './live/fleet-connection-context';
import { configureFleetQuery } from './live/fleet-query';
import { historyFeed } from './live/history-feed';
import { LiveLinkContext, type LiveLink } from './live/live-link-context';
import { applyTheme, effectiveTheme, readThemeChoice, systemPrefersDark } from './lib/theme';
import './styles/base.css';
import './styles/table.css';
import './styles/state.css';
import './styles/controls.css';
import './styles/forms.css';
import './styles/page-head.css';

// Before the first paint, so a dark page never flashes light.
applyTheme(effectiveTheme(readThemeChoice(), systemPrefersDark()));

const queryClient = createPageQueryClient();
configureFleetQuery(queryClient);

// One socket for the whole page, on the page's own origin (the server serves both), opened once
// someone is logged in: the session cookie authenticates it. A failed connection may mean the
// session ended, so the page asks who it is again and shows the login if nobody.
// Deltas come in batches: a burst of hundreds of changes is a few messages (docs/events.md).
// WebSocket first: one TCP connection, so behind a load balancer over several replicas the link
// stays on one replica with no stickiness (long-polling is a series of requests that must all
// reach the replica holding the session); polling only where a proxy refuses the upgrade.
const socket: FleetSocket = io({
  autoConnect: false,
  query: BATCHED_DELTAS_QUERY,
  transports: ['websocket', 'polling'],
  tryAllTransports: true,
});
const connection = new FleetConnection(queryClient, () => socket.emit('snapshot:request'));
bindFleetSocket(socket, connection, () => recheckSession(queryClient));
socket.on('history:entry', (entry: unknown) => historyFeed.push(entry));
const link: LiveLink = {
  open: () => {
    if (!socket.connected && !socket.active) socket.connect();
  },
  close: () => {
    socket.disconnect();
  },
};

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <FleetConnectionContext value={connection}>
        <LiveLinkContext value={link}>
          <App />
        </LiveLinkContext>
      </FleetConnectionContext>
    </QueryClientProvider>
  </StrictMode>,
);
