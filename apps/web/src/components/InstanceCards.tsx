import { useId } from 'react';
import { Link } from 'react-router-dom';
import { isRunningLike, type Instance, type Process } from '@supfleet/protocol';
import { useNow } from '../hooks/useNow';
import { formatAgo } from '../lib/format-ago';
import { formatClock } from '../lib/format-clock';
import { instanceStateTone, processStateTone } from '../lib/state-tone';
import { StateBadge } from './StateBadge';
import './instance-cards.css';

/**
 * One card per instance, as Supvisors' main page: its state, its load, and the processes each
 * application runs there, conflicts marked. A SILENT or never reached one reads as dead.
 */
export function InstanceCards({
  instances,
  processes,
}: {
  instances: readonly Instance[];
  processes: readonly Process[];
}) {
  const now = useNow(1000);
  const runningOn = new Map<string, Map<string, Process[]>>();
  for (const process of processes) {
    for (const id of process.runningOn) {
      const byApplication = runningOn.get(id) ?? new Map<string, Process[]>();
      const list = byApplication.get(process.application) ?? [];
      list.push(process);
      byApplication.set(process.application, list);
      runningOn.set(id, byApplication);
    }
  }
  return (
    <ul className="cards">
      {instances.map((instance) => (
        <li key={instance.id}>
          <InstanceCard instance={instance} running={runningOn.get(instance.id)} now={now} />
        </li>
      ))}
    </ul>
  );
}

function InstanceCard({
  instance,
  running,
  now,
}: {
  instance: Instance;
  running: Map<string, Process[]> | undefined;
  now: number;
}) {
  const titleId = useId();
  const dead = instance.state === 'SILENT' || instance.state === 'UNKNOWN';
  const applications = [...(running?.entries() ?? [])].sort(([a], [b]) => a.localeCompare(b));
  return (
    <article
      className={dead ? 'card card--dead' : 'card'}
      aria-labelledby={titleId}
      data-instance={instance.id}
      data-state={instance.state}
    >
      <div className="card__head">
        <h3 id={titleId} className="card__title">
          <Link to={`/instances/${encodeURIComponent(instance.id)}`}>{instance.id}</Link>
        </h3>
        <StateBadge state={instance.state} tone={instanceStateTone(instance.state)} />
      </div>
      <p className="card__meta muted">
        {instance.node} ·{' '}
        <span className="mono">
          {instance.host}:{instance.port}
        </span>
        {instance.agent ? ' · agent' : ''}
      </p>
      <p className="card__meta">{dead ? '—' : <LoadingBar value={instance.loading} />}</p>
      <p className={dead ? 'card__seen error-text' : 'card__seen muted'}>{lastSeen(instance, now)}</p>
      {applications.length === 0 ? (
        <p className="muted card__none">{dead ? 'Nothing known to run here.' : 'No process runs here.'}</p>
      ) : (
        <ul className="card__applications">
          {applications.map(([application, list]) => (
            <li key={application}>
              <Link className="card__application" to={`/applications/${encodeURIComponent(application)}`}>
                {application}
              </Link>
              <ul className="card__processes" aria-label={`${application} on ${instance.id}`}>
                {list.map((process) => {
                  const entry = process.instances.find((e) => e.instance === instance.id);
                  const state = entry?.state ?? process.state;
                  return (
                    <li
                      key={process.namespec}
                      className={process.conflict ? 'chip chip--conflict' : 'chip'}
                      data-namespec={process.namespec}
                      title={`${process.namespec}: ${state}${process.conflict ? `, conflict: also on ${process.runningOn.filter((id) => id !== instance.id).join(', ')}` : ''}`}
                    >
                      <span className="chip__name">{process.name}</span>
                      <span className={`chip__state state--${processStateTone(state, false)}`}>
                        {isRunningLike(state) && state !== 'RUNNING' ? state : ''}
                      </span>
                      {process.conflict && <span className="marker marker--conflict">conflict</span>}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </article>
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
      <span className="muted">loading</span>
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
