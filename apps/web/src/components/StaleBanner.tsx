import { useConnectionStatus } from '../hooks/useConnectionStatus';
import { useFleetSelect } from '../hooks/useFleetSelect';
import { formatClock } from '../lib/format-clock';
import type { FleetState } from '../live/fleet-state';
import './stale-banner.css';

/** Says, above everything, that the page is not live and why, and that the service refused its files. */
export function StaleBanner() {
  return (
    <>
      <ConnectionBanner />
      <ReloadBanner />
    </>
  );
}

function ConnectionBanner() {
  const { state, reason, dataError, dataAsOf } = useConnectionStatus();
  if (dataError) return <div className="banner banner--error">{dataError}</div>;
  const asOf = dataAsOf === null ? '' : ` data as of ${formatClock(dataAsOf)}.`;
  switch (state) {
    case 'live':
      return null;
    case 'connecting':
      return <div className="banner">Connecting to the supfleet server…</div>;
    case 'reconnecting':
      return (
        <div className="banner banner--error" role="alert">
          Not live{reason ? `: ${reason}` : ''}. Reconnecting…{asOf || ' What you see may be out of date.'}
        </div>
      );
    case 'disconnected':
      return (
        <div className="banner banner--error" role="alert">
          Not live{reason ? `: ${reason}` : ''}.{asOf} Reload the page to try again.
        </div>
      );
  }
}

const selectService = (fleet: FleetState) => fleet.service;

/** Until a reload succeeds, the errors of the last one, and the settings waiting for a restart. */
function ReloadBanner() {
  const { data: service } = useFleetSelect(selectService);
  if (!service) return null;
  const { reload, needsRestart } = service;
  return (
    <>
      {!reload.ok && (
        <div className="banner banner--error" role="alert" aria-label="Reload refused">
          The last reload{reload.at === null ? '' : ` (${formatClock(reload.at)})`} was refused; the rules
          before it stay in force until the files are fixed:
          <ul className="banner__list">
            {reload.errors.map((error) => (
              <li key={error} className="mono">
                {error}
              </li>
            ))}
          </ul>
        </div>
      )}
      {needsRestart.length > 0 && (
        <div className="banner">
          Changed in the config file, applied after a restart of the service: {needsRestart.join(', ')}.
        </div>
      )}
    </>
  );
}
