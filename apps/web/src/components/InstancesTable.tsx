import type { Instance } from '@supfleet/protocol';
import { useNow } from '../hooks/useNow';
import { formatAgo } from '../lib/format-ago';
import { formatClock } from '../lib/format-clock';
import { instanceStateTone } from '../lib/state-tone';
import { StateBadge } from './StateBadge';

/** The supervisord instances; a SILENT or never reached one reads as dead, not as stale data. */
export function InstancesTable({ instances }: { instances: readonly Instance[] }) {
  const now = useNow(1000);
  return (
    <table className="table" aria-labelledby="instances-heading">
      <thead>
        <tr>
          <th scope="col">Instance</th>
          <th scope="col">Node</th>
          <th scope="col">Address</th>
          <th scope="col">State</th>
          <th scope="col" className="num">
            Loading
          </th>
          <th scope="col">Last answer / error</th>
        </tr>
      </thead>
      <tbody>
        {instances.map((instance) => {
          const dead = instance.state === 'SILENT' || instance.state === 'UNKNOWN';
          return (
            <tr
              key={instance.id}
              data-instance={instance.id}
              data-state={instance.state}
              className={dead ? 'row--dead' : undefined}
            >
              <td className="name">{instance.id}</td>
              <td>{instance.node}</td>
              <td className="mono">
                {instance.host}:{instance.port}
              </td>
              <td>
                <StateBadge state={instance.state} tone={instanceStateTone(instance.state)} />
              </td>
              <td className="num">{dead ? '—' : <LoadingBar value={instance.loading} />}</td>
              <td className={dead ? 'error-text' : 'muted'}>{lastSeen(instance, now)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * The server does not push an instance for a mere new `lastSeen`, so for an answering instance
 * its age would only grow: say it answers (RUNNING means it answered within silent_after). For
 * a silent one, when it last answered and since when it answers nothing.
 */
function lastSeen(instance: Instance, now: number): string {
  const last =
    instance.lastSeen === null
      ? 'never reached'
      : `last answer ${formatClock(instance.lastSeen)} (${formatAgo(now - instance.lastSeen)})`;
  let seen: string;
  if (instance.state === 'RUNNING') seen = 'answering';
  else if (instance.state === 'CHECKING') seen = 'answering, reading its configuration';
  else if (instance.lost) seen = `lost, ${last}`;
  else if (instance.silentSince !== null)
    seen = `not answering since ${formatClock(instance.silentSince)}, ${last}`;
  else seen = last;
  return instance.error && instance.error !== 'not answering' ? `${seen} — ${instance.error}` : seen;
}

function LoadingBar({ value }: { value: number }) {
  return (
    <span className="loading">
      <span className="loading__bar" aria-hidden="true">
        <span
          className={value > 100 ? 'loading__fill loading__fill--over' : 'loading__fill'}
          style={{ width: `${Math.min(100, value)}%` }}
        />
      </span>
      {value}%
    </span>
  );
}
