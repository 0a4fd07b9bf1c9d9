import { useContext } from 'react';
import type { FleetConnection } from '../live/fleet-connection';
import { FleetConnectionContext } from '../live/fleet-connection-context';

export function useFleetConnection(): FleetConnection {
  const connection = useContext(FleetConnectionContext);
  if (!connection) throw new Error('useFleetConnection needs a FleetConnectionContext above it');
  return connection;
}
