import { useConnectionStatus } from '../hooks/useConnectionStatus';

/** Says, above everything, that the page is not live and why. */
export function StaleBanner() {
  const { state, reason, dataError } = useConnectionStatus();
  if (dataError) return <div className="banner banner--error">{dataError}</div>;
  switch (state) {
    case 'live':
      return null;
    case 'connecting':
      return <div className="banner">Connecting to the supfleet server…</div>;
    case 'reconnecting':
      return (
        <div className="banner banner--error">
          Not live{reason ? `: ${reason}` : ''}. Reconnecting… What you see may be out of date.
        </div>
      );
    case 'disconnected':
      return (
        <div className="banner banner--error">
          Not live{reason ? `: ${reason}` : ''}. Reload the page to try again.
        </div>
      );
  }
}
