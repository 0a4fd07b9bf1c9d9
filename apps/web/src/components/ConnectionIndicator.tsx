import { useConnectionStatus } from '../hooks/useConnectionStatus';
import type { ConnectionState } from '../live/fleet-connection';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  disconnected: 'Disconnected',
};

/** Tells at a glance whether what the page shows is live. */
export function ConnectionIndicator() {
  const { state, reason } = useConnectionStatus();
  return (
    <span
      className={`connection connection--${state}`}
      role="status"
      aria-label="Connection"
      data-connection={state}
      title={reason ?? undefined}
    >
      <span className="connection__dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
