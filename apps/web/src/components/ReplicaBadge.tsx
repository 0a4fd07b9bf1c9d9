import type { FleetState } from '../live/fleet-state';
import { useFleetSelect } from '../hooks/useFleetSelect';

const selectService = (fleet: FleetState) => fleet.service;

/**
 * Which replica serves this page, and which one leads (✪, as Supvisors marks its master): only
 * the leader acts; a follower's page reads live all the same.
 */
export function ReplicaBadge() {
  const { data: service } = useFleetSelect(selectService);
  if (!service) return null;
  const { replica, leader, leaderName } = service;
  const title = leader
    ? `${replica} serves this page and leads: it runs the actions`
    : `${replica} serves this page; ${leaderName ?? 'no replica'} leads and runs the actions`;
  return (
    <span className="replica" title={title} data-leader={leader}>
      {leader ? (
        <>
          <span aria-hidden="true">✪</span> {replica}
          <span className="visually-hidden"> (serves this page and leads)</span>
        </>
      ) : (
        <>
          {replica}
          <span className="visually-hidden"> serves this page;</span> · <span aria-hidden="true">✪</span>{' '}
          {leaderName ?? 'no leader'}
          <span className="visually-hidden"> leads</span>
        </>
      )}
    </span>
  );
}
