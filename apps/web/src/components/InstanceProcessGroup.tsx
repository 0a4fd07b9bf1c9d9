import { useState } from 'react';
import { Link } from 'react-router-dom';
import { isRunningLike, type InstanceStats, type Process } from '@supfleet/protocol';
import { useApplicationAction } from '../hooks/useApplicationAction';
import { formatBytes, formatCpu } from '../lib/format-stats';
import { processStateTone } from '../lib/state-tone';
import { ActionButton } from './ActionButton';
import { ActionMenu } from './ActionMenu';
import { FullName } from './FullName';
import { StateBadge } from './StateBadge';

type InstanceRowAction = 'start' | 'stop' | 'restart' | 'clear-logs';

interface InstanceProcessGroupProps {
  instance: string;
  application: string;
  managed: boolean;
  processes: readonly Process[];
  stats: InstanceStats | undefined;
  actionsUnavailable: string | null;
  onAction: (namespec: string, action: InstanceRowAction) => void;
  logsOf: string | null;
  logsPanelId: string;
  onLogs: (namespec: string) => void;
}

/** The processes of one application on one instance: a group that folds, with its totals and the application's buttons. */
export function InstanceProcessGroup({
  instance,
  application,
  managed,
  processes,
  stats,
  actionsUnavailable,
  onAction,
  logsOf,
  logsPanelId,
  onLogs,
}: InstanceProcessGroupProps) {
  const [open, setOpen] = useState(true);
  const applicationAction = useApplicationAction(application);
  const here = processes.map((process) => ({
    process,
    entry: process.instances.find((e) => e.instance === instance),
    sample: stats?.processes[process.namespec],
  }));
  const running = here.filter(({ entry }) => entry && isRunningLike(entry.state)).length;
  const cpu = here.reduce((sum, { sample }) => sum + (sample?.cpu ?? 0), 0);
  const rss = here.reduce((sum, { sample }) => sum + (sample?.rss ?? 0), 0);
  const groupUnavailable = !managed
    ? 'Unmanaged application: supfleet never orchestrates it'
    : applicationAction.isPending
      ? 'An action is being sent'
      : actionsUnavailable;
  return (
    <tbody data-application={application}>
      <tr className="row--group">
        <th scope="rowgroup" className="name">
          <span className="name-cell">
            <button
              type="button"
              className="expand-button"
              aria-expanded={open}
              aria-label={`Group ${application}`}
              onClick={() => setOpen((o) => !o)}
            >
              {open ? '−' : '+'}
            </button>
            <FullName text={application}>
              <Link to={`/applications/${encodeURIComponent(application)}`}>{application}</Link>
            </FullName>
          </span>
        </th>
        <td className="muted">
          {running} / {processes.length} running
        </td>
        <td className="col-wide muted">{managed ? '' : 'unmanaged'}</td>
        <td className="num col-wide">{stats ? formatCpu(cpu) : '—'}</td>
        <td className="num col-wide">{stats ? formatBytes(rss) : '—'}</td>
        <td className="row-actions">
          <span className="row-actions__buttons">
            {(['start', 'stop', 'restart'] as const).map((action) => (
              <ActionButton
                key={action}
                className="button button--small"
                aria-label={`${action[0]!.toUpperCase()}${action.slice(1)} application ${application}`}
                unavailable={groupUnavailable}
                onClick={() => applicationAction.mutate({ action })}
              >
                {action[0]!.toUpperCase() + action.slice(1)}
              </ActionButton>
            ))}
          </span>
          <ActionMenu
            label={`Actions application ${application}`}
            actions={(['start', 'stop', 'restart'] as const).map((action) => ({
              key: action,
              text: `${action[0]!.toUpperCase()}${action.slice(1)} ${application}`,
              unavailable: groupUnavailable,
              run: () => applicationAction.mutate({ action }),
            }))}
          />
        </td>
      </tr>
      {open &&
        here.map(({ process, entry, sample }) => {
          const state = entry?.state ?? 'UNKNOWN';
          const up = isRunningLike(state);
          const ns = process.namespec;
          const startWhy =
            actionsUnavailable ??
            (up
              ? 'Already running here'
              : isRunningLike(process.state)
                ? `Running on ${process.runningOn.join(', ')}`
                : null);
          const stopWhy = actionsUnavailable ?? (up ? null : 'Not running here');
          return (
            <tr
              key={ns}
              data-namespec={ns}
              data-state={state}
              className={process.conflict ? 'row--conflict' : undefined}
            >
              <td className="name">
                <span className="sub-name-instance">
                  <FullName text={process.name} />
                </span>
                {process.conflict && <span className="marker marker--conflict">conflict</span>}
              </td>
              <td>
                <StateBadge state={state} tone={processStateTone(state, entry?.expectedExit ?? false)} />
              </td>
              <td className="description col-wide" title={entry?.description}>
                {entry?.description || '—'}
              </td>
              <td className="num col-wide">{sample ? formatCpu(sample.cpu) : '—'}</td>
              <td className="num col-wide">{sample ? formatBytes(sample.rss) : '—'}</td>
              <td className="row-actions">
                <span className="row-actions__buttons">
                  <ActionButton
                    className="button button--small"
                    aria-label={`Start ${ns} on ${instance}`}
                    unavailable={startWhy}
                    onClick={() => onAction(ns, 'start')}
                  >
                    Start
                  </ActionButton>
                  <ActionButton
                    className="button button--small"
                    aria-label={`Stop ${ns}`}
                    unavailable={stopWhy}
                    onClick={() => onAction(ns, 'stop')}
                  >
                    Stop
                  </ActionButton>
                  <ActionButton
                    className="button button--small"
                    aria-label={`Restart ${ns}`}
                    unavailable={actionsUnavailable}
                    onClick={() => onAction(ns, 'restart')}
                  >
                    Restart
                  </ActionButton>
                  <ActionButton
                    className="button button--small"
                    aria-label={`Clear log ${ns} on ${instance}`}
                    unavailable={actionsUnavailable}
                    onClick={() => onAction(ns, 'clear-logs')}
                  >
                    Clear log
                  </ActionButton>
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Logs ${ns}`}
                    aria-expanded={logsOf === ns}
                    aria-controls={logsOf === ns ? logsPanelId : undefined}
                    onClick={() => onLogs(ns)}
                  >
                    Logs
                  </button>
                </span>
                <ActionMenu
                  label={`Actions ${ns}`}
                  actions={[
                    {
                      key: 'start',
                      text: 'Start here',
                      unavailable: startWhy,
                      run: () => onAction(ns, 'start'),
                    },
                    { key: 'stop', text: 'Stop', unavailable: stopWhy, run: () => onAction(ns, 'stop') },
                    {
                      key: 'restart',
                      text: 'Restart',
                      unavailable: actionsUnavailable,
                      run: () => onAction(ns, 'restart'),
                    },
                    {
                      key: 'clear',
                      text: 'Clear log',
                      unavailable: actionsUnavailable,
                      run: () => onAction(ns, 'clear-logs'),
                    },
                    { key: 'logs', text: 'Logs', unavailable: null, need: 'viewer', run: () => onLogs(ns) },
                  ]}
                />
              </td>
            </tr>
          );
        })}
    </tbody>
  );
}
