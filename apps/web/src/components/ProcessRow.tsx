import { memo } from 'react';
import { Link } from 'react-router-dom';
import { isRunningLike, type Process, type ProcessStats } from '@supfleet/protocol';
import { formatBytes, formatCpu } from '../lib/format-stats';
import { processStateTone } from '../lib/state-tone';
import { DisabledMark } from './DisabledMark';
import { formatClock } from '../lib/format-clock';
import { FullName } from './FullName';
import { ProcessDescription } from './ProcessDescription';
import { RowActions, type RowAction } from './RowActions';
import { StateBadge } from './StateBadge';

export type { RowAction };

interface ProcessRowProps {
  process: Process;
  /** Why the actions are disabled (unmanaged application, a job runs), null when they are not. */
  actionsUnavailable: string | null;
  onAction: (namespec: string, action: RowAction) => void;
  /** Whether this process's log panel is open, and the panel's id. */
  logsOpen: boolean;
  logsPanelId: string;
  onLogs: (namespec: string) => void;
  /** The last CPU and memory sample of the process, undefined when none came. */
  stats: ProcessStats | undefined;
  /** Whether a node agent reports for the instance the process is placed on. */
  agent: boolean;
  /** Whether this process's charts are open, and the charts panel's id. */
  chartsOpen: boolean;
  chartsPanelId: string;
  onCharts: (namespec: string) => void;
  /** Its per-instance rows are shown (only for a process defined on several instances). */
  expanded: boolean;
  onExpand: (namespec: string) => void;
  /** The link that opens the process view (the page's URL with ?process=). */
  viewHref: string;
  /** Position in the whole table (header row 1), for assistive technologies: rows are virtual. */
  rowIndex: number;
}

/** One process: memoised, so a change set re-renders only the rows whose process or sample changed. */
export const ProcessRow = memo(function ProcessRow({
  process,
  actionsUnavailable,
  onAction,
  logsOpen,
  logsPanelId,
  onLogs,
  stats,
  agent,
  chartsOpen,
  chartsPanelId,
  onCharts,
  expanded,
  onExpand,
  viewHref,
  rowIndex,
}: ProcessRowProps) {
  const running = isRunningLike(process.state);
  // The entry the synthetic state comes from is a last known state when its instance answers nothing.
  const staleSince = process.instances.find((entry) => entry.instance === process.instance)?.staleSince;
  const stale = staleSince !== undefined;
  const instances = process.runningOn.length > 0 ? process.runningOn.join(', ') : (process.instance ?? '—');
  const ns = process.namespec;
  const startWhy =
    actionsUnavailable ??
    (running ? 'Already running' : process.state === 'STOPPING' ? 'Still stopping' : null);
  const stopWhy = actionsUnavailable ?? (running ? null : 'Not running');
  const restartWhy = actionsUnavailable ?? (process.state === 'STOPPING' ? 'Still stopping' : null);
  const several = process.definedOn.length > 1;
  return (
    <tr
      data-namespec={ns}
      data-state={process.state}
      aria-rowindex={rowIndex}
      data-stale={stale ? 'true' : undefined}
      className={
        [process.conflict ? 'row--conflict' : '', stale ? 'row--stale' : ''].join(' ').trim() || undefined
      }
    >
      <td className="name">
        <span className="name-cell">
          {several ? (
            <button
              type="button"
              className="expand-button"
              aria-expanded={expanded}
              aria-label={`Instances of ${ns}`}
              title={`${expanded ? 'Hide' : 'Show'} its state on each of ${process.definedOn.join(', ')}`}
              onClick={() => onExpand(ns)}
            >
              {expanded ? '−' : '+'}
            </button>
          ) : (
            <span className="expand-button expand-button--none" aria-hidden="true" />
          )}
          <FullName text={process.name}>
            <Link to={viewHref} aria-label={`Details ${ns}`}>
              {process.name}
            </Link>
          </FullName>
        </span>
      </td>
      <td>
        <StateBadge state={process.state} tone={processStateTone(process.state, process.expectedExit)} />
        {stale && (
          <span className="marker marker--stale" title="Last known state: its instance answers nothing">
            no answer since {formatClock(staleSince)}
          </span>
        )}
      </td>
      <td className="col-wide" title={`Defined on ${process.definedOn.join(', ') || 'no instance'}`}>
        {instances}
        {process.conflict && (
          <span className="marker marker--conflict" title="Running on several instances at once">
            conflict
          </span>
        )}
        <DisabledMark process={process} />
      </td>
      <td className="description col-wide">
        <ProcessDescription process={process} />
      </td>
      <td className="num col-wide">{process.rules.expectedLoading}%</td>
      {!agent && process.instance !== null ? (
        <td
          colSpan={2}
          className="stats stats--none col-wide"
          title={`No node agent reports for ${process.instance}`}
        >
          no agent
        </td>
      ) : (
        <>
          <td className="num stats col-wide">
            {stats ? (
              <>
                {formatCpu(stats.cpu)}{' '}
                <button
                  type="button"
                  className="link-button chart-button"
                  aria-label={`Charts ${ns}`}
                  title={`CPU and memory charts of ${ns}`}
                  aria-expanded={chartsOpen}
                  aria-controls={chartsOpen ? chartsPanelId : undefined}
                  onClick={() => onCharts(ns)}
                >
                  <span aria-hidden="true">▤</span>
                </button>
              </>
            ) : (
              '—'
            )}
          </td>
          <td className="num stats col-wide">{stats ? formatBytes(stats.rss) : '—'}</td>
        </>
      )}
      <td className="row-actions">
        <RowActions
          namespec={ns}
          startWhy={startWhy}
          stopWhy={stopWhy}
          restartWhy={restartWhy}
          clearWhy={null}
          onAction={onAction}
          logsOpen={logsOpen}
          logsPanelId={logsPanelId}
          onLogs={onLogs}
        />
      </td>
    </tr>
  );
});
