import { useState } from 'react';
import { Link } from 'react-router-dom';
import { isRunningLike, type InstanceStats, type Process } from '@supfleet/protocol';
import { useApplicationAction } from '../hooks/useApplicationAction';
import { formatBytes, formatCpu } from '../lib/format-stats';
import { processStateTone } from '../lib/state-tone';
import { ActionButton } from './ActionButton';
import { ActionMenu } from './ActionMenu';
import { FullName } from './FullName';
import { RowActions, type RowAction } from './RowActions';
import { StateBadge } from './StateBadge';

interface InstanceProcessGroupProps {
  instance: string;
  application: string;
  managed: boolean;
  processes: readonly Process[];
  stats: InstanceStats | undefined;
  actionsUnavailable: string | null;
  onAction: (namespec: string, action: RowAction) => void;
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
                <RowActions
                  namespec={ns}
                  on={instance}
                  startWhy={startWhy}
                  stopWhy={stopWhy}
                  restartWhy={actionsUnavailable}
                  clearWhy={actionsUnavailable}
                  onAction={onAction}
                  logsOpen={logsOf === ns}
                  logsPanelId={logsPanelId}
                  onLogs={onLogs}
                />
              </td>
            </tr>
          );
        })}
    </tbody>
  );
}
