import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { io } from 'socket.io-client';
import { App } from './App';
import { bindFleetSocket, type FleetSocket } from './live/bind-fleet-socket';
import { FleetConnection } from './live/fleet-connection';
import { FleetConnectionContext } from './live/fleet-connection-context';
import { configureFleetQuery } from './live/fleet-query';
import { historyFeed } from './live/history-feed';
import './styles.css';

const queryClient = new QueryClient();
configureFleetQuery(queryClient);

// One socket for the whole page, on the page's own origin (the server serves both).
const socket: FleetSocket = io({ autoConnect: false });
const connection = new FleetConnection(queryClient, () => socket.emit('snapshot:request'));
bindFleetSocket(socket, connection);
socket.on('history:entry', (entry: unknown) => historyFeed.push(entry));
socket.connect();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <FleetConnectionContext value={connection}>
        <App />
      </FleetConnectionContext>
    </QueryClientProvider>
  </StrictMode>,
);
