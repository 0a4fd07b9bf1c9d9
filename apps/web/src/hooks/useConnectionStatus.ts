import { useSyncExternalStore } from 'react';
import type { ConnectionStatus } from '../live/fleet-connection';
import { useFleetConnection } from './useFleetConnection';

/** Whether the page is live, re-rendering when that changes. */
export function useConnectionStatus(): ConnectionStatus {
  const connection = useFleetConnection();
  return useSyncExternalStore(connection.subscribe, connection.getStatus);
}
