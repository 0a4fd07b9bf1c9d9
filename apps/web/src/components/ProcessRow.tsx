import { memo } from 'react';
import { isRunningLike, type Process, type ProcessStats } from '@supfleet/protocol';
import type { ProcessAction } from '../api/post-action';
import { formatBytes, formatCpu } from '../lib/format-stats';
import { processStateTone } from '../lib/state-tone';
import { DisabledMark } from './DisabledMark';
import { formatClock } from '../lib/format-clock';
import { ActionButton } from './ActionButton';
import { ProcessDescription } from './ProcessDescription';
import { StateBadge } from './StateBadge';

interface ProcessRowProps {
  process: Process;
  /** Why the actions are disabled (unmanaged application, a job runs), null when they are not. */
  actionsUnavailable: string | null;
  onAction: (namespec: string, action: ProcessAction) => void;
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
  rowIndex,
}: ProcessRowProps) {
  const running = isRunningLike(process.state);
  // The entry the synthetic state comes from is a last known state when its instance answers nothing.
  const staleSince = process.instances.find((entry) => entry.instance === process.instance)?.staleSince;
  const stale = staleSince !== undefined;
  const instances = process.runningOn.length > 0 ? process.runningOn.join(', ') : (process.instance ?? '—');
  return (
    <tr
      data-namespec={process.namespec}
      data-state={process.state}
      aria-rowindex={rowIndex}
      data-stale={stale ? 'true' : undefined}
      className={
        [process.conflict ? 'row--conflict' : '', stale ? 'row--stale' : ''].join(' ').trim() || undefined
      }
    >
      <td className="name" title={process.name}>
        {process.name}
      </td>
      <td>
        <StateBadge state={process.state} tone={processStateTone(process.state, process.expectedExit)} />
        {stale && (
          <span className="marker marker--stale" title="Last known state: its instance answers nothing">
            no answer since {formatClock(staleSince)}
          </span>
        )}
      </td>
      <td title={`Defined on ${process.definedOn.join(', ') || 'no instance'}`}>
        {instances}
        {process.conflict && (
          <span className="marker marker--conflict" title="Running on several instances at once">
            conflict
          </span>
        )}
        <DisabledMark process={process} />
      </td>
      <td className="description">
        <ProcessDescription process={process} />
      </td>
      <td className="num">{process.rules.expectedLoading}%</td>
      {!agent && process.instance !== null ? (
        <td colSpan={2} className="stats stats--none" title={`No node agent reports for ${process.instance}`}>
          no agent
        </td>
      ) : (
        <>
          <td className="num stats">
            {stats ? (
              <button
                type="button"
                className="link-button"
                aria-label={`Charts ${process.namespec}`}
                title={`CPU and memory charts of ${process.namespec}`}
                aria-expanded={chartsOpen}
                aria-controls={chartsOpen ? chartsPanelId : undefined}
                onClick={() => onCharts(process.namespec)}
              >
                {formatCpu(stats.cpu)}
              </button>
            ) : (
              '—'
            )}
          </td>
          <td className="num stats">{stats ? formatBytes(stats.rss) : '—'}</td>
        </>
      )}
      <td className="row-actions">
        <ActionButton
          className="button button--small"
          aria-label={`Start ${process.namespec}`}
          unavailable={
            actionsUnavailable ??
            (running ? 'Already running' : process.state === 'STOPPING' ? 'Still stopping' : null)
          }
          onClick={() => onAction(process.namespec, 'start')}
        >
          Start
        </ActionButton>
        <ActionButton
          className="button button--small"
          aria-label={`Stop ${process.namespec}`}
          unavailable={actionsUnavailable ?? (running ? null : 'Not running')}
          onClick={() => onAction(process.namespec, 'stop')}
        >
          Stop
        </ActionButton>
        <button
          type="button"
          className="button button--small"
          aria-label={`Logs ${process.namespec}`}
          aria-expanded={logsOpen}
          aria-controls={logsOpen ? logsPanelId : undefined}
          onClick={() => onLogs(process.namespec)}
        >
          Logs
        </button>
      </td>
    </tr>
  );
});
