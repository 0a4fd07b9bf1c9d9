import { memo } from 'react';
import { isRunningLike, type Process, type ProcessOnInstance, type ProcessStats } from '@supfleet/protocol';
import { formatBytes, formatCpu } from '../lib/format-stats';
import { processStateTone } from '../lib/state-tone';
import { ActionButton } from './ActionButton';
import { StateBadge } from './StateBadge';

interface ProcessInstanceRowProps {
  process: Process;
  entry: ProcessOnInstance;
  stats: ProcessStats | undefined;
  actionsUnavailable: string | null;
  /** Start the process on this instance. */
  onStartHere: (namespec: string, instance: string) => void;
  /** End the conflict keeping the process on this instance only. */
  onConciliate: (namespec: string, instance: string) => void;
  rowIndex: number;
}

/** What one instance says of a process defined on several ([+] of its row), with a Conciliate button on a conflict. */
export const ProcessInstanceRow = memo(function ProcessInstanceRow({
  process,
  entry,
  stats,
  actionsUnavailable,
  onStartHere,
  onConciliate,
  rowIndex,
}: ProcessInstanceRowProps) {
  const running = isRunningLike(entry.state);
  const ns = process.namespec;
  const disabled = process.disabledOn?.includes(entry.instance) ?? false;
  return (
    <tr
      className="row--sub"
      data-namespec={ns}
      data-instance={entry.instance}
      data-state={entry.state}
      aria-rowindex={rowIndex}
    >
      <td className="name">
        <span className="sub-name">on {entry.instance}</span>
      </td>
      <td>
        <StateBadge state={entry.state} tone={processStateTone(entry.state, entry.expectedExit)} />
      </td>
      <td className="col-wide">{entry.instance}</td>
      <td className="description col-wide" title={entry.description}>
        {entry.description || '—'}
      </td>
      <td className="col-wide" />
      <td className="num stats col-wide">{stats ? formatCpu(stats.cpu) : '—'}</td>
      <td className="num stats col-wide">{stats ? formatBytes(stats.rss) : '—'}</td>
      <td className="row-actions">
        {process.conflict && running ? (
          <ActionButton
            className="button button--small button--primary"
            aria-label={`Conciliate ${ns}: keep on ${entry.instance}`}
            title={`Stop ${ns} everywhere but on ${entry.instance}`}
            unavailable={actionsUnavailable}
            onClick={() => onConciliate(ns, entry.instance)}
          >
            Conciliate: keep
          </ActionButton>
        ) : (
          <ActionButton
            className="button button--small"
            aria-label={`Start ${ns} on ${entry.instance}`}
            unavailable={
              actionsUnavailable ??
              (running
                ? 'Already running here'
                : disabled
                  ? `Disabled on ${entry.instance}`
                  : isRunningLike(process.state)
                    ? `Running on ${process.runningOn.join(', ')}`
                    : null)
            }
            onClick={() => onStartHere(ns, entry.instance)}
          >
            Start here
          </ActionButton>
        )}
      </td>
    </tr>
  );
});
