import { isRunningLike, type Process } from '@supfleet/protocol';
import type { ProcessAction } from '../api/post-action';
import { processStateTone } from '../lib/state-tone';
import { formatClock } from '../lib/format-clock';
import { ProcessDescription } from './ProcessDescription';
import { StateBadge } from './StateBadge';

interface ProcessRowProps {
  process: Process;
  /** False for unmanaged applications and while a job runs on the application. */
  actionsEnabled: boolean;
  onAction: (namespec: string, action: ProcessAction) => void;
  /** Whether this process's log panel is open, and the panel's id. */
  logsOpen: boolean;
  logsPanelId: string;
  onLogs: (namespec: string) => void;
}

export function ProcessRow({
  process,
  actionsEnabled,
  onAction,
  logsOpen,
  logsPanelId,
  onLogs,
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
      data-stale={stale ? 'true' : undefined}
      className={
        [process.conflict ? 'row--conflict' : '', stale ? 'row--stale' : ''].join(' ').trim() || undefined
      }
    >
      <td className="name">{process.name}</td>
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
      </td>
      <td className="description">
        <ProcessDescription process={process} />
      </td>
      <td className="num">{process.rules.expectedLoading}%</td>
      <td className="row-actions">
        <button
          type="button"
          className="button button--small"
          aria-label={`Start ${process.namespec}`}
          disabled={!actionsEnabled || running || process.state === 'STOPPING'}
          onClick={() => onAction(process.namespec, 'start')}
        >
          Start
        </button>
        <button
          type="button"
          className="button button--small"
          aria-label={`Stop ${process.namespec}`}
          disabled={!actionsEnabled || !running}
          onClick={() => onAction(process.namespec, 'stop')}
        >
          Stop
        </button>
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
}
